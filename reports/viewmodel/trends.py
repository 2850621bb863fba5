"""The "Utveckling över tid" section: line charts over the runs, laid out as plain data."""

from __future__ import annotations

from dataclasses import dataclass


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
