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
- Template faults (reports/followup.py) are still counted on every page they are on; the
  template section shows each once besides, and the summary says how many there are.
- Findings an accepted exception covers are not in ``pages`` (the caller took them out)
  and so count nowhere; the "Godkända undantag" section lists them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

from audits.axe import BEST_PRACTICE_TAG
from audits.exceptions import Accepted, AcceptedException
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
from reports import changes, followup, ledger, scorecard, textview, thirdparty, trends
from reports.followup import Marker
from reports.history import RunDiff, template_keys
from reports.kinds import IMPACT_LABELS_SV, axe_kind, is_axe, is_policy
from reports.runsettings import RunSettings, Targets
from reports.scorecard import PolicyRuleView, filter_owner
from reports.viewmodel import (
    Count,
    Evidence,
    FlagRule,
    ImpactRow,
    Method,
    PageRuleGroup,
    PageView,
    ReportView,
    RulePage,
    RuleView,
    Summary,
    make_link,
    wcag_from_tags,
)

__all__ = ["IMPACT_LABELS_SV", "build_view", "filter_owner", "make_link", "reason_label",
           "wcag_from_tags"]
reason_label = ledger.reason_label

# Weights for ranking the worst pages: one critical fault (a blocker for some visitors)
# outranks several minor ones. An impact we do not know (None) still counts, as a minor one.
IMPACT_WEIGHTS: dict[str | None, int] = {
    "critical": 10, "serious": 5, "moderate": 2, "minor": 1, None: 1,
}
TOP_N = 10
SAMPLES_PER_RULE = 5

_IMPACT_ORDER: tuple[str | None, ...] = (*IMPACTS, None)
_KINDS = ("wcag", "best_practice", "needs_review")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def build_view(
    run: RunInfo,
    pages: Sequence[PageResult],
    rules: Mapping[str, RuleInfo],
    *,
    owner: str | None = None,
    diff: RunDiff | None = None,
    history: Sequence[trends.RunPoint] | None = None,
    accepted: Sequence[Accepted] | None = None,
    expired: Sequence[AcceptedException] = (),
) -> ReportView:
    """Build the whole report view from one run's ledger rows and the rules' texts.

    ``pages`` is the coverage ledger: one row per URL found. Pages are shown when audited
    or when they carry findings (a document the policy checks read), in URL order so an
    editor finds their section. A rule missing from ``rules`` is shown by its id rather than
    dropped (a policy rule by its texts in audits.policy). Owners and audiences come from
    the run's settings (see ``runsettings.Targets``). ``owner`` names one owner (or "ingen
    ägare"): the view then holds that owner's rows alone (``filter_owner``, which raises
    ValueError for an owner the run does not know).

    Follow-up (all optional): ``diff`` against the previous run (``reports.history``) gives
    the "what changed" section and each finding's status; ``history`` the trend points
    (``reports.trends.trend_points``), this run's last; ``accepted`` the findings accepted
    exceptions took out of ``pages`` and ``expired`` the exceptions that have lapsed
    (``audits.exceptions.split_accepted`` and ``expired``). Template faults are decided on
    all of ``pages``, before the view is limited to an owner.
    """
    targets = Targets.from_settings(run.settings)
    pages = followup.fingerprinted(pages)
    if diff is not None:
        diff = changes.narrowed(diff, accepted=followup.accepted_prints(accepted))
    marker = Marker(frozenset(template_keys(pages)), changes.statuses(diff))
    if owner is not None:
        pages = filter_owner(pages, owner, targets.owners)
    shown = sorted((p for p in pages if p.status is PageStatus.AUDITED or p.findings),
                   key=lambda p: p.url)
    anchors = {p.url: f"sida-{n}" for n, p in enumerate(shown, start=1)}
    faults = followup.template_faults(shown, marker, rules, anchors, {
        f.rule: _rule_anchor(f.rule, Outcome.VIOLATION) for p in shown for f in p.findings
        if f.outcome is Outcome.VIOLATION and is_axe(f)})
    evidence = _evidencer(marker, {(t.rule, t.site_key): t.anchor for t in faults})
    rule_views = _rule_views(shown, anchors, rules, Outcome.VIOLATION, evidence)
    review_views = _rule_views(shown, anchors, rules, Outcome.NEEDS_REVIEW, evidence)
    by_id = {(r.id, o): r for o, views in ((Outcome.VIOLATION, rule_views),
                                             (Outcome.NEEDS_REVIEW, review_views))
             for r in views}
    flag_rules = textview.flag_rules(shown, anchors, rules)
    flags_by_id = {r.id: r for r in flag_rules}
    policy_rules = scorecard.policy_rules(shown, rules)
    page_views = tuple(_page_view(p, anchors[p.url], by_id, flags_by_id, policy_rules, targets,
                                  evidence, marker) for p in shown)
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
        reasons=ledger.reasons(pages),
        ledger=ledger.ledger(pages),
        method=_method(run, targets),
        template_faults=faults,
        template=followup.template_summary(shown, marker),
        changes=None if diff is None else changes.changes_view(diff, targets, owner, anchors,
                                                                 rules),
        trends=trends.trend_view(history or (), owner),
        accepted=followup.accepted_view(accepted, expired, shown, rules, anchors, marker,
                                        None if owner is None else (owner, targets.owners)),
        third_party=thirdparty.third_party_view(shown, anchors),
    )


Evidencer = Callable[[str, Finding], Evidence]


def _evidencer(marker: Marker, template_anchors: Mapping[tuple[str, str], str]) -> Evidencer:
    """Evidence of a finding on a page, marked with its template fault and its status."""

    def evidence(url: str, f: Finding) -> Evidence:
        key = marker.template_key(f)
        status = marker.status(f, url)
        return Evidence(make_link(url), f.selector, f.snippet,
                        template=template_anchors.get((f.rule, key)) if key else None,
                        status=status, status_label=changes.STATUS_LABELS_SV.get(status, ""))

    return evidence


def _rule_anchor(rule_id: str, outcome: Outcome) -> str:
    prefix = "regel" if outcome is Outcome.VIOLATION else "granska"
    return f"{prefix}-{re.sub(r'[^A-Za-z0-9_-]', '-', rule_id)}"


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
    evidence: Evidencer,
) -> tuple[RuleView, ...]:
    """One RuleView per axe-core rule with findings of ``outcome``, most severe first."""
    hits: defaultdict[str, list[tuple[str, Finding]]] = defaultdict(list)
    for page in pages:
        for f in page.findings:
            if f.outcome is outcome and is_axe(f):
                hits[f.rule].append((page.url, f))
    views = []
    for rule_id, pairs in hits.items():
        known = rules.get(rule_id)
        info = known or RuleInfo(rule_id, pairs[0][1].source, help=rule_id, description="")
        impact = min((_impact(f) for _, f in pairs), key=_severity)
        per_page = sorted(Counter(url for url, _ in pairs).items(), key=lambda i: (-i[1], i[0]))
        # the first finding of each distinct (page, selector, snippet), in first-seen order
        samples: dict[tuple[str, str, str], tuple[str, Finding]] = {}
        for url, f in pairs:
            samples.setdefault((url, f.selector, f.snippet), (url, f))
        views.append(RuleView(
            id=rule_id,
            anchor=_rule_anchor(rule_id, outcome),
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
            samples=tuple(evidence(u, f) for u, f in list(samples.values())[:SAMPLES_PER_RULE]),
        ))
    return tuple(sorted(views, key=lambda r: (_severity(r.impact), -len(r.pages),
                                              -r.occurrences, r.id)))


def _groups(
    page: PageResult,
    outcome: Outcome,
    by_id: Mapping[tuple[str, Outcome], RuleView],
    evidence: Evidencer,
) -> tuple[PageRuleGroup, ...]:
    """The page's findings of ``outcome`` grouped by rule, in the site-wide rule order."""
    by_rule: defaultdict[str, list[Finding]] = defaultdict(list)
    for f in page.findings:
        if f.outcome is outcome and is_axe(f):
            by_rule[f.rule].append(f)
    groups = [PageRuleGroup(by_id[rule_id, outcome], tuple(evidence(page.url, f) for f in items))
              for rule_id, items in by_rule.items()]
    return tuple(sorted(groups, key=lambda g: (_severity(g.rule.impact), g.rule.id)))


def _page_view(
    page: PageResult,
    anchor: str,
    by_id: Mapping[tuple[str, Outcome], RuleView],
    flags_by_id: Mapping[str, FlagRule],
    policy_rules: Mapping[str, PolicyRuleView],
    targets: Targets,
    evidence: Evidencer,
    marker: Marker,
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
        template_count=sum(axe_kind(f) == "wcag" and marker.template_key(f) is not None
                           for f in axe),
        best_practice_count=sum(axe_kind(f) == "best_practice" for f in axe),
        review_count=sum(axe_kind(f) == "needs_review" for f in axe),
        flag_count=sum(len(g.examples) for g in flags),
        by_impact=tuple(wcag[i] for i in IMPACTS),
        violations=_groups(page, Outcome.VIOLATION, by_id, evidence),
        needs_review=_groups(page, Outcome.NEEDS_REVIEW, by_id, evidence),
        flags=flags,
        policy=scorecard.page_policy(page, policy_rules),
        policy_count=sum(is_policy(f) for f in page.findings),
        blocks=textview.blocks_of(page),
        template_blocks=sum(b.template for b in page.blocks),
        third_party=thirdparty.page_hosts(page),
        third_party_blocked=thirdparty.page_blocked(page),
    )


def _method(run: RunInfo, targets: Targets) -> Method:
    """What an auditor needs to repeat the run; rule_tags as axe-core's runOnly got them.

    Owners and audiences get tables of their own, so they are left out of ``settings``.
    """
    settings = RunSettings.parse(run.settings)
    listed = settings.tags
    with_best = settings.best_practice and BEST_PRACTICE_TAG not in listed
    return Method(
        tool_version=run.tool_version,
        axe_version=run.axe_version,
        browser_version=run.browser_version,
        started=run.started,
        finished=run.finished,
        partial=run.partial,
        settings=settings.listed,
        rule_tags=(*listed, BEST_PRACTICE_TAG) if with_best else listed,
        weights=tuple((IMPACT_LABELS_SV[i], IMPACT_WEIGHTS[i]) for i in IMPACTS),
        owners=targets.owners,
        audiences=targets.audiences,
    )
