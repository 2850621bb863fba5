"""One page of the report and the findings shown on it, by kind, never mixed.

A page shows axe-core's results grouped by rule (``RuleView``, shared with the site-wide
rule list), klarsyn's klarspråk flags (``FlagRule``) and its communication-policy
findings (``PolicyRuleView``), its readability against its audience's target, and the
text blocks as scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from audits.model import DiffStatus, Impact
from reports.viewmodel.parts import LISTED_PAGES, Link, RulePage, Wcag


@dataclass(frozen=True)
class Evidence:
    """One element a rule found, as the page had it.

    ``template``: the anchor of its template fault (None: an editorial fault); ``status``
    against the previous run (new, persisting or reappeared; None without a diff).
    """

    page: Link
    selector: str
    snippet: str
    template: str | None = None
    status: DiffStatus | None = None
    status_label: str = ""
    #: Relative link to the element's screenshot in the run's evidence pack (None: none).
    shot: str | None = None


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
    impact: Impact | None
    impact_label: str
    best_practice: bool
    wcag: Wcag
    pages: tuple[RulePage, ...]
    occurrences: int
    samples: tuple[Evidence, ...]

    @property
    def listed(self) -> tuple[RulePage, ...]:
        """The pages report.html lists: the LISTED_PAGES with the most occurrences."""
        return self.pages[:LISTED_PAGES]


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

    @property
    def listed(self) -> tuple[RulePage, ...]:
        """The pages report.html lists: the LISTED_PAGES with the most occurrences."""
        return self.pages[:LISTED_PAGES]


@dataclass(frozen=True)
class PageFlagGroup:
    rule: FlagRule
    examples: tuple[FlagExample, ...]


@dataclass(frozen=True)
class PolicyRuleView:
    """A policy rule's Swedish texts; ``criterion_name`` is empty when no criterion is known."""

    id: str
    help: str
    description: str
    criterion_name: str
    impact: Impact | None
    impact_label: str
    wcag: Wcag


@dataclass(frozen=True)
class PolicyExample:
    selector: str
    snippet: str
    message: str


@dataclass(frozen=True)
class PolicyGroup:
    """One page's findings of one policy rule."""

    rule: PolicyRuleView
    examples: tuple[PolicyExample, ...]


class Verdict(StrEnum):
    """A page's LIX against its audience's target (a LIX equal to the target is within)."""

    OVER = "over"
    WITHIN = "within"
    UNSCORED = "unscored"


@dataclass(frozen=True)
class Target:
    """A page's LIX against the target of its audience.

    ``label`` says the verdict in Swedish; ``difference`` is LIX minus target (positive:
    over), None without a LIX.
    """

    audience: str
    lix_target: float
    verdict: Verdict
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
    #: The primary subtag of the block's declared language, for the report's own markup
    #: (``lang`` on its text, so a screen reader reads it right); "" when none, or not a
    #: language code.
    lang: str = ""
    #: The Swedish name of a declared language other than Swedish ("engelska"): the
    #: klarspråk rules do not read the block. "" for Swedish or undeclared.
    language: str = ""


@dataclass(frozen=True, slots=True)
class PageSummary:
    """One ledger row as the site-level parts of the report show it: its counts, its
    readability against its target, its owner and section, never its findings or text.
    A 10,000-page report holds one of these per page, and a ``PageView`` only for the
    pages whose detail file is being written.

    ``by_impact`` counts WCAG violations in IMPACTS order. ``audited``: the row was
    audited (a document the policy checks read may not be); ``document``: it is not an
    HTML page (a PDF, for instance). ``template_count``: how many of its WCAG violations
    are template faults. ``score`` ranks it among the worst (``accessibility.score``).
    """

    anchor: str
    url: Link
    audited: bool
    document: bool
    title: str
    section: str
    owner: str
    lix: float | None
    band: str | None
    band_label: str | None
    target: Target
    score: int
    wcag_count: int
    template_count: int
    best_practice_count: int
    review_count: int
    flag_count: int
    policy_count: int
    by_impact: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PageView(PageSummary):
    """One ledger row and its findings: its summary and its detail.

    ``violations`` and ``needs_review`` hold axe-core's results, ``flags`` klarsyn's
    klarspråk flags, ``policy`` its communication-policy findings; they are never mixed.
    """

    final_url: Link | None
    http_status: int | None
    content_type: str
    lang: str
    owner_contact: str
    words: int | None
    metrics: tuple[Metric, ...]
    violations: tuple[PageRuleGroup, ...]
    needs_review: tuple[PageRuleGroup, ...]
    flags: tuple[PageFlagGroup, ...]
    policy: tuple[PolicyGroup, ...]
    blocks: tuple[BlockView, ...]
    template_blocks: int
    #: Other hosts the page loaded resources from (reports/sections/thirdparty.py), and whether
    #: the audit blocked them.
    third_party: tuple[str, ...] = ()
    third_party_blocked: bool = False
    #: Which view of the page its text, policy checks and links were read from, in
    #: Swedish ("" for a URL that was not an HTML page); how the crawl met it.
    text_view: str = ""
    found_by: str = ""
    #: Relative links to the page's rendered HTML and screenshot in the run's evidence
    #: pack (None: the run keeps no evidence of the page).
    evidence_html: str | None = None
    evidence_png: str | None = None
