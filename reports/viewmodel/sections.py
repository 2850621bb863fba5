"""The views of the report's sections beside its pages: readability, the policy scorecard,
other websites, the trend charts, and following faults up (what changed since the
previous run, template faults, accepted exceptions).

The builders are ``reports.sections.readability``, ``policy``, ``thirdparty``, ``trends``,
``changes``, ``templatefaults`` and ``accepted``.
"""

from __future__ import annotations

from dataclasses import dataclass

from audits.model import FindingKind, Impact
from reports.viewmodel.pages import FlagRule, PageSummary
from reports.viewmodel.parts import LISTED_PAGES, Count, Link, RulePage

# -- "Läsbarhet och klarspråk": LIX bands, groups against their targets, flags -------------

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

    page: PageSummary
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
    targets: tuple[PageSummary, ...]
    hardest: tuple[HardPage, ...]
    flag_rules: tuple[FlagRule, ...]
    flags: Count

    @property
    def listed_targets(self) -> tuple[PageSummary, ...]:
        """The pages report.html lists against their target: the LISTED_PAGES furthest
        over it."""
        return self.targets[:LISTED_PAGES]


# -- "Kommunikationspolicyn": the policy's criteria per site and per owner -----------------

@dataclass(frozen=True)
class IndicatorPage:
    """A page or document among an indicator's worst, linking to its view in the report."""

    page: Link
    anchor: str
    title: str
    document: bool
    occurrences: int


@dataclass(frozen=True)
class IndicatorView:
    """An indicator's result; ``measures`` are the rule ids it counts (none for WCAG: every
    axe-core WCAG rule the run used); ``where`` names the affected rows in Swedish ("2 sidor
    och 1 dokument"); ``more`` counts the affected rows not among ``worst``."""

    name: str
    how: str
    wcag: bool
    measures: tuple[str, ...]
    count: Count
    where: str
    worst: tuple[IndicatorPage, ...]
    more: int


@dataclass(frozen=True)
class CriterionView:
    id: str
    name: str
    anchor: str
    measurable: bool
    manual: str
    indicators: tuple[IndicatorView, ...]
    total: Count


@dataclass(frozen=True)
class Scorecard:
    """The criteria for a set of rows: the whole site's or one owner's.

    ``wcag`` and ``policy`` count the rows' WCAG violations and policy findings; ``pages``
    (owner sections only) lists the rows with any finding, the most findings first.
    """

    name: str
    contact: str
    anchor: str
    audited: int
    wcag: Count
    policy: Count
    criteria: tuple[CriterionView, ...]
    pages: tuple[PageSummary, ...]

    @property
    def listed(self) -> tuple[PageSummary, ...]:
        """The pages report.html lists: the first LISTED_PAGES."""
        return self.pages[:LISTED_PAGES]


@dataclass(frozen=True)
class OwnerRow:
    """One owner's line in the owner table; ``criteria`` are the measurable criteria's
    occurrences in ``PolicyView.criterion_names`` order; ``anchor`` None: no section."""

    name: str
    contact: str
    anchor: str | None
    audited: int
    wcag: Count
    criteria: tuple[int, ...]
    flags: int
    over_share: float | None


@dataclass(frozen=True)
class PolicyView:
    """The "Kommunikationspolicyn" section. ``total`` is None in a one-owner report."""

    site: Scorecard
    owners: tuple[Scorecard, ...]
    owner_rows: tuple[OwnerRow, ...]
    total: OwnerRow | None
    owners_configured: bool
    criterion_names: tuple[str, ...]
    unmapped: Count


# -- "Resurser från andra webbplatser": the other hosts the pages load from ----------------

@dataclass(frozen=True)
class ThirdPartyHost:
    """One other host: how many pages load from it, a few of them, and whether it was blocked."""

    host: str
    pages: int
    examples: tuple[RulePage, ...]
    blocked: bool


@dataclass(frozen=True)
class ThirdPartyView:
    """The "Resurser från andra webbplatser" section.

    ``pages``: pages that load from at least one other host; ``blocked_pages``: pages on
    which the audit blocked them; ``hosts`` most pages first, then by name.
    """

    hosts: tuple[ThirdPartyHost, ...]
    pages: int
    blocked_pages: int


# -- "Kakbanner": the cookie banner, audited once ([consent]) ---------------------------

@dataclass(frozen=True)
class BannerFault:
    """One of axe-core's results on the open banner: the rule in plain words, its kind and
    impact as words, and the element (selector and code)."""

    rule: str
    help: str
    kind_label: str
    impact: Impact | None
    impact_label: str
    criteria: tuple[str, ...]
    selector: str
    snippet: str


@dataclass(frozen=True)
class ConsentView:
    """The "Kakbanner" section: how the audit answered the banner (``action``, by the
    button ``button``), what became of it (``state``, see ``audits.model.ConsentBanner``),
    where the banner came from (``host``, a third party or the site itself, and the
    script's URL) and its faults, WCAG violations first."""

    page: Link
    action: str
    button: str
    state: str
    host: str
    third_party: bool
    script_url: str
    wcag_count: int
    faults: tuple[BannerFault, ...]


# -- "Utveckling över tid": line charts over the runs --------------------------------------

@dataclass(frozen=True)
class Tick:
    pos: float
    label: str


@dataclass(frozen=True)
class ChartPoint:
    """One run's value on one line; ``marker`` is SVG path data of its marker."""

    x: float
    y: float
    value: int
    marker: str


@dataclass(frozen=True)
class Series:
    """One line: its name, its style (a CSS class suffix), path data and points."""

    name: str
    style: str
    path: str
    points: tuple[ChartPoint, ...]
    swatch: str


@dataclass(frozen=True)
class ChartRow:
    """One run in the chart's table; a value None: no figure for that run."""

    run_id: int
    label: str
    partial: bool
    values: tuple[int | None, ...]


@dataclass(frozen=True)
class Chart:
    """A line chart over the runs and the same numbers as table rows."""

    id: str
    title: str
    desc: str
    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    series: tuple[Series, ...]
    rows: tuple[ChartRow, ...]


@dataclass(frozen=True)
class TrendScope:
    """The charts of the site (or of the owner a report is limited to) or of one owner."""

    name: str
    anchor: str
    charts: tuple[Chart, ...]


@dataclass(frozen=True)
class TrendView:
    """The "Utveckling över tid" section; ``runs`` counts the points."""

    runs: int
    first: str
    last: str
    site: TrendScope
    owners: tuple[TrendScope, ...]


# -- what changed --------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusRow:
    """One row of counts in the report's status order (``sections.changes.STATUS_ORDER``);
    ``anchor`` links the row to its section; ``part``: the row is a part of the row above
    it (template or editorial WCAG faults)."""

    name: str
    counts: tuple[int, ...]
    anchor: str | None = None
    part: bool = False


@dataclass(frozen=True)
class ChangedFault:
    """A new or fixed fault as listed: a template fault once, with its page count."""

    rule: str
    help: str
    kind: FindingKind
    kind_label: str
    impact: Impact | None
    impact_label: str
    page: Link
    anchor: str | None
    selector: str
    snippet: str
    template: bool
    pages: int


@dataclass(frozen=True)
class ChangesView:
    """The section: the previous run, WCAG totals per status, tables, the two lists.

    ``kinds``: a row per kind, the WCAG row followed by its template and editorial parts
    (``origins``); ``owners``: WCAG faults per owner.

    ``new`` and ``fixed`` hold at most ``sections.changes.LIST_LIMIT`` rows; ``new_total``
    and ``fixed_total`` count them all (rows, a template fault counting once).
    """

    previous_id: int
    previous_started: str
    settings_changed: bool
    heads: tuple[str, ...]
    wcag: StatusRow
    kinds: tuple[StatusRow, ...]
    owners: tuple[StatusRow, ...]
    origins: tuple[StatusRow, ...]
    new: tuple[ChangedFault, ...]
    new_total: int
    fixed: tuple[ChangedFault, ...]
    fixed_total: int


# -- template faults -----------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateFault:
    """One fault of the shared template: one rule at one place, on ``len(pages)`` pages.

    ``examples`` are up to ``sections.templatefaults.EXAMPLES`` of its pages;
    ``rule_anchor`` links to the rule's section (axe-core's rules), ``None`` for klarsyn's
    own findings.
    """

    anchor: str
    rule: str
    site_key: str
    help: str
    kind: FindingKind
    kind_label: str
    impact: Impact | None
    impact_label: str
    rule_anchor: str | None
    pages: int
    occurrences: int
    examples: tuple[RulePage, ...]
    selector: str
    snippet: str


@dataclass(frozen=True)
class TemplateSummary:
    """Template against editorial WCAG violations: distinct template faults, the
    occurrences they make, and the editorial occurrences."""

    faults: int
    template_occurrences: int
    template_pages: int
    editorial_occurrences: int
    editorial_pages: int


# -- accepted exceptions -------------------------------------------------------------------


@dataclass(frozen=True)
class AcceptedRow:
    """One finding an exception covers; ``expired``: the exception has lapsed and the
    finding counts again. ``page`` None: an expired exception that covers nothing now."""

    rule: str
    help: str
    page: Link | None
    anchor: str | None
    selector: str
    snippet: str
    fingerprint: str
    reason: str
    decided_by: str
    expires: str
    expired: bool
    scope: str


@dataclass(frozen=True)
class AcceptedView:
    """The "Godkända undantag" section: expired rows first, then by expiry date."""

    rows: tuple[AcceptedRow, ...]
    accepted: int
    expired: int
    given: bool
