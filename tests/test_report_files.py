"""The HTML report as files: report.html stays small whatever the site's size, the page
details and lists are in sidor/ beside it, every link between them lands, a smaller
rerun leaves no stale file, and pages.jsonl streams report.json's pages.

The sites are synthetic (tests/bigsite.py: ledger rows built in Python, no crawl). The
self-audits run axe-core in real Chromium over each kind of file the report writes.
"""

from __future__ import annotations

import json
import os
from dataclasses import fields
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest

from reports.evidence import ElementShot, EvidenceIndex, PageRecord, page_key
from reports.prepare import prepare
from reports.reporters import htmlreport
from reports.reporters.csvreport import CSV_COLUMNS, CSV_DELIMITER, csv_report
from reports.reporters.files import write_reports
from reports.reporters.jsonreport import json_report, report_data
from reports.reporters.layout import PAGE_LIST_ROWS, PAGES_DIR, PAGES_PER_FILE
from reports.view import build_view
from reports.viewmodel.pages import PageSummary
from tests.bigsite import big_run, big_site
from tests.test_reports import NEEDS_AXE, axe_in, chromium_driver

if TYPE_CHECKING:
    pass

#: report.html of a 2,000-page site is under this many bytes ...
MAX_REPORT_BYTES = 1_000_000
#: ... and grows by less than this from 1,000 to 2,000 pages (today: a few KB, the counts'
#: digits; before the split it grew by about 9 MB).
MAX_GROWTH_BYTES = 50_000


class _Links(HTMLParser):
    """The ids and the hrefs of one HTML file."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href") is not None:
            self.hrefs.append(str(values["href"]))


def _parse(path: Path) -> _Links:
    links = _Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def broken_links(out: Path) -> tuple[int, list[tuple[str, str]]]:
    """Every local link of report.html and sidor/*.html: how many there are, and those
    whose file is missing or whose #anchor is not an id of its file."""
    parsed: dict[Path, _Links] = {}

    def links(path: Path) -> _Links:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    count, broken = 0, []
    for source in [out / "report.html", *sorted((out / PAGES_DIR).glob("*.html"))]:
        for href in links(source).hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue
            target = (source.parent / unquote(parts.path)).resolve() if parts.path else source
            count += 1
            where = f"{source.relative_to(out)} → {href}"
            if not target.is_file():
                broken.append((where, "no such file"))
            elif (parts.fragment and target.suffix == ".html"
                  and parts.fragment not in links(target).ids):  # fmt: skip
                broken.append((where, "no such anchor"))
    return count, broken


@pytest.fixture(scope="module")
def site_2000(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """html and json of the 2,000-row synthetic site."""
    out = tmp_path_factory.mktemp("big")
    write_reports(big_run(2000), big_site(2000), {}, out, ["html", "json"])
    return out


def test_report_html_stays_small_and_flat_as_the_site_grows(
    site_2000: Path, tmp_path: Path
) -> None:
    write_reports(big_run(1000), big_site(1000), {}, tmp_path, ["html"])
    small = (tmp_path / "report.html").stat().st_size
    big = (site_2000 / "report.html").stat().st_size
    assert big < MAX_REPORT_BYTES, big
    assert big - small < MAX_GROWTH_BYTES, (small, big)
    # The detail did not vanish: it is in the page files, which grow with the site.
    details = sum(p.stat().st_size for p in (tmp_path / PAGES_DIR).glob("sidor-*.html"))
    assert details > 5 * small


def test_page_files_hold_every_page_once_in_chunks_and_the_list_is_paginated(
    site_2000: Path,
) -> None:
    shown = sum(1 for p in big_site(2000) if p.status.value == "audited")
    files = sorted((site_2000 / PAGES_DIR).glob("sidor-*.html"))
    assert len(files) == -(-shown // PAGES_PER_FILE)
    ids = [i for f in files for i in _parse(f).ids if i.startswith("sida-") and "-" not in i[5:]]
    assert sorted(ids) == sorted(f"sida-{n}" for n in range(1, shown + 1))
    lists = sorted(p.name for p in (site_2000 / PAGES_DIR).glob("index*.html"))
    assert lists == ["index-2.html", "index.html"]  # 1,920 pages, PAGE_LIST_ROWS a file
    assert PAGE_LIST_ROWS == 1000
    first = (site_2000 / PAGES_DIR / "index.html").read_text(encoding="utf-8")
    assert first.count('<tr><th scope="row"><a href="sidor-') == PAGE_LIST_ROWS
    # The ledger lists every URL, the failed and skipped ones too.
    ledger = "".join(p.read_text(encoding="utf-8")
                     for p in (site_2000 / PAGES_DIR).glob("adresser*.html"))  # fmt: skip
    assert ledger.count('<tr><th scope="row" class="url">') == 2000


def test_every_local_link_lands_on_its_file_and_anchor(site_2000: Path) -> None:
    count, broken = broken_links(site_2000)
    assert broken == []
    assert count > 15_000  # rule tables, page lists, page details: the check read them


def test_rules_link_to_the_page_file_and_anchor_of_each_page(site_2000: Path) -> None:
    report = (site_2000 / "report.html").read_text(encoding="utf-8")
    # image-alt hits every third page; its table lists the first 25 of them by URL.
    rows = _parse(site_2000 / "report.html").hrefs
    assert any(h.startswith(f"{PAGES_DIR}/sidor-") and "#sida-" in h for h in rows)
    assert "Listan visar de 25 sidor med flest förekomster av 1920." in report
    # A page file links back to the rule's section in report.html.
    detail = _parse(site_2000 / PAGES_DIR / "sidor-3.html").hrefs
    assert any(h.startswith("../report.html#") and "image-alt" in h for h in detail)


def test_evidence_links_resolve_from_report_html_and_the_page_files(tmp_path: Path) -> None:
    run, pages = big_run(120), big_site(120)
    folder = tmp_path / "evidence" / "run-1"
    for page in pages[:3]:  # sida-1 … sida-3: a full-page and an element screenshot each
        key = page_key(page.url)
        (folder / key / "elements").mkdir(parents=True)
        for name in ("page.html", "page.png", "elements/link-name-1.png"):
            (folder / key / name).write_bytes(b"x")
        shot = ElementShot("link-name", "footer > a", "elements/link-name-1.png")
        record = PageRecord(
            page.url,
            page.url,
            "2026-05-04T02:00:00+02:00",
            html="page.html",
            screenshot="page.png",
            elements=(shot,),
        )
        (folder / key / "page.json").write_bytes(record.to_json())
    index = EvidenceIndex.load(folder, tmp_path)
    write_reports(run, pages, {}, tmp_path, ["html"], evidence=index)
    detail = _parse(tmp_path / PAGES_DIR / "sidor-1.html").hrefs
    shots = [h for h in detail if h.startswith("../evidence/run-1/")]
    assert len(shots) == 9  # three pages: page.png, page.html, the element's screenshot
    assert broken_links(tmp_path)[1] == []


def test_a_smaller_rerun_leaves_no_stale_page_file_and_no_temporary_folder(
    tmp_path: Path,
) -> None:
    write_reports(big_run(600), big_site(600), {}, tmp_path, ["html"])
    assert (tmp_path / PAGES_DIR / "sidor-6.html").exists()
    (tmp_path / "notes.txt").write_text("the user's own file", encoding="utf-8")
    written = write_reports(big_run(150), big_site(150), {}, tmp_path, ["html"])
    assert [p.name for p in written] == ["report.html", PAGES_DIR]
    assert sorted(os.listdir(tmp_path / PAGES_DIR)) == [
        "adresser.html", "index.html", "sidor-1.html", "sidor-2.html"]  # fmt: skip
    assert sorted(os.listdir(tmp_path)) == ["notes.txt", "report.html", PAGES_DIR]
    assert broken_links(tmp_path)[1] == []


def test_a_failed_write_keeps_the_previous_page_files_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_reports(big_run(300), big_site(300), {}, tmp_path, ["html"])
    before = {p.name: p.read_bytes() for p in (tmp_path / PAGES_DIR).iterdir()}
    calls = 0
    real = os.replace

    def failing(src: str | Path, dst: str | Path) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError, match="No space"):
        write_reports(big_run(100), big_site(100), {}, tmp_path, ["html"])
    monkeypatch.undo()
    after = {p.name: p.read_bytes() for p in (tmp_path / PAGES_DIR).iterdir()}
    assert after == before
    assert sorted(os.listdir(tmp_path)) == ["report.html", PAGES_DIR]  # no temporary left


def test_pages_jsonl_holds_report_jsons_pages_one_a_line(site_2000: Path) -> None:
    report = json.loads((site_2000 / "report.json").read_text(encoding="utf-8"))
    raw = (site_2000 / "pages.jsonl").read_bytes()
    lines = raw.decode("utf-8").splitlines()
    assert raw.endswith(b"\n")
    assert len(lines) == len(report["pages"]) == 2000
    assert [json.loads(line) for line in lines] == report["pages"]
    assert report["schema_version"] == 2


def test_an_owners_report_is_split_the_same_way(tmp_path: Path) -> None:
    write_reports(big_run(400), big_site(400), {}, tmp_path, ["html"], owner="Nämnd 3")
    index = (tmp_path / PAGES_DIR / "index.html").read_text(encoding="utf-8")
    assert "Nämnd 3 · kommun.example" in index
    assert index.count("/avdelning-3/") == index.count('<tr><th scope="row">') > 0
    assert "/avdelning-4/" not in index
    assert broken_links(tmp_path)[1] == []


def test_english_page_files_are_english(tmp_path: Path) -> None:
    write_reports(big_run(120), big_site(120), {}, tmp_path, ["html"], lang="en")
    index = (tmp_path / PAGES_DIR / "index.html").read_text(encoding="utf-8")
    detail = (tmp_path / PAGES_DIR / "sidor-1.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in index
    assert '<html lang="en">' in detail
    assert "<h1>All pages</h1>" in index
    assert "Pages 1–100 of 116" in detail
    for swedish in ("Alla sidor", "Sidor 1–100", "Hoppa till innehållet", "Rapportens filer"):
        assert swedish not in index + detail, swedish


@pytest.mark.browser
@NEEDS_AXE
def test_axe_finds_no_violations_in_the_index_a_page_list_and_a_page_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 230 rows with 100 a list file: a paginated page list and ledger, three detail files
    # (axe-core on a 1,000-row table takes longer than the driver's script timeout).
    monkeypatch.setattr(htmlreport, "PAGE_LIST_ROWS", 100)
    write_reports(big_run(230), big_site(230), {}, tmp_path, ["html"])
    names = ("report.html", f"{PAGES_DIR}/index.html", f"{PAGES_DIR}/index-2.html",
             f"{PAGES_DIR}/sidor-2.html", f"{PAGES_DIR}/adresser-3.html")  # fmt: skip
    with chromium_driver() as driver:
        driver.set_script_timeout(600)  # a 100-page detail file is a heavy DOM for axe
        found = {name: axe_in(driver, tmp_path / name) for name in names}
    assert found == {name: [] for name in names}


@pytest.mark.parametrize("rows", [0, 1, 130])
def test_report_json_made_a_page_at_a_time_is_json_dumps_byte_for_byte(rows: int) -> None:
    report = prepare(big_run(max(rows, 1)), big_site(rows), {}, None)
    whole = json.dumps(report_data(report), ensure_ascii=False, indent=2, default=str) + "\n"
    assert json_report(report) == whole.encode("utf-8")


def test_findings_csv_of_a_report_without_rows_is_its_header() -> None:
    # findings.csv is written a page at a time: the header must not wait for a first page.
    report = prepare(big_run(1), [], {}, None)
    header = CSV_DELIMITER.join(CSV_COLUMNS) + "\r\n"
    assert csv_report(report) == header.encode("utf-8-sig")


def test_a_pages_view_is_built_on_demand_and_starts_with_its_summary() -> None:
    # The report holds a summary of every page; the whole view only while it is written.
    view = build_view(big_run(130), big_site(130), {})
    assert len(view.pages) == len(view.page_list) > 100
    names = [f.name for f in fields(PageSummary)]
    for n in (0, 57, len(view.page_list) - 1):
        summary, page = view.page_list[n], view.pages[n]
        assert [getattr(page, name) for name in names] == [getattr(summary, x) for x in names]
    assert [p.anchor for p in view.pages[95:105]] == [s.anchor for s in view.page_list[95:105]]
    assert view.pages[3] is not view.pages[3]  # built again, not kept
