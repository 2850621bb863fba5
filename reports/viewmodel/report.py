"""The whole report: the summary, the coverage ledger, the method, and every section.

``ReportView`` is what a report's template displays; it is built by ``reports.view``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from audits.model import Impact
from audits.targets import Audience, Owner
from reports.viewmodel.manual import ManualView
from reports.viewmodel.pages import PageSummary, PageView, RuleView
from reports.viewmodel.parts import Count, Link
from reports.viewmodel.sections import (
    AcceptedView,
    ChangesView,
    ConsentView,
    PolicyView,
    ReadabilityView,
    TemplateFault,
    TemplateSummary,
    ThirdPartyView,
    TrendView,
)


@dataclass(frozen=True)
class ImpactRow:
    """One impact's counts, per kind of result."""

    impact: Impact | None
    label: str
    wcag: Count
    best_practice: Count
    needs_review: Count


@dataclass(frozen=True)
class Summary:
    """Ledger totals and axe-core results; ``klarsprak`` counts klarsyn's klarspråk flags and
    ``policy`` its communication-policy findings, each apart (see ``audits.model.FindingKind``)."""

    urls_found: int
    audited: int
    failed: int
    skipped: int
    html_audited: int
    by_impact: tuple[ImpactRow, ...]
    wcag: Count
    best_practice: Count
    needs_review: Count
    klarsprak: Count
    policy: Count
    #: URLs found only through links the rendered pages have (script-made, shadow roots).
    found_by_browser: int = 0
    #: HTML pages whose text was read from the downloaded HTML (the browser could not
    #: render them).
    downloaded_view: int = 0
    #: Pages of an incremental run whose earlier result was re-used (crawler/incremental.py)
    #: and the runs it came from.
    reused: int = 0
    reused_runs: tuple[int, ...] = ()


@dataclass(frozen=True)
class LedgerRow:
    url: Link
    status: str
    status_label: str
    http_status: int | None
    reason: str
    error: str
    #: How the crawl met the URL, in Swedish ("" when not known).
    found_by: str = ""


@dataclass(frozen=True)
class ReasonCount:
    status_label: str
    reason: str
    count: int


@dataclass(frozen=True)
class ListCut:
    """A ``--urls`` list the page budget cut: ``left_out`` of its ``listed`` URLs were not
    audited because ``max_pages`` (an explicit setting) stopped the run at that many."""

    listed: int
    left_out: int
    max_pages: int


@dataclass(frozen=True)
class Method:
    """What an auditor needs to repeat the run; owners and audiences as configured."""

    tool_version: str
    axe_version: str
    browser_version: str
    started: str
    finished: str | None
    partial: bool
    settings: tuple[tuple[str, object], ...]
    rule_tags: tuple[str, ...]
    weights: tuple[tuple[str, int], ...]
    owners: tuple[Owner, ...]
    audiences: tuple[Audience, ...]


@dataclass(frozen=True)
class ReportView:
    """The whole report; ``owner`` set: a report of that owner's rows alone.

    ``site_name`` names the audited site in the heading, the <title> and the printed page
    header (``reports.sections.site``: a host or a count, never a list of start URLs);
    ``audit_date`` is the day the audit started (ISO 8601, as the report writes dates).
    ``changes`` is None without a diff (a first audit); ``trends`` None without history.
    """

    site_name: str
    audit_date: str
    owner: str | None
    partial: bool
    impact_labels: tuple[str, ...]
    summary: Summary
    top_rules: tuple[RuleView, ...]
    worst_pages: tuple[PageSummary, ...]
    rules: tuple[RuleView, ...]
    review_rules: tuple[RuleView, ...]
    #: Every page shown, in URL order: ``page_list`` their summaries (what the site-level
    #: sections and the page list read), ``pages`` their whole views, each built when it
    #: is asked for (``reports.sections.pages.PageViews``): the detail files take them a
    #: file at a time.
    page_list: tuple[PageSummary, ...]
    pages: Sequence[PageView]
    readability: ReadabilityView
    policy: PolicyView
    reasons: tuple[ReasonCount, ...]
    ledger: tuple[LedgerRow, ...]
    method: Method
    template_faults: tuple[TemplateFault, ...]
    template: TemplateSummary
    changes: ChangesView | None
    trends: TrendView | None
    accepted: AcceptedView
    third_party: ThirdPartyView | None = None
    #: An auditor's manual verdicts (``klarsyn report --manual``); None: none given.
    manual: ManualView | None = None
    #: A ``--urls`` list that ``max_pages`` cut; None: no list, or all of it was audited.
    list_cut: ListCut | None = None
    #: The template of a page's link into the CMS (reports/editlinks.py); "": none.
    edit_url: str = ""
    #: The cookie banner, audited once ([consent]); None: the run audited none.
    consent: ConsentView | None = None
