"""The SQLite store: round trip, schema version, migration, and refusing what is not a store."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from audits.fingerprint import fingerprint, fingerprints
from audits.model import (
    Finding,
    Link,
    Outcome,
    PageResult,
    PageStatus,
    Readability,
    RuleInfo,
    Source,
    TextBlock,
)
from crawler.resume import Pending, unfinished_rows
from crawler.textpass import rescore_run
from reports.store import SCHEMA_VERSION, RunSummary, Store, StoreError

FILES = Path(__file__).parent / "files"

PAGE = PageResult(
    url="https://www.alvbyn.se/",
    status=PageStatus.AUDITED,
    final_url="https://www.alvbyn.se/",
    http_status=200,
    content_type="text/html",
    title="Startsida – Älvbyns kommun",
    lang="sv",
    readability=Readability(words=120, sentences=10, long_words=30, lix=37.0, band="easy"),
    findings=(
        Finding(
            "image-alt",
            Source.AXE,
            Outcome.VIOLATION,
            "critical",
            ("wcag2a", "wcag111"),
            "img",
            "<img>",
        ),
        Finding(
            "region",
            Source.AXE,
            Outcome.NEEDS_REVIEW,
            "moderate",
            (),
            "p",
            "<p>",
            best_practice=True,
        ),
    ),
)


def test_round_trip(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.sqlite")
    run = store.start_run(
        "https://www.alvbyn.se/", "2026-11-26T10:00:00+01:00", "0.1.0", {"max_pages": 5}
    )
    store.add_page(run, PAGE)
    store.add_page(
        run,
        PageResult(url="https://www.alvbyn.se/x.pdf", status=PageStatus.SKIPPED, reason="not_html"),
    )
    store.add_rules(
        run,
        [
            RuleInfo(
                "image-alt", Source.AXE, "Bilder måste ha alternativ text", "…", tags=("wcag2a",)
            )
        ],
    )
    store.finish_run(
        run, "2026-11-26T10:05:00+01:00", partial=False, axe_version="4.14.1", browser_version="156"
    )
    store.close()

    again = Store(tmp_path / "k.sqlite", create=False)
    assert again.latest_run_id() == run
    info = again.load_run(run)
    assert (info.axe_version, info.partial, info.settings) == ("4.14.1", False, {"max_pages": 5})
    pages = again.load_pages(run)
    prints = fingerprints(PAGE.findings, PAGE.url)
    assert all(prints)
    assert pages[0] == replace(
        PAGE,
        findings=tuple(
            replace(f, fingerprint=fp) for f, fp in zip(PAGE.findings, prints, strict=True)
        ),
    )
    assert pages[1].reason == "not_html"
    assert pages[1].readability is None
    assert again.load_rules(run)["image-alt"].tags == ("wcag2a",)


def test_equal_texts_and_links_of_a_runs_rows_are_read_into_one_object(tmp_path: Path) -> None:
    # A template repeats its faults, its header text and its navigation on every page: a
    # 10,000-page run's rows would otherwise hold each of them 10,000 times.
    store = Store(tmp_path / "k.sqlite")
    run = store.start_run("s", "t", "v", {})
    header = TextBlock("p", "Sidansvarig: Socialförvaltningen", template=True)
    nav = Link("https://www.alvbyn.se/kontakt", "Kontakt")
    for path in ("a", "b"):
        store.add_page(
            run, replace(PAGE, url=f"https://www.alvbyn.se/{path}", blocks=(header,), links=(nav,))
        )
    a, b = store.load_pages(run)
    assert (a.findings[0].fingerprint, a.url) != (b.findings[0].fingerprint, b.url)
    for x, y in zip(a.findings, b.findings, strict=True):
        assert x.snippet is y.snippet
        assert x.selector is y.selector
        assert x.wcag is y.wcag
    assert a.blocks[0].text is b.blocks[0].text
    assert a.links[0] is b.links[0] == nav
    # A trend point needs neither: without text and links the rows are the same but for them.
    bare = store.load_pages(run, texts=False, links=False)
    assert bare == [replace(page, blocks=(), links=()) for page in (a, b)]
    # The site pass reads the links and the rows, neither the text blocks nor the findings.
    lean = store.load_pages(run, texts=False, findings=False)
    assert lean == [replace(page, blocks=(), findings=()) for page in (a, b)]


BLOCKS = (
    TextBlock("h1", "Tolk"),
    TextBlock("toc", "VANLIGA FRÅGOR"),
    TextBlock("control", "SKICKA BESTÄLLNINGEN"),
    TextBlock("h2", "INTERPRETER SERVICES", lang="en"),
    TextBlock("p", "Sidansvarig: Socialförvaltningen", template=True, lang="sv-SE"),
)


def test_text_blocks_keep_their_kind_language_and_template_mark(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.sqlite")
    run = store.start_run("s", "t", "v", {})
    store.add_page(run, replace(PAGE, blocks=BLOCKS))
    assert store.load_pages(run)[0].blocks == BLOCKS
    # Stored again after the crawl (crawler/textpass.py), they are still what they were.
    store.replace_text_results(run, replace(PAGE, blocks=BLOCKS[::-1]))
    assert store.load_pages(run)[0].blocks == BLOCKS[::-1]


def test_the_text_pass_after_the_crawl_reads_the_stored_languages_and_kinds(
    tmp_path: Path,
) -> None:
    """The pass that scores pages again without template text gets the blocks back from
    the store: a passage declared English, a table of contents and a button stay out of
    the klarspråk rules there too."""
    store = Store(tmp_path / "k.sqlite")
    run = store.start_run("s", "t", "v", {})
    swedish = TextBlock("p", "VIKTIGT ATT TÄNKA PÅ: ansökan ska inkomma i tid.")
    footer = TextBlock("p", "Sidansvarig: Socialförvaltningen")
    pages = [(swedish, *BLOCKS[1:4], footer)]
    pages += [(TextBlock("p", f"Sida {n}."), footer) for n in range(1, 5)]
    for n, blocks in enumerate(pages):
        url = f"https://www.alvbyn.se/{n}"
        store.add_page(run, PageResult(url=url, status=PageStatus.AUDITED, blocks=blocks))
    assert rescore_run(store, run, min_words=1, klarsprak_off=()) == 5  # every rule on
    page = store.load_pages(run)[0]
    assert page.blocks == (swedish, *BLOCKS[1:4], replace(footer, template=True))
    snippets = [f.snippet for f in page.findings]
    assert "VIKTIGT ATT TÄNKA PÅ: ansökan ska inkomma i tid." in snippets
    assert not [s for s in snippets if s in {b.text for b in BLOCKS}]


def test_the_text_pass_redoes_only_the_readability_when_no_prose_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A date in a table cell on every page is template text the crawl could not tell:
    the pass counts it out of each page's readability, and leaves the klarspråk findings
    as the crawl stored them (the rules read no short table cell), without running them."""
    import crawler.textpass as textpass

    store = Store(tmp_path / "k.sqlite")
    run = store.start_run("s", "t", "v", {})
    stiff = "Ansökan ska inkomma senast den 1 mars."
    crawl_finding = Finding("klarsprak-stiff-word", Source.KLARSYN, Outcome.VIOLATION, "minor")
    for n in range(5):
        blocks = (TextBlock("p", f"{stiff} Sida {n}."), TextBlock("td", "14 februari 2026"))
        row = PageResult(
            f"https://www.alvbyn.se/{n}",
            PageStatus.AUDITED,
            blocks=blocks,
            readability=Readability(words=12, sentences=2, long_words=1, lix=14.3, band="easy"),
            findings=(crawl_finding,),
        )
        store.add_page(run, row)
    ran: list[object] = []
    monkeypatch.setattr(textpass, "klarsprak_findings", lambda *args: ran.append(args) or ())
    assert rescore_run(store, run, min_words=1, klarsprak_off=()) == 5
    assert not ran
    for page in store.load_pages(run):
        assert [b.template for b in page.blocks] == [False, True]
        assert page.readability is not None
        assert page.readability.words == 7  # "14 februari 2026" counted out
        assert [f.rule for f in page.findings] == ["klarsprak-stiff-word"]


def test_a_page_recorded_twice_keeps_the_last_row(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.sqlite")
    run = store.start_run("s", "t", "v", {})
    store.add_page(run, PAGE)
    store.add_page(run, PageResult(url=PAGE.url, status=PageStatus.FAILED, reason="timeout"))
    assert [(p.status, len(p.findings)) for p in store.load_pages(run)] == [(PageStatus.FAILED, 0)]


def test_refuses_what_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no klarsyn store"):
        Store(tmp_path / "none.sqlite", create=False)
    text = tmp_path / "text.sqlite"
    text.write_text("hej")
    with pytest.raises(StoreError, match="not a klarsyn store"):
        Store(text, create=False)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StoreError, match="not a klarsyn store"):
        Store(other, create=False)


@pytest.mark.parametrize("version", [str(SCHEMA_VERSION + 1), "0", "ett"])
def test_refuses_a_schema_version_it_does_not_know(tmp_path: Path, version: str) -> None:
    path = tmp_path / "k.sqlite"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
    db.commit()
    db.close()
    with pytest.raises(StoreError, match=f"has store schema {version}, which this klarsyn cannot"):
        Store(path)
    # Untouched: still the version it was.
    assert _version(path) == version


def test_every_stored_finding_gets_a_fingerprint(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.sqlite")
    run = store.start_run("s", "t", "v", {})
    given = replace(PAGE.findings[0], fingerprint="0123456789abcdef")
    twin = replace(PAGE.findings[0], selector="footer > img")
    store.add_page(run, replace(PAGE, findings=(given, PAGE.findings[1], twin)))
    stored = store.load_pages(run)[0].findings
    assert stored[0].fingerprint == "0123456789abcdef"
    assert stored[1].fingerprint == fingerprint(PAGE.findings[1], PAGE.url)
    assert stored[2].fingerprint == fingerprint(twin, PAGE.url)
    # A check's findings replaced after the crawl get theirs too.
    policy = Finding("policy-h1-count", Source.KLARSYN, Outcome.VIOLATION, "moderate",
                     selector="body", message="Sidan saknar h1.")  # fmt: skip
    store.replace_findings(run, PAGE.url, ["policy-h1-count"], [policy])
    assert store.load_pages(run)[0].findings[-1].fingerprint == fingerprint(policy, PAGE.url)


def test_list_runs_and_the_previous_run_of_a_site(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.sqlite")
    first = store.start_run("https://www.alvbyn.se/", "2026-11-01T10:00", "0.1.0", {"a": 1})
    store.add_page(first, PAGE)
    store.add_page(first, PageResult(url="https://www.alvbyn.se/x", status=PageStatus.FAILED))
    store.finish_run(first, "2026-11-01T10:05", partial=False, axe_version="4", browser_version="b")
    other = store.start_run("https://www.annan.se/", "2026-11-02T10:00", "0.1.0", {"a": 1})
    second = store.start_run("https://www.alvbyn.se/", "2026-11-03T10:00", "0.1.0", {"a": 2})
    runs = store.list_runs()
    assert [r.id for r in runs] == [first, other, second]
    settings = json.dumps({"a": 1}, sort_keys=True).encode()
    assert runs[0] == RunSummary(
        id=first,
        site="https://www.alvbyn.se/",
        started="2026-11-01T10:00",
        finished="2026-11-01T10:05",
        partial=False,
        tool_version="0.1.0",
        axe_version="4",
        browser_version="b",
        settings_hash=hashlib.sha256(settings).hexdigest(),
        audited=1,
        failed=1,
        skipped=0,
        wcag_violations=1,  # the needs-review best-practice finding is not one
    )
    assert runs[1].settings_hash == runs[0].settings_hash != runs[2].settings_hash
    assert (runs[2].finished, runs[2].partial, runs[2].audited) == (None, True, 0)
    assert store.previous_run_id(second) == first
    assert store.previous_run_id(first) is None
    assert store.previous_run_id(other) is None
    with pytest.raises(StoreError, match="has no run 9"):
        store.previous_run_id(9)


# -- migration from schema 1 (tests/files/store-v1.sql, written by the v1 store) ----------


def _version(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    finally:
        db.close()


def _v1_store(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.executescript((FILES / "store-v1.sql").read_text(encoding="utf-8"))
    db.close()
    return path


def _rows(path: Path, table: str, columns: str) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute(f"SELECT {columns} FROM {table} ORDER BY rowid").fetchall()  # noqa: S608
    finally:
        db.close()


_V1_COLUMNS = {
    "runs": "id, site, started, finished, tool_version, axe_version, browser_version, settings,"
    " partial",
    "pages": "*",
    "findings": "id, page_id, rule, source, outcome, impact, wcag, selector, snippet,"
    " best_practice, message",
    "readability": "*",
    "texts": "page_id, position, kind, text, template",
    "links": "*",
    "rules": "*",
}


def test_a_v1_store_is_migrated_in_place_keeping_every_row(tmp_path: Path) -> None:
    path = _v1_store(tmp_path / "v1.sqlite")
    assert _version(path) == "1"
    before = {table: _rows(path, table, columns) for table, columns in _V1_COLUMNS.items()}
    assert len(before["findings"]) == 9

    store = Store(path, create=False)
    assert _version(path) == str(SCHEMA_VERSION) == "5"
    assert {table: _rows(path, table, c) for table, c in _V1_COLUMNS.items()} == before

    for run in (1, 2):
        for page in store.load_pages(run):
            plain = [replace(f, fingerprint="") for f in page.findings]
            assert [f.fingerprint for f in page.findings] == list(fingerprints(plain, page.url))
    skola = store.load_pages(1)[1]
    assert skola.url == "https://www.alvbyn.se/skola/"
    first, twin = skola.findings[:2]
    assert first.fingerprint == fingerprint(replace(first, fingerprint=""), skola.url)
    assert twin.fingerprint != first.fingerprint  # two identical empty links: two faults
    assert all(len(f.fingerprint) == 16 for p in store.load_pages(1) for f in p.findings)
    hashes = dict(_rows(path, "runs", "id, settings_hash"))
    for run_id, settings in _rows(path, "runs", "id, settings"):
        assert hashes[run_id] == hashlib.sha256(str(settings).encode()).hexdigest()
    assert [(r.audited, r.failed, r.skipped, r.wcag_violations) for r in store.list_runs()] == [
        (2, 1, 1, 3),
        (2, 1, 0, 2),
    ]
    store.close()

    prints = _rows(path, "findings", "id, fingerprint")
    again = Store(path, create=False)  # idempotent: opened again, nothing changes
    again.close()
    assert _version(path) == str(SCHEMA_VERSION)
    assert _rows(path, "findings", "id, fingerprint") == prints
    # The next audit adds a run beside the old ones.
    store = Store(path)
    assert store.start_run("https://www.alvbyn.se/", "t", "v", {}) == 3
    assert [r.id for r in store.list_runs()] == [1, 2, 3]


def test_a_failed_migration_changes_nothing(tmp_path: Path) -> None:
    path = _v1_store(tmp_path / "v1.sqlite")
    db = sqlite3.connect(path)
    db.execute("UPDATE findings SET source = 'okänd' WHERE id = 9")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="cannot upgrade the store"):
        Store(path)
    assert _version(path) == "1"
    assert "fingerprint" not in {
        row[1] for row in _rows(path, "pragma_table_info('findings')", "*")
    }


# -- migration from schema 2 (tests/files/store-v2.sql, written by the v2 store) ----------


def _v2_store(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.executescript((FILES / "store-v2.sql").read_text(encoding="utf-8"))
    db.close()
    return path


_V2_TABLES = ("runs", "pages", "findings", "readability", "links", "rules")


def test_a_v2_store_gets_the_language_of_text_blocks_keeping_every_row(tmp_path: Path) -> None:
    path = _v2_store(tmp_path / "v2.sqlite")
    assert _version(path) == "2"
    texts = "page_id, position, kind, text, template"
    before = {table: _rows(path, table, "*") for table in _V2_TABLES}
    before_texts = _rows(path, "texts", texts)
    assert len(before_texts) == 4

    store = Store(path, create=False)
    assert _version(path) == str(SCHEMA_VERSION) == "5"
    after = {table: _rows(path, table, "*") for table in _V2_TABLES}
    # Schema 4 adds the runs' result digest, empty for the runs before it.
    assert after.pop("runs") == [(*row, "") for row in before["runs"]]
    assert after == {t: rows for t, rows in before.items() if t != "runs"}
    assert _rows(path, "texts", texts) == before_texts
    # Their language was not kept: "" (undeclared), so the klarspråk rules read them all.
    (page, _) = store.load_pages(1)
    assert [b.lang for b in page.blocks] == [""] * 4
    assert [b.template for b in page.blocks] == [False, False, False, True]
    # The next audit stores its blocks' languages beside the old ones.
    run = store.start_run("https://www.alvbyn.se/", "t", "v", {})
    store.add_page(run, replace(PAGE, blocks=BLOCKS))
    assert store.load_pages(run)[0].blocks == BLOCKS
    store.close()
    Store(path, create=False).close()  # idempotent
    assert _version(path) == str(SCHEMA_VERSION)


def test_a_v1_store_is_migrated_to_the_latest_schema_in_one_go(tmp_path: Path) -> None:
    path = _v1_store(tmp_path / "v1.sqlite")
    with Store(path, create=False) as store:
        blocks = store.load_pages(1)[0].blocks
    assert blocks
    assert {b.lang for b in blocks} == {""}
    assert "lang" in {row[1] for row in _rows(path, "pragma_table_info('texts')", "*")}


def test_requested_urls_without_a_row_get_one_and_rows_that_exist_stay(tmp_path: Path) -> None:
    store = Store(tmp_path / "klarsyn.sqlite")
    run = store.start_run("https://www.alvbyn.se/", "2026-11-26T10:00:00+01:00", "0.1", {})
    store.add_page(run, PAGE)
    pending = [Pending(PAGE.url, 0, ""), Pending("https://www.alvbyn.se/lost", 1, PAGE.url)]

    # A crawl that ran to its end lost a URL to an error inside klarsyn: failed.
    assert store.add_missing_pages(run, unfinished_rows(pending, interrupted=False)) == 1
    rows = {page.url: page for page in store.load_pages(run)}
    assert rows[PAGE.url].status is PageStatus.AUDITED
    lost = rows["https://www.alvbyn.se/lost"]
    assert (lost.status, lost.reason, lost.depth) == (PageStatus.FAILED, "internal_error", 1)

    # An interrupted crawl: skipped, to be redone by --resume.
    rows_after_stop = unfinished_rows(pending, interrupted=True)
    assert {(p.status, p.reason) for p in rows_after_stop} == {(PageStatus.SKIPPED, "interrupted")}
    store.close()
