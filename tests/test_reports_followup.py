"""Follow-up in the report: what changed since the previous run, and accepted exceptions.

A synthetic store holds two runs of one site. Between them one editorial fault is fixed,
one is new, one comes back from the first run's past, the template fault (a footer link
on every page) persists, and a page that failed to scan leaves its fault unverified. The
last test renders a report with every follow-up section and runs axe-core over it.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from audits.exceptions import Accepted, AcceptedException, expired, split_accepted
from audits.model import Finding, Outcome, PageResult, PageStatus, RuleInfo, Source
from reports.history import RunDiff, diff_runs, previous_run
from reports.prepare import prepare
from reports.reporters.files import write_reports
from reports.reporters.jsonreport import json_report, report_data
from reports.store import Store
from reports.trends import trend_points
from reports.view import build_view
from tests.htmlfiles import render_all
from tests.test_reports import NEEDS_AXE, axe_violations

SITE = "https://www.kommun.example"
SBN, BUN = "Samhällsbyggnadsnämnden", "Barn- och utbildningsnämnden"
SETTINGS: dict[str, object] = {"owners": [
    {"name": SBN, "patterns": ["/bygga"], "contact": ""},
    {"name": BUN, "patterns": ["/skola"], "contact": ""},
]}  # fmt: skip
HOSTILE = '<img src="x" onerror="alert(1)">'
TODAY = date(2026, 5, 4)


def _axe(rule: str, snippet: str, impact: str = "serious", selector: str = "main *") -> Finding:
    return Finding(rule, Source.AXE, Outcome.VIOLATION, impact, ("wcag2a",), selector, snippet)


FOOTER = _axe("link-name", '<a class="social" href="https://fb.example/kommun"></a>')
ALT = _axe("image-alt", '<img src="/hus.jpg">', "critical")
LABEL = _axe("label", '<input name="q">', "critical")
BUTTON = _axe("button-name", '<button class="dela"></button>')
CONTRAST = _axe("color-contrast", HOSTILE, selector=".hero img")
RULES = [
    RuleInfo("image-alt", Source.AXE, "Bilder måste ha alternativtext", "", "", ("wcag2a",)),
    RuleInfo("label", Source.AXE, "Formulärfält måste ha etiketter", "", "", ("wcag2a",)),
]


def _page(path: str, *findings: Finding, status: PageStatus = PageStatus.AUDITED) -> PageResult:
    reason = "browser_timeout" if status is PageStatus.FAILED else ""
    return PageResult(SITE + path, status, reason=reason, http_status=200,
                      content_type="text/html", title=path, findings=findings)  # fmt: skip


def _run(store: Store, day: int, pages: list[PageResult]) -> int:
    run_id = store.start_run(f"{SITE}/", f"2026-05-0{day}T02:00:00+02:00", "0.2.0", SETTINGS)
    for p in pages:
        store.add_page(run_id, p)
    store.add_rules(run_id, RULES)
    store.finish_run(run_id, f"2026-05-0{day}T02:09:00+02:00", partial=False,
                     axe_version="4.14.1", browser_version="156")  # fmt: skip
    return run_id


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("followup") / "klarsyn.sqlite")
    _run(store, 1, [_page("/", FOOTER), _page("/bygga/", FOOTER, ALT), _page("/skola/", FOOTER),
                    _page("/skola/anmalan", FOOTER, BUTTON), _page("/om/", FOOTER, CONTRAST)])
    _run(store, 2, [_page("/", FOOTER), _page("/bygga/", FOOTER, ALT), _page("/skola/", FOOTER),
                    _page("/skola/anmalan", FOOTER), _page("/om/", FOOTER, CONTRAST)])
    # Run 3: ALT fixed, LABEL new, BUTTON back (seen in run 1), /om/ failed to scan.
    _run(store, 3, [_page("/", FOOTER), _page("/bygga/", FOOTER), _page("/skola/", FOOTER, LABEL),
                    _page("/skola/anmalan", FOOTER, BUTTON),
                    _page("/om/", status=PageStatus.FAILED)])  # fmt: skip
    return store


@pytest.fixture(scope="module")
def diff(store: Store) -> RunDiff:
    previous = previous_run(store, 3)
    assert previous == 2
    return diff_runs(store, previous, 3)


def test_changes_count_new_fixed_persisting_reappeared_per_owner_and_origin(
    store: Store, diff: RunDiff
) -> None:
    view = build_view(store.load_run(3), store.load_pages(3), store.load_rules(3), diff=diff)
    c = view.changes
    assert c is not None
    assert (c.previous_id, c.heads) == (2, ("Nya", "Åtgärdade", "Kvarstående", "Återkomna",
                                            "Ej kontrollerade"))  # fmt: skip
    # new LABEL; fixed ALT; FOOTER persists on 4 pages; BUTTON back; /om/'s 2 unverified.
    assert c.wcag.counts == (1, 1, 4, 1, 2)
    assert [(r.name, r.counts, r.part) for r in c.kinds[:3]] == [
        ("Fel mot WCAG", (1, 1, 4, 1, 2), False),
        ("varav mallfel", (0, 0, 4, 0, 1), True),
        ("varav redaktionella fel", (1, 1, 0, 1, 1), True),
    ]
    assert {r.name: r.counts for r in c.owners} == {
        SBN: (0, 1, 1, 0, 0), BUN: (1, 0, 2, 1, 0), "ingen ägare": (0, 0, 1, 0, 2)}  # fmt: skip
    assert [(f.rule, f.help, f.page.text, f.snippet) for f in c.new] == [
        ("label", "Formulärfält måste ha etiketter", f"{SITE}/skola/", LABEL.snippet)]
    assert [(f.rule, f.page.text, f.anchor is not None) for f in c.fixed] == [
        ("image-alt", f"{SITE}/bygga/", True)]
    statuses = {(p.url.text, g.rule.id): [e.status_label for e in g.evidence]
                for p in view.pages for g in p.violations}  # fmt: skip
    assert statuses[f"{SITE}/skola/", "label"] == ["nytt"]
    assert statuses[f"{SITE}/skola/anmalan", "button-name"] == ["återkommet"]
    assert statuses[f"{SITE}/", "link-name"] == ["kvarstår"]


def test_an_owners_report_counts_that_owners_changes_alone(store: Store, diff: RunDiff) -> None:
    view = build_view(store.load_run(3), store.load_pages(3), {}, owner=BUN, diff=diff)
    assert view.changes is not None
    assert view.changes.wcag.counts == (1, 0, 2, 1, 0)
    assert [r.name for r in view.changes.owners] == [BUN]


def test_html_says_what_changed_first_with_links_to_the_lists(store: Store, diff: RunDiff) -> None:
    html = render_all(build_view(store.load_run(3), store.load_pages(3), {}, diff=diff))
    main = html[html.index("<main"):]
    assert main.index("Förändringar sedan förra granskningen") < main.index(">Sammanfattning<")
    assert "Jämfört med granskningen 2026-05-02 02:00:00+02:00 (körning 2)" in main
    for anchor in ("nya-fel", "atgardade-fel"):
        assert f'href="#{anchor}"' in main
        assert f'id="{anchor}"' in main
    assert "<h3 id=\"nya-fel\">Nya fel (1)</h3>" in main
    assert "räknas inte som åtgärdade" in main


def test_first_audit_says_there_is_nothing_to_compare_with(store: Store) -> None:
    html = render_all(build_view(store.load_run(1), store.load_pages(1), {}))
    part = html[html.index('id="forandringar"'):html.index('id="sammanfattning"')]
    assert "Första granskningen – inget att jämföra med." in part


def test_json_and_csv_carry_changes_and_each_findings_status(
    store: Store, diff: RunDiff, tmp_path: Path
) -> None:
    run, pages = store.load_run(3), store.load_pages(3)
    json_path, _jsonl, csv_path = write_reports(run, pages, {}, tmp_path, ["json", "csv"],
                                               diff=diff)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["changes"] == json.loads(json.dumps(diff.as_dict()))
    found = {(p["url"], f["rule"]): (f["status"], f["template"], f["fingerprint"])
             for p in data["pages"] for f in p["findings"]}  # fmt: skip
    stored = {(p.url, f.rule): f.fingerprint for p in pages for f in p.findings}
    assert {k: v[2] for k, v in found.items()} == stored  # the store's fingerprints, as stored
    assert found[f"{SITE}/skola/", "label"][:2] == ("new", False)
    assert found[f"{SITE}/", "link-name"][:2] == ("persisting", True)
    assert found[f"{SITE}/skola/anmalan", "button-name"][:2] == ("reappeared", False)
    rows = list(csv.DictReader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig")),
                               delimiter=";"))  # fmt: skip
    assert list(rows[0])[-3:] == ["fingerprint", "template", "status"]
    assert sorted(r["status"] for r in rows) == ["new", *["persisting"] * 4, "reappeared"]


def test_report_json_with_a_diff_streamed_is_json_dumps_byte_for_byte(
    store: Store, diff: RunDiff
) -> None:
    # report.json writes its pages and the diff's faults an item at a time: the same text.
    report = prepare(store.load_run(3), store.load_pages(3), {}, None, diff=diff)
    assert diff.faults
    whole = json.dumps(report_data(report), ensure_ascii=False, indent=2, default=str) + "\n"
    assert json_report(report) == whole.encode("utf-8")
    assert json.loads(whole)["changes"] == json.loads(json.dumps(diff.as_dict()))


def _accepted(
    store: Store, rule: str = "link-name"
) -> tuple[list[Accepted], list[PageResult], tuple[AcceptedException, ...]]:
    """The footer's faults (or ``rule``'s) accepted, two exceptions expired."""
    exceptions = (
        AcceptedException(rule, "Leverantören byter sidfot i <juni>", "Eva Ek, webbchef",
                          date(2026, 7, 1), selector="main *"),
        AcceptedException("button-name", "Delningsknappen tas bort", "Per Persson",
                          date(2026, 5, 1), url="/skola/anmalan"),
        AcceptedException("region", "Gammal kampanj", "Per Persson", date(2026, 1, 1)),
    )  # fmt: skip
    accepted, remaining = split_accepted(store.load_pages(3), exceptions, TODAY)
    return accepted, remaining, exceptions


def test_accepted_exceptions_get_their_own_section_and_expired_ones_count_again(
    store: Store, tmp_path: Path
) -> None:
    accepted, remaining, exceptions = _accepted(store)
    run = store.load_run(3)
    view = build_view(run, remaining, {}, accepted=accepted, expired=expired(exceptions, TODAY))
    a = view.accepted
    assert (a.accepted, a.expired, a.given) == (4, 2, True)
    assert [(r.rule, r.expired, r.page.text if r.page else None) for r in a.rows[:2]] == [
        ("region", True, None), ("button-name", True, f"{SITE}/skola/anmalan")]  # fmt: skip
    row = a.rows[2]
    assert (row.reason, row.decided_by, row.expires, row.selector) == (
        "Leverantören byter sidfot i <juni>", "Eva Ek, webbchef", "2026-07-01", "main *")
    assert view.summary.wcag.occurrences == 2  # the footer's four are accepted; BUTTON counts
    html = render_all(view)
    part = html[html.index('id="undantag"'):html.index('id="lasbarhet"')]
    assert ">Godkända undantag</h2>" in part
    assert part.count("har gått ut – felet räknas igen") == 2
    assert part.count("Eva Ek, webbchef") == 4
    assert "Leverantören byter sidfot i &lt;juni&gt;" in part
    assert "<juni>" not in html
    assert "2026-07-01" in part
    path, _jsonl = write_reports(run, remaining, {}, tmp_path, ["json"], accepted=accepted,
                            expired=expired(exceptions, TODAY))  # fmt: skip
    listed = json.loads(path.read_text(encoding="utf-8"))["accepted"]
    assert [(e["rule"], e["expired"], e["expires"]) for e in listed][:3] == [
        ("region", True, "2026-01-01"), ("button-name", True, "2026-05-01"),
        ("link-name", False, "2026-07-01")]  # fmt: skip
    assert all(len(e["fingerprint"]) == 16 for e in listed if e["page_url"])


def test_accepted_findings_are_left_out_of_the_changes_too(
    store: Store, diff: RunDiff, tmp_path: Path
) -> None:
    accepted, remaining, _ = _accepted(store)
    run = store.load_run(3)
    view = build_view(run, remaining, {}, diff=diff, accepted=accepted)
    assert view.changes is not None
    # The footer's four persisting faults are accepted; /om/'s stays unverified (not in run 3).
    assert view.changes.wcag.counts == (1, 1, 0, 1, 2)
    path, _jsonl = write_reports(run, remaining, {}, tmp_path, ["json"], diff=diff,
                                 accepted=accepted)
    totals = json.loads(path.read_text(encoding="utf-8"))["changes"]["totals"]
    assert (totals["persisting"], totals["new"]) == (0, 1)


def test_without_exceptions_the_section_still_says_so(store: Store) -> None:
    html = render_all(build_view(store.load_run(3), store.load_pages(3), {}))
    assert "Inga undantag är angivna för den här rapporten." in html
    html = render_all(build_view(store.load_run(3), store.load_pages(3), {}, accepted=[]))
    assert "Inga fel omfattas av ett godkänt undantag." in html


@pytest.mark.browser
@NEEDS_AXE
def test_axe_finds_no_violations_in_a_report_with_every_section(
    store: Store, diff: RunDiff, tmp_path: Path
) -> None:
    accepted, remaining, exceptions = _accepted(store, "label")
    report, _sidor = write_reports(
        store.load_run(3), remaining, store.load_rules(3), tmp_path, ["html"], diff=diff,
        history=trend_points(store, until=3), accepted=accepted,
        expired=expired(exceptions, TODAY))  # fmt: skip
    html = report.read_text(encoding="utf-8")
    for heading in ("Förändringar sedan förra granskningen", "Utveckling över tid",
                    "Godkända undantag"):  # fmt: skip
        assert f">{heading}</h2>" in html
    assert "Mallfel – fel i sidmallen (1)" in html
    assert '<svg class="trend"' in html
    assert "har gått ut – felet räknas igen" in html
    assert axe_violations(report) == []
