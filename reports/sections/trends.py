"""The "Utveckling över tid" section: line charts of the trend points, as plain data.

The charts are built here as coordinates and SVG path data (``line_chart``); the template
only places them. Every chart has a table with the same numbers. What the points count is
in ``reports.trends``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from audits.model import IMPACT_ORDER
from audits.targets import NO_OWNER
from reports.i18n import SWEDISH, Translator
from reports.labels import IMPACT_LABELS_SV, SITE_NAME_SV
from reports.trends import RunPoint
from reports.viewmodel.sections import (
    Chart,
    ChartPoint,
    ChartRow,
    Series,
    Tick,
    TrendScope,
    TrendView,
)

#: The drawing's size in SVG units; it scales to the page width.
WIDTH, HEIGHT = 640, 220
_LEFT, _RIGHT, _TOP, _BOTTOM = 44.0, 8.0, 12.0, 34.0
# Room between the y axis (and the right edge) and the first (last) run, for its label.
_INSET = 40.0
MAX_X_LABELS = 8
# Five marker shapes, so series differ by more than colour (drawn around 0,0).
_SHAPES = (
    "M{x:.1f} {y:.1f}m-3.5 0a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0Z",  # circle
    "M{x:.1f} {y:.1f}m-3.2 -3.2h6.4v6.4h-6.4Z",  # square
    "M{x:.1f} {y:.1f}m0 -4.2l4 7h-8Z",  # triangle
    "M{x:.1f} {y:.1f}m0 -4.6l4.6 4.6l-4.6 4.6l-4.6 -4.6Z",  # diamond
    "M{x:.1f} {y:.1f}m0 4.2l4 -7h-8Z",  # triangle pointing down
)


def nice_ticks(top: int) -> tuple[int, ...]:
    """0 and up to five steps of 1, 2 or 5 × 10ⁿ reaching at least ``top`` (at least 1)."""
    top = max(top, 1)
    magnitude = 10 ** max(0, math.floor(math.log10(top / 5))) if top > 5 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10, 20, 50) if m * magnitude * 5 >= top)
    return tuple(range(0, math.ceil(top / step) * step + 1, step))


def run_label(point: RunPoint, words: Translator = SWEDISH) -> str:
    """The run's day (from its ISO start time), as the x axis shows it."""
    return point.started[:10] or words.gettext("körning %(id)s") % {"id": point.run_id}


def line_chart(
    chart_id: str,
    title: str,
    points: Sequence[RunPoint],
    series: Sequence[tuple[str, str, Sequence[int | None]]],
    words: Translator = SWEDISH,
) -> Chart:
    """Lay out ``series`` (name, style, one value per point) over the runs of ``points``.

    x: the runs in order, evenly spaced (one run: in the middle); y: from 0 to the top
    tick. A None value breaks the line.
    """
    n = len(points)
    left, top, right, bottom = _LEFT, _TOP, WIDTH - _RIGHT, HEIGHT - _BOTTOM
    ticks = nice_ticks(max((v for _, _, vs in series for v in vs if v is not None), default=0))

    def x_at(i: int) -> float:
        first, last = left + _INSET, right - _INSET
        return (first + last) / 2 if n == 1 else first + i * (last - first) / (n - 1)

    def y_at(value: int) -> float:
        return bottom - value * (bottom - top) / ticks[-1]

    lines = []
    for k, (name, style, values) in enumerate(series):
        shape = _SHAPES[k % len(_SHAPES)]
        pts, path, pen_down = [], [], False
        for i, value in enumerate(values):
            if value is None:
                pen_down = False
                continue
            x, y = x_at(i), y_at(value)
            path.append(f"{'L' if pen_down else 'M'}{x:.1f} {y:.1f}")
            pen_down = True
            pts.append(ChartPoint(round(x, 1), round(y, 1), value, shape.format(x=x, y=y)))
        lines.append(Series(name, style, " ".join(path), tuple(pts), shape.format(x=14, y=6)))
    every = max(1, math.ceil(n / MAX_X_LABELS))
    labelled = [i for i in range(n) if i % every == 0 or i == n - 1]
    if len(labelled) > 1 and labelled[-1] - labelled[-2] < every:
        del labelled[-2]  # keep the last run's label, drop its too-close neighbour
    rows = tuple(ChartRow(p.run_id, run_label(p, words), p.partial,
                          tuple(values[i] for _, _, values in series))
                 for i, p in enumerate(points))
    return Chart(
        id=chart_id, title=title, desc=_describe(series, points, words), width=WIDTH,
        height=HEIGHT,
        left=left, top=top, right=right, bottom=bottom,
        y_ticks=tuple(Tick(round(y_at(t), 1), str(t)) for t in ticks),
        x_ticks=tuple(Tick(round(x_at(i), 1), run_label(points[i], words)) for i in labelled),
        series=tuple(lines), rows=rows)


def _describe(series: Sequence[tuple[str, str, Sequence[int | None]]],
              points: Sequence[RunPoint], words: Translator = SWEDISH) -> str:
    """What the chart shows in words: each line's first and last figure."""
    _ = words.gettext
    if not points:
        return _("Inga granskningar att visa.")
    first, last = run_label(points[0], words), run_label(points[-1], words)
    span = (_("%(n)s granskningar från %(first)s till %(last)s")
            % {"n": len(points), "first": first, "last": last} if len(points) > 1 else
            _("en granskning, %(first)s") % {"first": first})
    parts = []
    for name, _style, values in series:
        known = [v for v in values if v is not None]
        if not known:
            parts.append(_("%(name)s: inga uppgifter") % {"name": name})
        elif len(known) == 1:
            parts.append(f"{name}: {known[0]}")
        else:
            parts.append(_("%(name)s: från %(first)s till %(last)s")
                         % {"name": name, "first": known[0], "last": known[-1]})
    return f"{span.capitalize()}. " + "; ".join(parts) + ". " + _("Siffrorna finns i tabellen.")


def trend_view(
    points: Sequence[RunPoint], owner: str | None = None, words: Translator = SWEDISH
) -> TrendView | None:
    """The trend section of a report; None without points. ``owner``: that owner alone."""
    if not points:
        return None
    site_name = owner or words.gettext(SITE_NAME_SV)
    names = [] if owner else list(dict.fromkeys(
        name for p in reversed(points) for name, _ in p.owners))
    return TrendView(
        runs=len(points), first=run_label(points[0], words),
        last=run_label(points[-1], words),
        site=_scope(points, owner, site_name, "trend", words),
        owners=tuple(_scope(points, name, name, f"trend-agare-{n}", words)
                     for n, name in enumerate(names, start=1)))


def _scope(points: Sequence[RunPoint], owner: str | None, name: str, anchor: str,
           words: Translator = SWEDISH) -> TrendScope:
    _ = words.gettext
    tallies = [p.tally(owner) for p in points]
    used = [i for i in IMPACT_ORDER
            if i is not None or any(t and t.wcag[-1] for t in tallies)]
    impacts = [(_(IMPACT_LABELS_SV[i]).capitalize(), i or "none",
                [t.wcag[IMPACT_ORDER.index(i)] if t else None for t in tallies]) for i in used]
    pages = [(_("Granskade sidor"), "audited", [t.audited if t else None for t in tallies]),
             (_("Sidor över sitt LIX-mål"), "over",
              [t.over_target if t else None for t in tallies])]
    if name == NO_OWNER:
        name = _(name)
    return TrendScope(name, anchor, (
        line_chart(f"{anchor}-wcag", _("Fel mot WCAG per allvarlighetsgrad") + f" – {name}",
                   points, impacts, words),
        line_chart(f"{anchor}-sidor",
                   _("Granskade sidor och sidor över LIX-målet") + f" – {name}",
                   points, pages, words),
    ))
