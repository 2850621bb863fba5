"""axe-core's results across the site: counts per impact, the rules, the worst pages.

Counting rules (the figures an auditor will quote):
- An *occurrence* is one Finding (one element); *affected pages* counts distinct pages.
- WCAG violations, best-practice violations and needs-review results are axe-core's, are
  tallied apart and never added together (``audits.model.FindingKind``): best practice is
  not a legal requirement, and needs review is axe-core's "incomplete" (the tool could not
  decide). klarsyn's own findings are never counted here, nor in the top rules or worst
  pages.
- The worst pages are ranked by a weighted sum of their WCAG violations, see
  ``IMPACT_WEIGHTS``; best practice and needs review do not count towards it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from audits.model import (
    IMPACT_ORDER,
    Finding,
    FindingKind,
    Impact,
    Outcome,
    PageResult,
    Source,
    kind_of,
    known_impact,
    most_severe,
    severity,
)
from reports.evidence import EvidenceIndex
from reports.i18n import SWEDISH, Translator
from reports.labels import FINDING_STATUS_LABELS_SV, IMPACT_LABELS_SV
from reports.prepare import Marker
from reports.ruletexts import RuleTexts
from reports.viewmodel.pages import Evidence, PageRuleGroup, PageSummary, RuleView
from reports.viewmodel.parts import Count, RulePage, make_link, wcag_from_tags
from reports.viewmodel.report import ImpactRow

# Weights for ranking the worst pages: one critical fault (a blocker for some visitors)
# outranks several minor ones. An impact we do not know (None) still counts, as a minor one.
IMPACT_WEIGHTS: dict[Impact | None, int] = {
    Impact.CRITICAL: 10, Impact.SERIOUS: 5, Impact.MODERATE: 2, Impact.MINOR: 1, None: 1,
}
TOP_N = 10
SAMPLES_PER_RULE = 5
#: axe-core's kinds of result, in the order the summary's columns show them.
AXE_KINDS = (FindingKind.WCAG, FindingKind.BEST_PRACTICE, FindingKind.NEEDS_REVIEW)

Evidencer = Callable[[str, Finding], Evidence]


def evidencer(
    marker: Marker,
    template_anchors: Mapping[tuple[str, str], str],
    pack: EvidenceIndex | None = None,
    words: Translator = SWEDISH,
) -> Evidencer:
    """Evidence of a finding on a page, marked with its template fault and its status, and
    linked to its element's screenshot when the run's evidence ``pack`` has one."""

    def evidence(url: str, f: Finding) -> Evidence:
        key = marker.template_key(f)
        status = marker.status(f, url)
        shot = None
        if pack is not None and f.outcome is Outcome.VIOLATION:
            shot = pack.element(url, f.rule, f.selector)
        return Evidence(make_link(url), f.selector, f.snippet,
                        template=template_anchors.get((f.rule, key)) if key else None,
                        status=status,
                        status_label=_label(FINDING_STATUS_LABELS_SV.get(status, ""), words),
                        shot=shot)

    return evidence


def rule_anchor(rule_id: str, outcome: Outcome) -> str:
    """The anchor of a rule's section: its violations' or its needs-review results'."""
    prefix = "regel" if outcome is Outcome.VIOLATION else "granska"
    return f"{prefix}-{re.sub(r'[^A-Za-z0-9_-]', '-', rule_id)}"


def impact_counts(
    pages: Sequence[PageResult], words: Translator = SWEDISH
) -> tuple[tuple[ImpactRow, ...], dict[FindingKind, Count]]:
    """Rows per impact and totals per kind; the "ej angiven" row only when used."""
    urls: defaultdict[tuple[FindingKind, Impact | None], list[str]] = defaultdict(list)
    for page in pages:
        for f in page.findings:
            if (kind := kind_of(f)) in AXE_KINDS:
                urls[kind, known_impact(f.impact)].append(page.url)

    def count(kind: FindingKind, impacts: Iterable[Impact | None]) -> Count:
        hits = [url for i in impacts for url in urls.get((kind, i), ())]
        return Count(len(hits), len(set(hits)))

    used = {i for _, i in urls}
    rows = tuple(ImpactRow(i, words.gettext(IMPACT_LABELS_SV[i]),
                           *(count(k, [i]) for k in AXE_KINDS))
                 for i in IMPACT_ORDER if i is not None or None in used)
    return rows, {k: count(k, used) for k in AXE_KINDS}


def rule_views(
    pages: Sequence[PageResult],
    anchors: Mapping[str, str],
    rules: RuleTexts,
    outcome: Outcome,
    evidence: Evidencer,
    words: Translator = SWEDISH,
) -> tuple[RuleView, ...]:
    """One RuleView per axe-core rule with findings of ``outcome``, most severe first."""
    hits: defaultdict[str, list[tuple[str, Finding]]] = defaultdict(list)
    for page in pages:
        for f in page.findings:
            if f.outcome is outcome and f.source is Source.AXE:
                hits[f.rule].append((page.url, f))
    views = []
    for rule_id, pairs in hits.items():
        info = rules.info(rule_id, pairs[0][1].source)
        impact = most_severe(f.impact for _, f in pairs)
        per_page = sorted(Counter(url for url, _ in pairs).items(), key=lambda i: (-i[1], i[0]))
        # the first finding of each distinct (page, selector, snippet), in first-seen order
        samples: dict[tuple[str, str, str], tuple[str, Finding]] = {}
        for url, f in pairs:
            samples.setdefault((url, f.selector, f.snippet), (url, f))
        views.append(RuleView(
            id=rule_id,
            anchor=rule_anchor(rule_id, outcome),
            source=str(info.source),
            help=info.help,
            description=info.description,
            help_href=make_link(info.help_url).href,
            impact=impact,
            impact_label=words.gettext(IMPACT_LABELS_SV[impact]),
            best_practice=any(f.best_practice for _, f in pairs),
            wcag=wcag_from_tags((*info.tags, *(t for _, f in pairs for t in f.wcag))),
            pages=tuple(RulePage(make_link(url), anchors[url], n) for url, n in per_page),
            occurrences=len(pairs),
            samples=tuple(evidence(u, f) for u, f in list(samples.values())[:SAMPLES_PER_RULE]),
        ))
    return tuple(sorted(views, key=lambda r: (severity(r.impact), -len(r.pages),
                                              -r.occurrences, r.id)))


def page_groups(
    page: PageResult,
    outcome: Outcome,
    by_id: Mapping[tuple[str, Outcome], RuleView],
    evidence: Evidencer,
) -> tuple[PageRuleGroup, ...]:
    """The page's findings of ``outcome`` grouped by rule, in the site-wide rule order."""
    by_rule: defaultdict[str, list[Finding]] = defaultdict(list)
    for f in page.findings:
        if f.outcome is outcome and f.source is Source.AXE:
            by_rule[f.rule].append(f)
    groups = [PageRuleGroup(by_id[rule_id, outcome], tuple(evidence(page.url, f) for f in items))
              for rule_id, items in by_rule.items()]
    return tuple(sorted(groups, key=lambda g: (severity(g.rule.impact), g.rule.id)))


def _label(label: str, words: Translator) -> str:
    """A label in the report's language; no label stays empty."""
    return words.gettext(label) if label else ""


def score(wcag: Mapping[Impact | None, int]) -> int:
    """A page's rank among the worst: Σ IMPACT_WEIGHTS[impact] over its WCAG violations."""
    return sum(IMPACT_WEIGHTS[i] * n for i, n in wcag.items())


def top_rules(views: Iterable[RuleView]) -> tuple[RuleView, ...]:
    """The TOP_N rules on the most pages (then the most occurrences, the most severe)."""
    return tuple(sorted(
        views, key=lambda r: (-len(r.pages), -r.occurrences, severity(r.impact), r.id)
    )[:TOP_N])


def worst_pages(views: Iterable[PageSummary]) -> tuple[PageSummary, ...]:
    """The TOP_N pages with the highest score (pages without WCAG violations never)."""
    return tuple(sorted(
        (v for v in views if v.score > 0), key=lambda v: (-v.score, -v.wcag_count, v.url.text),
    )[:TOP_N])
