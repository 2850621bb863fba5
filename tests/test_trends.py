"""Trends: one point per run from a synthetic store, charts as data, SVG and its table."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from audits.model import Finding, Outcome, PageResult, PageStatus, Readability, RunInfo, Source
from reports.reporters.htmlreport import render_html
from reports.sections.trends import nice_ticks, trend_view
from reports.store import Store
from reports.trends import RunPoint, Tally, run_point, trend_points
from reports.view import build_view

SITE = "https://www.kommun.example"
BUN = "Barn- och utbildningsnämnden"
SETTINGS: dict[str, object] = {"owners": [{"name": BUN, "patterns": ["/skola"], "contact": ""}]}


def _axe(impact: str | None, n: int, *, best_practice: bool = False) -> Finding:
    return Finding("image-alt", Source.AXE, Outcome.VIOLATION, impact, ("wcag2a",),
                   f"img.n{n}", f'<img src="/{n}.png">', best_practice)  # fmt: skip


def _pages(run: int) -> list[PageResult]:
    """Run 1: 3 critical and 1 serious; each later run fixes one critical. The school page
    is over its LIX target (40) from run 2 on."""
    lix = 45.0 if run >= 2 else 35.0
    return [
        PageResult(f"{SITE}/", PageStatus.AUDITED,
                   readability=Readability(100, 10, 10, 30.0, "easy"),
                   findings=tuple(_axe("critical", n) for n in range(3 - (run - 1)))),
        PageResult(f"{SITE}/skola/", PageStatus.AUDITED,
                   readability=Readability(100, 10, 30, lix, "medium"),
                   findings=(_axe("serious", 9), _axe("minor", 8, best_practice=True),
                             Finding("policy-h1-count", Source.KLARSYN, Outcome.VIOLATION,
                                     "moderate"))),
        PageResult(f"{SITE}/trasig", PageStatus.FAILED, reason="timeout"),
    ]  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "klarsyn.sqlite")
    for run in (1, 2, 3):
        run_id = store.start_run(f"{SITE}/", f"2026-0{run}-01T02:00:00+01:00", "0.2.0", SETTINGS)
        for page in _pages(run):
            store.add_page(run_id, page)
        store.finish_run(run_id, f"2026-0{run}-01T02:05:00+01:00", partial=run == 2,
                         axe_version="4.14.1", browser_version="156")  # fmt: skip
    other = store.start_run("https://annan.example/", "2026-02-15T02:00:00+01:00", "0.2.0", {})
    store.add_page(other, PageResult("https://annan.example/", PageStatus.AUDITED,
                                     findings=(_axe("critical", 1),)))  # fmt: skip
    return store


def test_a_run_point_counts_wcag_by_impact_audited_and_over_target() -> None:
    run = RunInfo(2, f"{SITE}/", "2026-02-01T02:00:00+01:00", None, "0.2.0", "", "", SETTINGS)
    point = run_point(run, _pages(2))
    # critical, serious, moderate, minor, unknown; best practice and policy never count.
    assert point.site == Tally(audited=2, wcag=(2, 1, 0, 0, 0), over_target=1)
    assert point.owners == (
        (BUN, Tally(1, (0, 1, 0, 0, 0), 1)),
        ("ingen ägare", Tally(1, (2, 0, 0, 0, 0), 0)),
    )
    assert point.tally("Socialnämnden") is None


def test_trend_points_are_one_per_run_of_the_site_up_to_the_reported_one(store: Store) -> None:
    assert [p.run_id for p in trend_points(store)] == [4]  # the latest run: the other site's
    points = trend_points(store, until=3)
    assert [(p.run_id, p.started[:10], p.partial) for p in points] == [
        (1, "2026-01-01", False), (2, "2026-02-01", True), (3, "2026-03-01", False)]  # fmt: skip
    assert [p.site.wcag[0] for p in points] == [3, 2, 1]
    assert [p.site.over_target for p in points] == [0, 1, 1]
    assert [p.run_id for p in trend_points(store, until=2)] == [1, 2]
    with pytest.raises(ValueError, match="no run 9"):
        trend_points(store, until=9)


def test_a_chart_has_one_point_per_run_and_its_table_the_same_numbers(store: Store) -> None:
    points = trend_points(store, until=3)
    view = trend_view(points)
    assert view is not None
    assert view.runs == 3
    wcag, pages = view.site.charts
    assert [s.name for s in wcag.series] == ["Kritisk", "Allvarlig", "Måttlig", "Mindre"]
    for chart in (wcag, pages):
        assert all(len(s.points) == 3 for s in chart.series)
        assert [r.run_id for r in chart.rows] == [1, 2, 3]
        for k, s in enumerate(chart.series):
            assert [p.value for p in s.points] == [r.values[k] for r in chart.rows]
    assert [r.values for r in pages.rows] == [(2, 0), (2, 1), (2, 1)]
    critical = wcag.series[0]
    xs = [p.x for p in critical.points]
    ys = [p.y for p in critical.points]
    assert xs == sorted(xs)
    assert ys == sorted(ys)
    assert critical.path.startswith("M")
    assert critical.path.count("L") == 2
    assert wcag.desc.startswith("3 granskningar från 2026-01-01 till 2026-03-01.")
    assert "Kritisk: från 3 till 1" in wcag.desc
    assert [o.name for o in view.owners] == [BUN, "ingen ägare"]


def test_an_owner_missing_from_a_run_breaks_the_line_and_the_table_says_so() -> None:
    points = [
        RunPoint(1, "2026-01-01", False, Tally(1, (1, 0, 0, 0, 0), 0)),
        RunPoint(2, "2026-02-01", False, Tally(2, (2, 0, 0, 0, 0), 0),
                 (("Kulturnämnden", Tally(1, (1, 0, 0, 0, 0), 0)),)),
    ]  # fmt: skip
    view = trend_view(points, owner="Kulturnämnden")
    assert view is not None
    chart = view.site.charts[0]
    assert [r.values[0] for r in chart.rows] == [None, 1]
    assert len(chart.series[0].points) == 1
    assert chart.series[0].path.count("M") == 1
    assert "–" in render_html(build_view(_run(), [], {}, history=points))


@pytest.mark.parametrize(("top", "ticks"), [
    (0, (0, 1)), (3, (0, 1, 2, 3)), (7, (0, 2, 4, 6, 8)), (60, (0, 20, 40, 60)),
    (1234, (0, 500, 1000, 1500)),
])  # fmt: skip
def test_nice_ticks(top: int, ticks: tuple[int, ...]) -> None:
    assert nice_ticks(top) == ticks


def _run() -> RunInfo:
    return RunInfo(3, f"{SITE}/", "2026-03-01T02:00:00+01:00", None, "0.2.0", "", "", SETTINGS)


class _Svg(HTMLParser):
    """Per <svg role="img">: its aria-labelledby, title and desc ids, and its point count."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: list[dict[str, object]] = []
        self.ids: dict[str, str] = {}
        self._open: str | None = None
        self._in_chart = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "svg" and a.get("role") == "img":
            self.charts.append({"labelledby": a.get("aria-labelledby"), "points": 0})
            self._in_chart = True
        elif tag == "path" and a.get("class") == "point" and self._in_chart:
            self.charts[-1]["points"] += 1  # type: ignore[operator]
        if tag in ("title", "desc") and a.get("id"):
            self._open = a["id"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._in_chart = False

    def handle_data(self, data: str) -> None:
        if self._open:
            self.ids[self._open] = data
            self._open = None


def test_html_draws_accessible_svg_charts_with_tables(store: Store) -> None:
    points = trend_points(store, until=3)
    html = render_html(build_view(_run(), _pages(3), {}, history=points))
    parser = _Svg()
    parser.feed(html)
    # Site and two owners, two charts each; legends' swatches are aria-hidden.
    assert len(parser.charts) == 6
    for chart in parser.charts:
        title_id, desc_id = str(chart["labelledby"]).split()
        assert parser.ids[title_id]
        assert parser.ids[desc_id]
    assert [c["points"] for c in parser.charts[:2]] == [3 * 4, 3 * 2]
    section = html[html.index('id="utveckling"'):html.index('id="kommunikationspolicyn"')]
    caption = "Fel mot WCAG per allvarlighetsgrad – hela webbplatsen: siffrorna"
    assert f"<caption>{caption}</caption>" in section
    rows = re.findall(r"<tr><th scope=\"row\">(\d{4}-\d\d-\d\d) .*?</th>(.*?)</tr>", section)
    first_table = [(day, re.findall(r">(\d+|–)</td>", cells)) for day, cells in rows[:3]]
    assert first_table == [("2026-01-01", ["3", "1", "0", "0"]),
                           ("2026-02-01", ["2", "1", "0", "0"]),
                           ("2026-03-01", ["1", "1", "0", "0"])]  # fmt: skip
    assert "körning 2, ofullständig" in section
    assert "<script" not in section
    assert "xlink" not in section


def test_without_history_the_section_says_when_trends_start() -> None:
    html = render_html(build_view(_run(), _pages(1), {}))
    assert ">Utveckling över tid</h2>" in html
    assert "Utvecklingen visas här från och med nästa granskning." in html
    assert "<svg" not in html
