"""The report view: every figure, group and order the HTML report shows, built in Python.

``report_view`` assembles a ``ReportView`` from a prepared input (``reports.prepare``) with
the section builders of ``reports.sections``; templates only display it (the coverage.py
pattern): no counting, sorting or filtering happens in Jinja. Everything page-derived
(URLs, titles, selectors, snippets, reasons, text) stays plain text; escaping is the
template engine's job, and a URL becomes a link target only through ``Link.href``, which
is set for http(s) alone.

What the report shows of the rows (the counting rules are in each section's module):
- The pages section shows a row when it was audited or carries findings (a document the
  policy checks read), in URL order so an editor finds their section.
- WCAG violations, best practice, needs review, policy findings and klarspråk flags are
  counted apart and never added together (``audits.model.FindingKind``).
- Template faults are counted on every page they are on; the template section shows each
  once besides, and the summary says how many there are.
- Findings an accepted exception covers are not in the rows (the caller took them out)
  and so count nowhere; the "Godkända undantag" section lists them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Unpack

from audits.model import (
    IMPACTS,
    FindingKind,
    FoundBy,
    Outcome,
    PageResult,
    PageStatus,
    RuleInfo,
    RunInfo,
    Source,
    TextView,
)
from reports.i18n import Translator, translator
from reports.labels import IMPACT_LABELS_SV
from reports.prepare import FollowUp, ReportInput, prepare
from reports.sections import accessibility, readability
from reports.sections.accepted import accepted_view
from reports.sections.changes import changes_view
from reports.sections.consent import consent_view
from reports.sections.ledger import ledger, reasons
from reports.sections.manual import manual_view
from reports.sections.method import method
from reports.sections.pages import (
    PageDetails,
    PageViews,
    is_html,
    page_anchors,
    page_summary,
    shown_pages,
)
from reports.sections.policy import policy_rules, policy_view
from reports.sections.site import run_site_name
from reports.sections.templatefaults import template_faults, template_summary
from reports.sections.thirdparty import third_party_view
from reports.sections.trends import trend_view
from reports.sections.urllist import list_cut
from reports.viewmodel.pages import PageSummary
from reports.viewmodel.parts import Count
from reports.viewmodel.report import ReportView, Summary
from reports.viewmodel.sections import ReadabilityView


def build_view(
    run: RunInfo,
    pages: Sequence[PageResult],
    rules: Mapping[str, RuleInfo],
    *,
    owner: str | None = None,
    words: Translator | None = None,
    **follow: Unpack[FollowUp],
) -> ReportView:
    """The report view of one run's ledger rows and the rules' texts (see ``prepare``).

    ``owner`` names one owner (or "ingen ägare"): the view then holds that owner's rows
    alone (ValueError for an owner the run does not know). ``follow``: the follow-up parts
    (``reports.prepare.FollowUp``); a diff gives the "what changed" section and each
    finding's status. ``words``: the report's language (Swedish without it); render the
    view with the same translator.
    """
    lang = words.lang if words else "sv"
    return report_view(prepare(run, pages, rules, owner, lang=lang, **follow), words)


def report_view(report: ReportInput, words: Translator | None = None) -> ReportView:
    """The whole report view of a prepared input, its own words in ``words``'s language
    (``report.lang``'s without one). Page-derived text is never translated; rule texts
    come in the report's language from ``report.rules``."""
    words = words or translator(report.lang)
    run, rules, targets, marker = report.run, report.rules, report.targets, report.marker
    shown = shown_pages(report.rows)
    anchors = page_anchors(shown)
    faults = template_faults(shown, marker, rules, anchors, {
        f.rule: accessibility.rule_anchor(f.rule, Outcome.VIOLATION) for p in shown
        for f in p.findings if f.outcome is Outcome.VIOLATION and f.source is Source.AXE},
        words)
    pack = report.evidence
    evidence = accessibility.evidencer(marker, {(t.rule, t.site_key): t.anchor for t in faults},
                                       pack, words)
    rule_views = accessibility.rule_views(shown, anchors, rules, Outcome.VIOLATION, evidence,
                                          words)
    review_views = accessibility.rule_views(shown, anchors, rules, Outcome.NEEDS_REVIEW,
                                            evidence, words)
    by_id = {(r.id, o): r for o, views in ((Outcome.VIOLATION, rule_views),
                                             (Outcome.NEEDS_REVIEW, review_views))
             for r in views}
    flag_rules = readability.flag_rules(shown, anchors, rules)
    flags_by_id = {r.id: r for r in flag_rules}
    policies = policy_rules(shown, rules, words)
    summaries = tuple(page_summary(p, anchors[p.url], targets, marker, words) for p in shown)
    audited = [(p, v) for p, v in zip(shown, summaries, strict=True)
               if p.status is PageStatus.AUDITED]
    texts = readability.readability_view(audited, flag_rules, targets, words)
    if report.owner is not None:
        texts = replace(texts, owners=tuple(g for g in texts.owners if g.name == report.owner))
    details = PageDetails(by_id, flags_by_id, policies, targets, evidence, pack, words)
    return ReportView(
        site_name=run_site_name(run, report.settings, words),
        audit_date=_day(run.started),
        owner=report.owner,
        partial=run.partial,
        impact_labels=tuple(words.gettext(IMPACT_LABELS_SV[i]) for i in IMPACTS),
        summary=_summary(report.rows, summaries, texts, words),
        top_rules=accessibility.top_rules(rule_views),
        worst_pages=accessibility.worst_pages(summaries),
        rules=rule_views,
        review_rules=review_views,
        page_list=summaries,
        pages=PageViews(shown, summaries, details),
        readability=texts,
        policy=policy_view(tuple(zip(shown, summaries, strict=True)), targets, texts,
                           report.owner, words),
        reasons=reasons(report.rows, words),
        ledger=ledger(report.rows, words),
        method=method(run, report.settings, words),
        template_faults=faults,
        template=template_summary(shown, marker),
        changes=None if report.diff is None else changes_view(
            report.diff, targets, report.owner, anchors, rules, words),
        trends=trend_view(report.history or (), report.owner, words),
        accepted=accepted_view(report.accepted, report.expired, shown, rules, anchors, words),
        third_party=third_party_view(shown, anchors),
        manual=None if report.manual is None else manual_view(report.manual, report.rows,
                                                               anchors, report.lang),
        list_cut=list_cut(report.rows, report.settings),
        edit_url=report.settings.edit_url,
        consent=consent_view(report.consent, report.settings.stored, rules, words),
    )


def _day(started: str) -> str:
    """The day of an ISO 8601 time ("2026-05-04"); anything else as given."""
    try:
        return datetime.fromisoformat(started).date().isoformat()
    except ValueError:
        return started


def _summary(
    rows: Sequence[PageResult],
    pages: Sequence[PageSummary],
    texts: ReadabilityView,
    words: Translator,
) -> Summary:
    """Ledger totals of the report's rows and their findings, each kind counted apart."""
    by_status = Counter(p.status for p in rows)
    by_impact, totals = accessibility.impact_counts(rows, words)
    policy_pages = [v for v in pages if v.policy_count]
    return Summary(
        urls_found=len(rows),
        audited=by_status[PageStatus.AUDITED],
        failed=by_status[PageStatus.FAILED],
        skipped=by_status[PageStatus.SKIPPED],
        html_audited=sum(p.status is PageStatus.AUDITED and is_html(p) for p in rows),
        by_impact=by_impact,
        wcag=totals[FindingKind.WCAG],
        best_practice=totals[FindingKind.BEST_PRACTICE],
        needs_review=totals[FindingKind.NEEDS_REVIEW],
        klarsprak=texts.flags,
        policy=Count(sum(v.policy_count for v in policy_pages), len(policy_pages)),
        found_by_browser=sum(p.facts.get("found_by") == FoundBy.BROWSER for p in rows),
        downloaded_view=sum(p.facts.get("text_view") == TextView.DOWNLOADED for p in rows),
        reused=sum(p.facts.get("result_from") == "reused" for p in rows),
        reused_runs=tuple(
            sorted({int(r) for p in rows if (r := p.facts.get("reused_from")) is not None})
        ),
    )
