"""One page as the report shows it: its ledger row, its findings by kind, its readability.

Findings an accepted exception covers are not on the page (the caller took them out);
template faults are still counted on every page they are on (``template_count`` says how
many of its WCAG violations they are).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from audits.model import (
    IMPACTS,
    FindingKind,
    Outcome,
    PageResult,
    PageStatus,
    Reason,
    Source,
    kind_of,
    known_impact,
)
from reports.evidence import PageLinks
from reports.i18n import SWEDISH, Translator
from reports.labels import BAND_LABELS_SV, FOUND_BY_LABELS_SV, TEXT_VIEW_LABELS_SV, label
from reports.prepare import Marker
from reports.runsettings import Targets
from reports.sections import policy, readability, thirdparty
from reports.sections.accessibility import Evidencer, page_groups, score
from reports.viewmodel.pages import FlagRule, PageView, PolicyRuleView, RuleView
from reports.viewmodel.parts import make_link

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_html(page: PageResult) -> bool:
    return page.content_type.split(";")[0].strip().lower() in _HTML_TYPES


def is_document(page: PageResult) -> bool:
    """Not an HTML page: a row skipped as "not HTML", or one with another content type."""
    return page.reason == Reason.NOT_HTML or (bool(page.content_type) and not is_html(page))


def page_view(
    page: PageResult,
    anchor: str,
    by_id: Mapping[tuple[str, Outcome], RuleView],
    flags_by_id: Mapping[str, FlagRule],
    policy_rules: Mapping[str, PolicyRuleView],
    targets: Targets,
    evidence: Evidencer,
    marker: Marker,
    links: PageLinks | None = None,
    words: Translator = SWEDISH,
) -> PageView:
    """The page's view; ``score`` ranks it among the worst (``accessibility.score``)."""
    kinds = [(f, kind_of(f)) for f in page.findings if f.source is Source.AXE]
    wcag = Counter(known_impact(f.impact) for f, kind in kinds if kind is FindingKind.WCAG)
    band = readability.band_code(page)
    final = page.final_url if page.final_url and page.final_url != page.url else None
    place = targets.place(page.url)
    flags = readability.page_flags(page, anchor, flags_by_id)
    facts = page.facts
    r = page.readability
    return PageView(
        anchor=anchor,
        url=make_link(page.url),
        final_url=make_link(final) if final else None,
        audited=page.status is PageStatus.AUDITED,
        document=is_document(page),
        title=page.title,
        http_status=page.http_status,
        content_type=page.content_type,
        lang=page.lang,
        section=place.section,
        owner=place.owner_name,
        owner_contact=place.owner.contact if place.owner else "",
        lix=r.lix if r else None,
        band=band,
        band_label=(label(BAND_LABELS_SV.get(band, ""), words) or band) if band else None,
        words=r.words if r else None,
        target=readability.target_of(r, place.audience, words),
        metrics=readability.metrics_of(r, words),
        score=score(wcag),
        wcag_count=wcag.total(),
        template_count=sum(kind is FindingKind.WCAG and marker.template_key(f) is not None
                           for f, kind in kinds),
        best_practice_count=sum(kind is FindingKind.BEST_PRACTICE for _, kind in kinds),
        review_count=sum(kind is FindingKind.NEEDS_REVIEW for _, kind in kinds),
        flag_count=sum(len(g.examples) for g in flags),
        by_impact=tuple(wcag[i] for i in IMPACTS),
        violations=page_groups(page, Outcome.VIOLATION, by_id, evidence),
        needs_review=page_groups(page, Outcome.NEEDS_REVIEW, by_id, evidence),
        flags=flags,
        policy=policy.page_policy(page, policy_rules, words),
        policy_count=sum(kind_of(f) is FindingKind.POLICY for f in page.findings),
        blocks=readability.blocks_of(page, words),
        template_blocks=sum(b.template for b in page.blocks),
        third_party=thirdparty.page_hosts(page),
        third_party_blocked=thirdparty.page_blocked(page),
        text_view=label(TEXT_VIEW_LABELS_SV.get(facts.get("text_view", ""), ""), words),
        found_by=label(FOUND_BY_LABELS_SV.get(facts.get("found_by", ""), ""), words),
        evidence_html=links.html if links else None,
        evidence_png=links.screenshot if links else None,
    )
