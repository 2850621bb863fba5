"""The store's side of incremental re-audits: what a run keeps for the next one to re-use,
and copying a page's results from one run to another.

An incremental run (crawler/incremental.py) records, per audited page, the validators and
body hash of the HTML it was served (``page_cache``) and the same-site subresources the
browser loaded for it (``page_assets``); per run, each such resource as it fetched it once
(``assets``: HTTP status, ETag, Last-Modified, body hash). The next incremental run reads
them back (:func:`reusable_pages`, :func:`run_assets`) and, for a page whose HTML and
resources did not change, copies the earlier row with everything under it
(:func:`copy_page`): findings with their fingerprints, readability, text blocks, links.
A copied row gets this run's depth, referrer and the facts it is given; its findings of
the site-wide rules are left behind, because the site pass computes them again.

Functions here take the connection of a :class:`reports.store.Store` and run inside the
caller's transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from audits.model import Link, PageStatus, Readability, TextView


@dataclass(frozen=True)
class AssetRecord:
    """A same-site subresource as fetched once in a run."""

    url: str
    #: HTTP status of the final response (after redirects).
    status: int
    etag: str
    last_modified: str
    #: sha256 of the body (hex).
    sha256: str


@dataclass(frozen=True)
class PageCache:
    """What a run keeps of an audited page's HTML for the next run to compare with."""

    etag: str
    last_modified: str
    #: sha256 of the HTML as served (hex).
    sha256: str
    #: Same-site subresources the browser loaded for the page (see crawler/incremental.py).
    assets: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReusablePage:
    """A page whose earlier result may be re-used: a clean audit with its cache."""

    url: str
    final_url: str
    cache: PageCache


#: A clean audit: audited in the browser (the rendered view), with no error.
_REUSABLE = (
    "SELECT p.id, p.url, p.final_url, c.etag, c.last_modified, c.sha256"
    " FROM pages p JOIN page_cache c ON c.page_id = p.id"
    " WHERE p.run_id = ? AND p.status = ? AND p.reason = '' AND p.error = ''"
    " AND json_extract(p.facts, '$.text_view') = ?"
)


_READABILITY = ", ".join(f.name for f in fields(Readability))
# Built from the dataclass's field names (never from data), like database.py's insert.
_COPY_READABILITY = (
    f"INSERT INTO readability (page_id, {_READABILITY}) SELECT ?, {_READABILITY}"  # noqa: S608
    " FROM readability WHERE page_id = ?"
)


def reusable_pages(db: sqlite3.Connection, run_id: int) -> dict[str, ReusablePage]:
    """The cleanly audited pages of a run that have their cache, by URL."""
    assets: dict[int, list[str]] = {}
    for page_id, url in db.execute(
        "SELECT a.page_id, a.url FROM page_assets a JOIN pages p ON p.id = a.page_id"
        " WHERE p.run_id = ? ORDER BY a.page_id, a.url",
        (run_id,),
    ):
        assets.setdefault(int(page_id), []).append(str(url))
    found: dict[str, ReusablePage] = {}
    for page_id, url, final_url, etag, modified, sha in db.execute(
        _REUSABLE, (run_id, PageStatus.AUDITED.value, TextView.RENDERED.value)
    ):
        cache = PageCache(etag, modified, sha, tuple(assets.get(int(page_id), ())))
        found[str(url)] = ReusablePage(str(url), str(final_url), cache)
    return found


def run_assets(db: sqlite3.Connection, run_id: int) -> dict[str, AssetRecord]:
    """The subresources a run fetched, by URL."""
    return {
        str(row[0]): AssetRecord(*row)
        for row in db.execute(
            "SELECT url, status, etag, last_modified, sha256 FROM assets WHERE run_id = ?",
            (run_id,),
        )
    }


def write_cache(
    db: sqlite3.Connection,
    run_id: int,
    page_id: int,
    cache: PageCache,
    assets: Iterable[AssetRecord],
) -> None:
    """A page's cache row, its subresource list and the run's records of those resources."""
    db.execute(
        "INSERT OR REPLACE INTO page_cache (page_id, etag, last_modified, sha256)"
        " VALUES (?, ?, ?, ?)",
        (page_id, cache.etag, cache.last_modified, cache.sha256),
    )
    db.executemany(
        "INSERT OR IGNORE INTO page_assets (page_id, url) VALUES (?, ?)",
        [(page_id, url) for url in cache.assets],
    )
    db.executemany(
        "INSERT OR REPLACE INTO assets (run_id, url, status, etag, last_modified, sha256)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(run_id, a.url, a.status, a.etag, a.last_modified, a.sha256) for a in assets],
    )


@dataclass(frozen=True)
class CopiedRow:
    """What a copied ledger row takes from this run rather than from the earlier one."""

    url: str
    depth: int
    referrer: str
    #: Merged over the earlier row's facts.
    facts: Mapping[str, Any]


def copy_page(
    db: sqlite3.Connection,
    run_id: int,
    from_run: int,
    row: CopiedRow,
    drop_rules: Collection[str],
) -> int:
    """Copy the row of ``row.url`` from ``from_run`` into ``run_id`` with its findings
    (fingerprints kept; none of ``drop_rules``), readability, text blocks and links;
    return the new row's id. Any row of the URL already in ``run_id`` is replaced."""
    found = db.execute(
        "SELECT id, facts FROM pages WHERE run_id = ? AND url = ?", (from_run, row.url)
    ).fetchone()
    if found is None:
        raise sqlite3.IntegrityError(f"run {from_run} has no page {row.url}")
    old_id, old_facts = int(found[0]), json.loads(found[1])
    facts = {**old_facts, **row.facts}
    db.execute("DELETE FROM pages WHERE run_id = ? AND url = ?", (run_id, row.url))
    cur = db.execute(
        "INSERT INTO pages (run_id, url, status, reason, final_url, http_status, content_type,"
        " title, lang, depth, referrer, error, facts)"
        " SELECT ?, url, status, reason, final_url, http_status, content_type, title, lang,"
        " ?, ?, error, ? FROM pages WHERE id = ?",
        (run_id, row.depth, row.referrer, json.dumps(facts, sort_keys=True), old_id),
    )
    new_id = int(cur.lastrowid or 0)
    # Placeholders only: the rule ids are bound as parameters.
    marks = ", ".join("?" * len(drop_rules)) or "''"
    copy_findings = (
        "INSERT INTO findings (page_id, rule, source, outcome, impact, wcag, selector, snippet,"
        " best_practice, message, fingerprint)"
        " SELECT ?, rule, source, outcome, impact, wcag, selector, snippet, best_practice,"
        " message, fingerprint FROM findings WHERE page_id = ? AND rule NOT IN ({})"
        " ORDER BY id"
    )
    db.execute(copy_findings.format(marks), (new_id, old_id, *drop_rules))
    db.execute(
        "INSERT INTO links (page_id, position, url, text)"
        " SELECT ?, position, url, text FROM links WHERE page_id = ?",
        (new_id, old_id),
    )
    db.execute(
        "INSERT INTO texts (page_id, position, kind, text, template, lang)"
        " SELECT ?, position, kind, text, template, lang FROM texts WHERE page_id = ?",
        (new_id, old_id),
    )
    db.execute(_COPY_READABILITY, (new_id, old_id))
    return new_id


def page_links(db: sqlite3.Connection, run_id: int, url: str) -> list[Link]:
    """A page's stored links, in order."""
    return [
        Link(str(target), str(text))
        for target, text in db.execute(
            "SELECT l.url, l.text FROM links l JOIN pages p ON p.id = l.page_id"
            " WHERE p.run_id = ? AND p.url = ? ORDER BY l.position",
            (run_id, url),
        )
    ]


def copy_rules(db: sqlite3.Connection, from_run: int, to_run: int) -> None:
    """The rule texts of ``from_run`` into ``to_run`` (those it has already are kept)."""
    db.execute(
        "INSERT OR IGNORE INTO rules (run_id, id, source, help, description, help_url, tags)"
        " SELECT ?, id, source, help, description, help_url, tags FROM rules WHERE run_id = ?",
        (to_run, from_run),
    )
