"""The report view model: every figure, group and order a report shows, built in Python.

Templates only display what is here (the coverage.py pattern): no counting, sorting or
filtering happens in Jinja. The dataclasses live in reports/viewmodel.py; the readability
and klarspråk figures are built by reports/textview.py. Everything page-derived (URLs,
titles, selectors, snippets, reasons, text) stays plain text; escaping is the template
engine's job, and a URL becomes a link target only through ``Link.href``, which is set
for http(s) alone.

Counting rules (the figures an auditor will quote):
- An *occurrence* is one Finding (one element); *affected pages* counts distinct pages.
- WCAG violations, best-practice violations and needs-review results are axe-core's, are
  tallied apart and never added together: best practice is not a legal requirement, and
  needs review is axe-core's "incomplete" (the tool could not decide).
- klarsyn's own findings (source "klarsyn") are never counted in any of the three, nor in
  the top rules or worst pages: its communication-policy findings (``policy-*``) are counted
  in the policy scorecard (reports/scorecard.py), the rest are klarspråk flags
  (reports/textview.py); see reports/kinds.py.
- The worst pages are ranked by a weighted sum of their WCAG violations, see
  ``IMPACT_WEIGHTS``; best practice and needs review do not count towards it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from audits.axe import BEST_PRACTICE_TAG
from audits.model import (
    IMPACTS,
    Finding,
    Outcome,
    PageResult,
    PageStatus,
    Reason,
    RuleInfo,
    RunInfo,
)
from audits.readability import BAND_LABELS_SV
from reports import scorecard, textview
from reports.kinds import IMPACT_LABELS_SV, axe_kind, is_axe, is_policy
from reports.scorecard import PolicyRuleView, filter_owner
from reports.textview import Targets
from reports.viewmodel import (
    Count,
    Evidence,
    FlagRule,
    ImpactRow,
    LedgerRow,
    Method,
    PageRuleGroup,
    PageView,
    ReasonCount,
    ReportView,
    RulePage,
    RuleView,
    Summary,
    make_link,
    wcag_from_tags,
)

__all__ = ["IMPACT_LABELS_SV", "build_view", "filter_owner", "make_link", "reason_label",
           "wcag_from_tags"]

STATUS_LABELS_SV: dict[PageStatus, str] = {
    PageStatus.AUDITED: "granskad",
    PageStatus.FAILED: "misslyckad",
    PageStatus.SKIPPED: "överhoppad",
}
REASON_LABELS_SV: dict[str, str] = {
    Reason.NOT_HTML: "inte en HTML-sida (dokument eller fil)",
    Reason.DUPLICATE: "omdirigerar till en sida som redan finns med",
    Reason.OUT_OF_SCOPE: "utanför granskningens avgränsning (annan webbplats)",
    Reason.EXCLUDED: "utesluten av inställningarna",
    Reason.ROBOTS_TXT: "spärrad i robots.txt",
    Reason.MAX_DEPTH: "längre bort än största länkdjup",
    Reason.BUDGET: "utanför sidbudgeten (max antal sidor)",
    Reason.TIMEOUT: "servern svarade inte i tid",
    Reason.DNS: "värdnamnet gick inte att slå upp",
    Reason.CONNECTION: "anslutningen misslyckades",
    Reason.TOO_LARGE: "för stor för att hämtas",
    Reason.BROWSER_TIMEOUT: "webbläsaren hann inte granska sidan i tid",
    Reason.BROWSER_ERROR: "fel i webbläsaren",
    Reason.FETCH_ERROR: "kunde inte hämtas",
    Reason.INTERRUPTED: "granskningen avbröts",
}


def reason_label(reason: str) -> str:
    """The Swedish text of a ledger reason code; ``http_404`` reads "HTTP-status 404"."""
    if reason.startswith("http_"):
        return f"HTTP-status {reason.removeprefix('http_')}"
    return REASON_LABELS_SV.get(reason, reason)


# Weights for ranking the worst pages: one critical fault (a blocker for some visitors)
# outranks several minor ones. An impact we do not know (None) still counts, as a minor one.
IMPACT_WEIGHTS: dict[str | None, int] = {
    "critical": 10, "serious": 5, "moderate": 2, "minor": 1, None: 1,
}
TOP_N = 10
SAMPLES_PER_RULE = 5
# The run settings (crawler.config.AuditConfig) that chose axe-core's rules: its tags,
# and whether best-practice rules were added to them.
TAGS_SETTING = "tags"
BEST_PRACTICE_SETTING = "best_practice"

_IMPACT_ORDER: tuple[str | None, ...] = (*IMPACTS, None)
_KINDS = ("wcag", "best_practice", "needs_review")
# Failures first in the ledger: they are what an auditor must see.
_LEDGER_ORDER = (PageStatus.FAILED, PageStatus.SKIPPED, PageStatus.AUDITED)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def build_view(
    run: RunInfo,
    pages: Sequence[PageResult],
    rules: Mapping[str, RuleInfo],
    *,
    owner: str | None = None,
) -> ReportView:
    """Build the whole report view from one run's ledger rows and the rules' texts.

    ``pages`` is the coverage ledger: one row per URL found. Pages are shown when audited
    or when they carry findings (a document the policy checks read), in URL order so an
    editor finds their section. A rule missing from ``rules`` is shown by its id rather than
    dropped (a policy rule by its texts in audits.policy). Owners and audiences come from
    the run's settings (see ``textview.Targets``). ``owner`` names one owner (or "ingen
    ägare"): the view then holds that owner's rows alone (``filter_owner``, which raises
    ValueError for an owner the run does not know).
    """
    targets = Targets.from_settings(run.settings)
    if owner is not None:
        pages = filter_owner(pages, owner, targets.owners)
    shown = sorted((p for p in pages if p.status is PageStatus.AUDITED or p.findings),
                   key=lambda p: p.url)
    anchors = {p.url: f"sida-{n}" for n, p in enumerate(shown, start=1)}
    rule_views = _rule_views(shown, anchors, rules, Outcome.VIOLATION)
    review_views = _rule_views(shown, anchors, rules, Outcome.NEEDS_REVIEW)
    by_id = {(r.id, o): r for o, views in ((Outcome.VIOLATION, rule_views),
                                             (Outcome.NEEDS_REVIEW, review_views))
             for r in views}
    flag_rules = textview.flag_rules(shown, anchors, rules)
    flags_by_id = {r.id: r for r in flag_rules}
    policy_rules = scorecard.policy_rules(shown, rules)
    page_views = tuple(_page_view(p, anchors[p.url], by_id, flags_by_id, policy_rules, targets)
                       for p in shown)
    audited = [v for p, v in zip(shown, page_views, strict=True)
               if p.status is PageStatus.AUDITED]
    readability = textview.readability_view(audited, flag_rules, targets)
    if owner is not None:
        readability = replace(readability, owners=tuple(
            g for g in readability.owners if g.name == owner))
    by_status = Counter(p.status for p in pages)
    by_impact, totals = _impact_counts(pages)
    policy_pages = [v for v in page_views if v.policy_count]
    return ReportView(
        site=make_link(run.site),
        owner=owner,
        partial=run.partial,
        impact_labels=tuple(IMPACT_LABELS_SV[i] for i in IMPACTS),
        summary=Summary(
            urls_found=len(pages),
            audited=by_status[PageStatus.AUDITED],
            failed=by_status[PageStatus.FAILED],
            skipped=by_status[PageStatus.SKIPPED],
            html_audited=sum(p.status is PageStatus.AUDITED and _is_html(p) for p in pages),
            by_impact=by_impact,
            wcag=totals["wcag"],
            best_practice=totals["best_practice"],
            needs_review=totals["needs_review"],
            klarsprak=readability.flags,
            policy=Count(sum(v.policy_count for v in policy_pages), len(policy_pages)),
        ),
        top_rules=tuple(sorted(
            rule_views, key=lambda r: (-len(r.pages), -r.occurrences, _severity(r.impact), r.id)
        )[:TOP_N]),
        worst_pages=tuple(sorted(
            (v for v in page_views if v.score > 0),
            key=lambda v: (-v.score, -v.wcag_count, v.url.text),
        )[:TOP_N]),
        rules=rule_views,
        review_rules=review_views,
        pages=page_views,
        readability=readability,
        policy=scorecard.policy_view(tuple(zip(shown, page_views, strict=True)), targets,
                                     readability, owner),
        reasons=_reasons(pages),
        ledger=tuple(_ledger_row(p) for p in sorted(pages, key=_ledger_order)),
        method=_method(run, targets),
    )


def _impact(f: Finding) -> str | None:
    """The finding's impact, None for anything outside IMPACTS (shown as "ej angiven")."""
    return f.impact if f.impact in IMPACTS else None


def _severity(impact: str | None) -> int:
    """0 for critical … 4 for unknown: sorting by it puts the most severe first."""
    return _IMPACT_ORDER.index(impact)


def _is_html(page: PageResult) -> bool:
    return page.content_type.split(";")[0].strip().lower() in _HTML_TYPES


def _is_document(page: PageResult) -> bool:
    """Not an HTML page: a row skipped as "not HTML", or one with another content type."""
    return page.reason == Reason.NOT_HTML or (bool(page.content_type) and not _is_html(page))


def _impact_counts(
    pages: Sequence[PageResult],
) -> tuple[tuple[ImpactRow, ...], dict[str, Count]]:
    """Rows per impact and totals per kind; the "ej angiven" row only when used."""
    urls: defaultdict[tuple[str, str | None], list[str]] = defaultdict(list)
    for page in pages:
        for f in page.findings:
            if (kind := axe_kind(f)) is not None:
                urls[kind, _impact(f)].append(page.url)

    def count(kind: str, impacts: Iterable[str | None]) -> Count:
        hits = [url for i in impacts for url in urls.get((kind, i), ())]
        return Count(len(hits), len(set(hits)))

    used = {i for _, i in urls}
    rows = tuple(ImpactRow(i, IMPACT_LABELS_SV[i], *(count(k, [i]) for k in _KINDS))
                 for i in _IMPACT_ORDER if i is not None or None in used)
    return rows, {k: count(k, used) for k in _KINDS}


def _rule_views(
    pages: Sequence[PageResult],
    anchors: Mapping[str, str],
    rules: Mapping[str, RuleInfo],
    outcome: Outcome,
) -> tuple[RuleView, ...]:
    """One RuleView per axe-core rule with findings of ``outcome``, most severe first."""
    hits: defaultdict[str, list[tuple[str, Finding]]] = defaultdict(list)
    for page in pages:
        for f in page.findings:
            if f.outcome is outcome and is_axe(f):
                hits[f.rule].append((page.url, f))
    prefix = "regel" if outcome is Outcome.VIOLATION else "granska"
    views = []
    for rule_id, pairs in hits.items():
        known = rules.get(rule_id)
        info = known or RuleInfo(rule_id, pairs[0][1].source, help=rule_id, description="")
        impact = min((_impact(f) for _, f in pairs), key=_severity)
        per_page = sorted(Counter(url for url, _ in pairs).items(), key=lambda i: (-i[1], i[0]))
        # dict keys: the distinct (page, selector, snippet) triples in first-seen order
        samples = list({(url, f.selector, f.snippet): None for url, f in pairs})
        views.append(RuleView(
            id=rule_id,
            anchor=f"{prefix}-{re.sub(r'[^A-Za-z0-9_-]', '-', rule_id)}",
            source=str(info.source),
            help=info.help,
            description=info.description,
            help_href=make_link(info.help_url).href,
            impact=impact,
            impact_label=IMPACT_LABELS_SV[impact],
            best_practice=any(f.best_practice for _, f in pairs),
            wcag=wcag_from_tags((*info.tags, *(t for _, f in pairs for t in f.wcag))),
            pages=tuple(RulePage(make_link(url), anchors[url], n) for url, n in per_page),
            occurrences=len(pairs),
            samples=tuple(Evidence(make_link(u), sel, snip)
                          for u, sel, snip in samples[:SAMPLES_PER_RULE]),
        ))
    return tuple(sorted(views, key=lambda r: (_severity(r.impact), -len(r.pages),
                                              -r.occurrences, r.id)))


def _groups(
    page: PageResult, outcome: Outcome, by_id: Mapping[tuple[str, Outcome], RuleView]
) -> tuple[PageRuleGroup, ...]:
    """The page's findings of ``outcome`` grouped by rule, in the site-wide rule order."""
    by_rule: defaultdict[str, list[Finding]] = defaultdict(list)
    for f in page.findings:
        if f.outcome is outcome and is_axe(f):
            by_rule[f.rule].append(f)
    groups = [PageRuleGroup(by_id[rule_id, outcome],
                            tuple(Evidence(make_link(page.url), f.selector, f.snippet)
                                  for f in items))
              for rule_id, items in by_rule.items()]
    return tuple(sorted(groups, key=lambda g: (_severity(g.rule.impact), g.rule.id)))


def _page_view(
    page: PageResult,
    anchor: str,
    by_id: Mapping[tuple[str, Outcome], RuleView],
    flags_by_id: Mapping[str, FlagRule],
    policy_rules: Mapping[str, PolicyRuleView],
    targets: Targets,
) -> PageView:
    """Score = Σ IMPACT_WEIGHTS[impact] over the page's WCAG violations (axe-core's only)."""
    axe = [f for f in page.findings if is_axe(f)]
    wcag = Counter(_impact(f) for f in axe if axe_kind(f) == "wcag")
    band = textview.band_code(page)
    final = page.final_url if page.final_url and page.final_url != page.url else None
    place = targets.place(page.url)
    flags = textview.page_flags(page, anchor, flags_by_id)
    r = page.readability
    return PageView(
        anchor=anchor,
        url=make_link(page.url),
        final_url=make_link(final) if final else None,
        audited=page.status is PageStatus.AUDITED,
        document=_is_document(page),
        title=page.title,
        http_status=page.http_status,
        content_type=page.content_type,
        lang=page.lang,
        section=place.section,
        owner=place.owner_name,
        owner_contact=place.owner.contact if place.owner else "",
        lix=r.lix if r else None,
        band=band,
        band_label=BAND_LABELS_SV.get(band, band) if band else None,
        words=r.words if r else None,
        target=textview.target_of(r, place.audience),
        metrics=textview.metrics_of(r),
        score=sum(IMPACT_WEIGHTS[i] * n for i, n in wcag.items()),
        wcag_count=wcag.total(),
        best_practice_count=sum(axe_kind(f) == "best_practice" for f in axe),
        review_count=sum(axe_kind(f) == "needs_review" for f in axe),
        flag_count=sum(len(g.examples) for g in flags),
        by_impact=tuple(wcag[i] for i in IMPACTS),
        violations=_groups(page, Outcome.VIOLATION, by_id),
        needs_review=_groups(page, Outcome.NEEDS_REVIEW, by_id),
        flags=flags,
        policy=scorecard.page_policy(page, policy_rules),
        policy_count=sum(is_policy(f) for f in page.findings),
        blocks=textview.blocks_of(page),
        template_blocks=sum(b.template for b in page.blocks),
    )


def _ledger_order(page: PageResult) -> tuple[int, str]:
    return _LEDGER_ORDER.index(page.status), page.url


def _ledger_row(page: PageResult) -> LedgerRow:
    return LedgerRow(make_link(page.url), str(page.status), STATUS_LABELS_SV[page.status],
                     page.http_status, reason_label(page.reason), page.error)


def _reasons(pages: Sequence[PageResult]) -> tuple[ReasonCount, ...]:
    """Why URLs were not audited: failed before skipped, the most common reason first."""
    counts = Counter((p.status, p.reason) for p in pages if p.status is not PageStatus.AUDITED)
    ordered = sorted(counts.items(),
                     key=lambda item: (_LEDGER_ORDER.index(item[0][0]), -item[1], item[0][1]))
    return tuple(ReasonCount(STATUS_LABELS_SV[s], reason_label(r), n) for (s, r), n in ordered)


def _method(run: RunInfo, targets: Targets) -> Method:
    """What an auditor needs to repeat the run; rule_tags as axe-core's runOnly got them.

    Owners and audiences get tables of their own, so they are left out of ``settings``.
    """
    tags = run.settings.get(TAGS_SETTING, ())
    listed = tuple(str(t) for t in tags) if isinstance(tags, list | tuple) else ()
    with_best = run.settings.get(BEST_PRACTICE_SETTING) is True and BEST_PRACTICE_TAG not in listed
    return Method(
        tool_version=run.tool_version,
        axe_version=run.axe_version,
        browser_version=run.browser_version,
        started=run.started,
        finished=run.finished,
        partial=run.partial,
        settings=tuple(sorted((k, v) for k, v in run.settings.items()
                              if k not in (textview.OWNERS_SETTING, textview.AUDIENCES_SETTING))),
        rule_tags=(*listed, BEST_PRACTICE_TAG) if with_best else listed,
        weights=tuple((IMPACT_LABELS_SV[i], IMPACT_WEIGHTS[i]) for i in IMPACTS),
        owners=targets.owners,
        audiences=targets.audiences,
    )
