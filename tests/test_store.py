"""The SQLite store: round trip, schema version, and refusing what is not a store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from audits.model import (
    Finding,
    Outcome,
    PageResult,
    PageStatus,
    Readability,
    RuleInfo,
    Source,
)
from reports.store import SCHEMA_VERSION, Store, StoreError

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
    assert pages[0] == PAGE
    assert pages[1].reason == "not_html"
    assert pages[1].readability is None
    assert again.load_rules(run)["image-alt"].tags == ("wcag2a",)


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


def test_refuses_another_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "k.sqlite"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (SCHEMA_VERSION + 1,))
    db.commit()
    with pytest.raises(StoreError, match="has store schema"):
        Store(path)
