"""The "Kommunikationspolicyn" section: the policy's criteria per site and per owner."""

from __future__ import annotations

from dataclasses import dataclass

from reports.viewmodel.pages import PageView
from reports.viewmodel.parts import Count, Link


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
    pages: tuple[PageView, ...]


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
