"""The store's side of incremental re-audits (reports/store/reuse.py) on real SQLite files:
the schema 3 → 4 migration, what a run keeps for the next one, copying a page's result,
and the baseline an incremental run gets (crawler/incremental.py)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from audits.model import Finding, Link, Outcome, PageStatus, Source, TextBlock
from audits.sitepolicy import SITE_RULES
from crawler.config import AuditConfig
from crawler.incremental import load_baseline, page_assets, result_digest
from reports.store import SCHEMA_VERSION, AssetRecord, CopiedRow, PageCache, Store
from tests.test_store import PAGE

FILES = Path(__file__).parent / "files"
SITE = "https://www.alvbyn.se/"
SITE_RULE = sorted(SITE_RULES)[0]
CLEAN = replace(
    PAGE,
    findings=(*PAGE.findings, Finding(SITE_RULE, Source.KLARSYN, Outcome.VIOLATION, "minor")),
    blocks=(TextBlock("p", "Välkommen till Älvbyn.", lang="sv"),),
    links=(Link(SITE + "skola/", "Skola"), Link(SITE + "omsorg/", "Omsorg")),
    facts={"text_view": "rendered", "found_by": "start", "tested_at": "2026-11-26T09:00:00Z"},
)
CACHE = PageCache('"abc"', "Mon, 02 Nov 2026 08:00:00 GMT", "f" * 64, (SITE + "a.css",))
ASSET = AssetRecord(SITE + "a.css", 200, '"css1"', "", "e" * 64)


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_a_v3_store_gets_the_reuse_tables_keeping_every_row(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite"
    db = sqlite3.connect(path)
    db.executescript((FILES / "store-v3.sql").read_text(encoding="utf-8"))
    db.close()
    tables = ("runs", "pages", "findings", "readability", "links", "rules", "texts")
    before = {t: _rows(path, f"SELECT * FROM {t} ORDER BY rowid") for t in tables}  # noqa: S608

    store = Store(path, create=False)
    assert _rows(path, "SELECT value FROM meta") == [(str(SCHEMA_VERSION),)] == [("5",)]
    after = {t: _rows(path, f"SELECT * FROM {t} ORDER BY rowid") for t in tables}  # noqa: S608
    # Every earlier row is kept; the runs only gain an empty result digest.
    assert after["runs"] == [(*row, "") for row in before["runs"]]
    assert {t: rows for t, rows in after.items() if t != "runs"} == {
        t: rows for t, rows in before.items() if t != "runs"
    }
    # A run of schema 3 recorded no cache: no page of it can be re-used.
    assert store.reusable_pages(1) == {}
    store.close()
    Store(path, create=False).close()  # idempotent


def test_a_copied_page_keeps_its_results_and_fingerprints_but_not_site_findings(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "k.sqlite")
    first = store.start_run(SITE, "2026-11-26T10:00:00+01:00", "0.1.0", {}, "d1")
    store.add_page(first, CLEAN, CACHE, [ASSET])
    store.finish_run(
        first, "2026-11-26T10:05:00+01:00", partial=False, axe_version="4", browser_version="c"
    )
    assert store.reusable_pages(first)[SITE].cache == CACHE
    assert store.run_assets(first) == {ASSET.url: ASSET}

    second = store.start_run(SITE, "2026-11-27T10:00:00+01:00", "0.1.0", {}, "d1")
    facts = {"result_from": "reused", "reused_from": first, "found_by": "sitemap"}
    store.copy_page(second, first, CopiedRow(SITE, 0, "", facts), CACHE, [ASSET], SITE_RULES)
    (old,) = store.load_pages(first)
    (new,) = store.load_pages(second)
    assert new.findings == tuple(f for f in old.findings if f.rule != SITE_RULE)
    assert [f.fingerprint for f in new.findings] == [f.fingerprint for f in old.findings[:2]]
    assert (new.blocks, new.links, new.readability, new.title) == (
        old.blocks,
        old.links,
        old.readability,
        old.title,
    )
    assert new.facts == {**old.facts, **facts}
    assert store.reusable_pages(second)[SITE].cache == CACHE
    assert store.page_links(second, SITE) == list(CLEAN.links)
    # The rule texts of the first run come along with its results.
    assert store.load_rules(second) == store.load_rules(first)
    store.close()


def test_the_baseline_is_the_complete_previous_run_with_the_same_digest(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.sqlite")
    config = AuditConfig(start_urls=(SITE,), incremental=True)
    digest = result_digest(config, "0.1.0", "4.11.0")

    def run(digest: str, *, complete: bool) -> int:
        run_id = store.start_run(SITE, "2026-11-26T10:00:00+01:00", "0.1.0", {}, digest)
        store.add_page(run_id, CLEAN, CACHE, [ASSET])
        failed = replace(CLEAN, url=SITE + "fel/", status=PageStatus.FAILED, reason="timeout")
        store.add_page(run_id, failed, CACHE, [])
        if complete:
            store.finish_run(run_id, "t", partial=False, axe_version="4", browser_version="c")
        return run_id

    first = run(digest, complete=True)
    now = run(digest, complete=False)
    baseline = load_baseline(store, now, digest, config)
    assert baseline.run_id == first
    # Only the clean audit is re-usable, not the failed page.
    assert set(baseline.pages) == {SITE}
    assert baseline.assets == {ASSET.url: ASSET}

    # Interrupted previous run, other versions or settings, an evidence pack: none.
    later = run(digest, complete=False)
    assert load_baseline(store, later, digest, config).run_id is None
    assert load_baseline(store, now, "other", config).run_id is None
    with_evidence = replace(config, evidence=True)
    assert load_baseline(store, now, digest, with_evidence).run_id is None
    store.close()


def test_the_digest_follows_the_settings_that_change_a_page_result() -> None:
    config = AuditConfig(start_urls=(SITE,))
    base = result_digest(config, "0.1.0", "4.11.0")
    # Not part of a page's result: the same digest.
    for same in (
        replace(config, browsers=4, max_pages=9000, formats=("json",), lang="en"),
        replace(config, incremental=True, reference_date="2027-01-01"),
    ):
        assert result_digest(same, "0.1.0", "4.11.0") == base
    # A page's result depends on these: another digest.
    for other in (
        replace(config, tags=("wcag2a",)),
        replace(config, best_practice=True),
        replace(config, klarsprak_off=()),
        replace(config, block_third_party=True),
    ):
        assert result_digest(other, "0.1.0", "4.11.0") != base
    assert result_digest(config, "0.2.0", "4.11.0") != base
    assert result_digest(config, "0.1.0", "4.12.0") != base


def test_a_page_s_assets_are_its_same_site_subresources_but_images() -> None:
    resources = (
        SITE + "css/a.css",
        SITE + "js/app.js?v=3#x",
        SITE + "fonts/sans.woff2",
        SITE + "bilder/logo.svg",
        SITE + "bild.PNG",
        SITE + "api/news.json",
        SITE,
        "https://cdn.example.com/lib.js",
        "data:image/png;base64,AAAA",
    )
    assert page_assets(resources, frozenset({"www.alvbyn.se"}), SITE) == (
        SITE + "api/news.json",
        SITE + "css/a.css",
        SITE + "fonts/sans.woff2",
        SITE + "js/app.js?v=3",
    )
