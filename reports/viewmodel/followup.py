"""Following faults up: what changed since the previous run, template faults, and the
findings accepted exceptions take out of the report."""

from __future__ import annotations

from dataclasses import dataclass

from audits.model import FindingKind, Impact
from reports.viewmodel.parts import Link, RulePage

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
