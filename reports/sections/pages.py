"""One page as the report shows it: its ledger row, its findings by kind, its readability.

Every page shown has a ``PageSummary`` (``page_summary``), which the site-level sections
and the page list read; its whole ``PageView`` (findings, text, evidence) is built from
its row only when a detail file asks for it (``PageViews``), so a 10,000-page report
never holds all its pages' views.

Findings an accepted exception covers are not on the page (the caller took them out);
template faults are still counted on every page they are on (``template_count`` says how
many of its WCAG violations they are).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import overload

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
from reports.evidence import EvidenceIndex
from reports.i18n import SWEDISH, Translator
from reports.labels import BAND_LABELS_SV, FOUND_BY_LABELS_SV, TEXT_VIEW_LABELS_SV, label
from reports.prepare import Marker
from reports.runsettings import Targets
from reports.sections import policy, readability, thirdparty
from reports.sections.accessibility import Evidencer, page_groups, score
from reports.viewmodel.pages import FlagRule, PageSummary, PageView, PolicyRuleView, RuleView
from reports.viewmodel.parts import make_link

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_html(page: PageResult) -> bool:
    return page.content_type.split(";")[0].strip().lower() in _HTML_TYPES


def is_document(page: PageResult) -> bool:
    """Not an HTML page: a row skipped as "not HTML", or one with another content type."""
    return page.reason == Reason.NOT_HTML or (bool(page.content_type) and not is_html(page))


def shown_pages(rows: Iterable[PageResult]) -> list[PageResult]:
    """The rows the report shows a page section for: audited, or carrying findings (a
    document the policy checks read), in URL order so an editor finds their section."""
    return sorted((p for p in rows if p.status is PageStatus.AUDITED or p.findings),
                  key=lambda p: p.url)


def page_anchors(shown: Sequence[PageResult]) -> dict[str, str]:
    """Each shown page's anchor in the report (``layout.page_anchor``), by URL."""
    return {p.url: f"sida-{n}" for n, p in enumerate(shown, start=1)}


def page_summary(
    page: PageResult,
    anchor: str,
    targets: Targets,
    marker: Marker,
    words: Translator = SWEDISH,
) -> PageSummary:
    """The page's summary: what the site-level sections and the page list show of it."""
    kinds = [(f, kind_of(f)) for f in page.findings if f.source is Source.AXE]
    wcag = Counter(known_impact(f.impact) for f, kind in kinds if kind is FindingKind.WCAG)
    band = readability.band_code(page)
    place = targets.place(page.url)
    r = page.readability
    return PageSummary(
        anchor=anchor,
        url=make_link(page.url),
        audited=page.status is PageStatus.AUDITED,
        document=is_document(page),
        title=page.title,
        section=place.section,
        owner=place.owner_name,
        lix=r.lix if r else None,
        band=band,
        band_label=(label(BAND_LABELS_SV.get(band, ""), words) or band) if band else None,
        target=readability.target_of(r, place.audience, words),
        score=score(wcag),
        wcag_count=wcag.total(),
        template_count=sum(kind is FindingKind.WCAG and marker.template_key(f) is not None
                           for f, kind in kinds),
        best_practice_count=sum(kind is FindingKind.BEST_PRACTICE for _, kind in kinds),
        review_count=sum(kind is FindingKind.NEEDS_REVIEW for _, kind in kinds),
        flag_count=sum(kind_of(f) is FindingKind.FLAG for f in page.findings),
        policy_count=sum(kind_of(f) is FindingKind.POLICY for f in page.findings),
        by_impact=tuple(wcag[i] for i in IMPACTS),
    )


@dataclass(frozen=True)
class PageDetails:
    """What a page's detail is built from besides its row: the site-wide rule views (a
    page's findings are grouped by them), the policy rules' texts, the run's targets, the
    evidence of each finding and the run's evidence pack (None: none kept)."""

    by_id: Mapping[tuple[str, Outcome], RuleView]
    flags_by_id: Mapping[str, FlagRule]
    policy_rules: Mapping[str, PolicyRuleView]
    targets: Targets
    evidence: Evidencer
    pack: EvidenceIndex | None
    words: Translator = SWEDISH

    def view(self, page: PageResult, summary: PageSummary) -> PageView:
        """The page's whole view: its summary and its findings, text and evidence."""
        place = self.targets.place(page.url)
        final = page.final_url if page.final_url and page.final_url != page.url else None
        links = self.pack.page(page.url) if self.pack else None
        facts, words = page.facts, self.words
        r = page.readability
        return PageView(
            **{f.name: getattr(summary, f.name) for f in fields(PageSummary)},
            final_url=make_link(final) if final else None,
            http_status=page.http_status,
            content_type=page.content_type,
            lang=page.lang,
            owner_contact=place.owner.contact if place.owner else "",
            words=r.words if r else None,
            metrics=readability.metrics_of(r, words),
            violations=page_groups(page, Outcome.VIOLATION, self.by_id, self.evidence),
            needs_review=page_groups(page, Outcome.NEEDS_REVIEW, self.by_id, self.evidence),
            flags=readability.page_flags(page, summary.anchor, self.flags_by_id),
            policy=policy.page_policy(page, self.policy_rules, words),
            blocks=readability.blocks_of(page, words),
            template_blocks=sum(b.template for b in page.blocks),
            third_party=thirdparty.page_hosts(page),
            third_party_blocked=thirdparty.page_blocked(page),
            text_view=label(TEXT_VIEW_LABELS_SV.get(facts.get("text_view", ""), ""), words),
            found_by=label(FOUND_BY_LABELS_SV.get(facts.get("found_by", ""), ""), words),
            evidence_html=links.html if links else None,
            evidence_png=links.screenshot if links else None,
        )


class PageViews(Sequence[PageView]):
    """The pages' whole views, each built when it is asked for and not kept: a report
    holds the summaries of all its pages and the views of the pages being written.

    ``rows`` and ``summaries`` are the pages shown, in the same (URL) order.
    """

    def __init__(self, rows: Sequence[PageResult], summaries: Sequence[PageSummary],
                 details: PageDetails) -> None:
        if len(rows) != len(summaries):
            raise ValueError("every page shown needs its summary")
        self._rows, self._summaries, self._details = rows, summaries, details

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> PageView: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[PageView, ...]: ...

    def __getitem__(self, index: int | slice) -> PageView | tuple[PageView, ...]:
        if isinstance(index, slice):
            return tuple(self._details.view(p, s) for p, s in
                         zip(self._rows[index], self._summaries[index], strict=True))
        return self._details.view(self._rows[index], self._summaries[index])
