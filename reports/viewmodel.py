"""The report's view model: frozen dataclasses that hold every figure a report shows.

They are built by reports/view.py (accessibility, pages, coverage, method) and
reports/textview.py (readability and klarspråk); templates only display them. Everything
page-derived stays plain text here: escaping is the template engine's job, and a URL
becomes a link target only through ``Link.href`` (see ``make_link``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from audits.targets import Audience, Owner

if TYPE_CHECKING:  # these modules build on this one; only the annotations need them
    from reports.changes import ChangesView
    from reports.followup import AcceptedView, TemplateFault, TemplateSummary
    from reports.scorecard import PolicyGroup, PolicyView
    from reports.thirdparty import ThirdPartyView
    from reports.trends import TrendView

_WEB_URL = re.compile(r"https?://", re.IGNORECASE)
_CRITERION_TAG = re.compile(r"wcag(\d)(\d)(\d{1,2})")
_LEVEL_TAG = re.compile(r"wcag(\d)(\d?)(a{1,3})")


@dataclass(frozen=True)
class Link:
    """A URL to show; ``href`` is the URL only when its scheme is http or https."""

    text: str
    href: str | None


def make_link(url: str) -> Link:
    """A Link whose href is set only for an http(s) URL; anything else stays text."""
    return Link(text=url, href=url if _WEB_URL.match(url) else None)


@dataclass(frozen=True)
class Count:
    """Occurrences (elements) and affected pages (each counted once)."""

    occurrences: int
    pages: int


@dataclass(frozen=True)
class ImpactRow:
    """One impact's counts, per kind of result."""

    impact: str | None
    label: str
    wcag: Count
    best_practice: Count
    needs_review: Count


@dataclass(frozen=True)
class Summary:
    """Ledger totals and axe-core results; ``klarsprak`` counts klarsyn's klarspråk flags and
    ``policy`` its communication-policy findings, each apart (see reports/kinds.py)."""

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


@dataclass(frozen=True)
class Wcag:
    """Success criteria ("1.4.3") and the conformance level ("AA") of WCAG ``version``."""

    criteria: tuple[str, ...]
    level: str | None
    version: str | None


def wcag_from_tags(tags: Iterable[str]) -> Wcag:
    """Map axe-core tags to WCAG: "wcag143" → criterion "1.4.3", "wcag21aa" → AA of 2.1.

    With several level tags the lowest level wins: it is the one the rule is required at.
    Other tags (best-practice, cat.*, EN-301-549, …) are ignored.
    """
    criteria: set[str] = set()
    levels: list[tuple[int, str]] = []
    for tag in tags:
        if m := _CRITERION_TAG.fullmatch(tag):
            criteria.add(".".join(m.groups()))
        elif m := _LEVEL_TAG.fullmatch(tag):
            major, minor, letters = m.groups()
            levels.append((len(letters), f"{major}.{minor or '0'}"))
    ordered = tuple(sorted(criteria, key=lambda c: tuple(int(n) for n in c.split("."))))
    if not levels:
        return Wcag(ordered, None, None)
    length, version = min(levels)
    return Wcag(ordered, "A" * length, version)


@dataclass(frozen=True)
class Evidence:
    """One element a rule found, as the page had it.

    ``template``: the anchor of its template fault (None: an editorial fault); ``status``
    against the previous run ("new", "persisting", "reappeared"; None without a diff).
    """

    page: Link
    selector: str
    snippet: str
    template: str | None = None
    status: str | None = None
    status_label: str = ""


@dataclass(frozen=True)
class RulePage:
    page: Link
    anchor: str
    occurrences: int


@dataclass(frozen=True)
class RuleView:
    """One axe-core rule with one outcome across the site: the same template fault shown once.

    ``impact`` is the most severe impact among its occurrences.
    """

    id: str
    anchor: str
    source: str
    help: str
    description: str
    help_href: str | None
    impact: str | None
    impact_label: str
    best_practice: bool
    wcag: Wcag
    pages: tuple[RulePage, ...]
    occurrences: int
    samples: tuple[Evidence, ...]


@dataclass(frozen=True)
class PageRuleGroup:
    rule: RuleView
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class FlagExample:
    """One klarspråk flag: the quoted text and what to do about it (``message``)."""

    page: Link
    anchor: str
    snippet: str
    message: str


@dataclass(frozen=True)
class FlagRule:
    """One klarspråk rule across the site: its Swedish texts, pages and examples."""

    id: str
    anchor: str
    help: str
    description: str
    help_href: str | None
    wcag: Wcag
    pages: tuple[RulePage, ...]
    occurrences: int
    examples: tuple[FlagExample, ...]


@dataclass(frozen=True)
class PageFlagGroup:
    rule: FlagRule
    examples: tuple[FlagExample, ...]


@dataclass(frozen=True)
class Target:
    """A page's LIX against the target of its audience.

    ``verdict`` is "over", "within" or "unscored"; ``label`` says it in Swedish;
    ``difference`` is LIX minus target (positive: over), None without a LIX.
    """

    audience: str
    lix_target: float
    verdict: str
    label: str
    difference: float | None


@dataclass(frozen=True)
class Metric:
    """One readability measure of a page; ``value`` None means not computed."""

    name: str
    value: float | None
    unit: str
    digits: int


@dataclass(frozen=True)
class BlockView:
    """One block of the page's main content as scored; template blocks are not counted."""

    kind: str
    kind_label: str
    text: str
    template: bool


@dataclass(frozen=True)
class PageView:
    """One ledger row and its findings; ``by_impact`` counts WCAG violations in IMPACTS order.

    ``violations`` and ``needs_review`` hold axe-core's results, ``flags`` klarsyn's
    klarspråk flags, ``policy`` its communication-policy findings; they are never mixed.
    ``audited``: the row was audited (a document the policy checks read may not be);
    ``document``: it is not an HTML page (a PDF, for instance). ``template_count``: how
    many of its WCAG violations are template faults.
    """

    anchor: str
    url: Link
    final_url: Link | None
    audited: bool
    document: bool
    title: str
    http_status: int | None
    content_type: str
    lang: str
    section: str
    owner: str
    owner_contact: str
    lix: float | None
    band: str | None
    band_label: str | None
    words: int | None
    target: Target
    metrics: tuple[Metric, ...]
    score: int
    wcag_count: int
    template_count: int
    best_practice_count: int
    review_count: int
    flag_count: int
    by_impact: tuple[int, ...]
    violations: tuple[PageRuleGroup, ...]
    needs_review: tuple[PageRuleGroup, ...]
    flags: tuple[PageFlagGroup, ...]
    policy: tuple[PolicyGroup, ...]
    policy_count: int
    blocks: tuple[BlockView, ...]
    template_blocks: int
    #: Other hosts the page loaded resources from (reports/thirdparty.py), and whether
    #: the audit blocked them.
    third_party: tuple[str, ...] = ()
    third_party_blocked: bool = False


@dataclass(frozen=True)
class BandRow:
    band: str
    label: str
    pages: int
    share: float


@dataclass(frozen=True)
class GroupRow:
    """Audited pages of one section, owner or audience, and their LIX against the targets.

    ``bands`` counts pages per scored band (``ReadabilityView.band_labels`` order);
    ``over_share`` is percent of the scored pages, None when none was scored;
    ``lix_target`` is set for audience rows only.
    """

    name: str
    contact: str
    audited: int
    scored: int
    median_lix: float | None
    bands: tuple[int, ...]
    over_target: int
    over_share: float | None
    flags: int
    lix_target: float | None = None


@dataclass(frozen=True)
class HardPage:
    """A page among the hardest to read, with its longest sentences (quoted)."""

    page: PageView
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class ReadabilityView:
    """The "Läsbarhet och klarspråk" section.

    ``rows``: audited pages per LIX band, ``share`` in percent of pages with a readability
    result. ``total`` is the whole site as one GroupRow; ``sections``, ``owners`` and
    ``audiences`` split it. ``targets`` lists every page with a readability result
    against its own target, the furthest over first.
    """

    rows: tuple[BandRow, ...]
    scored: int
    median_lix: float | None
    unscored: int
    band_labels: tuple[str, ...]
    total: GroupRow
    sections: tuple[GroupRow, ...]
    owners: tuple[GroupRow, ...]
    audiences: tuple[GroupRow, ...]
    targets: tuple[PageView, ...]
    hardest: tuple[HardPage, ...]
    flag_rules: tuple[FlagRule, ...]
    flags: Count


@dataclass(frozen=True)
class LedgerRow:
    url: Link
    status: str
    status_label: str
    http_status: int | None
    reason: str
    error: str


@dataclass(frozen=True)
class ReasonCount:
    status_label: str
    reason: str
    count: int


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

    ``changes`` is None without a diff (a first audit); ``trends`` None without history.
    """

    site: Link
    owner: str | None
    partial: bool
    impact_labels: tuple[str, ...]
    summary: Summary
    top_rules: tuple[RuleView, ...]
    worst_pages: tuple[PageView, ...]
    rules: tuple[RuleView, ...]
    review_rules: tuple[RuleView, ...]
    pages: tuple[PageView, ...]
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
