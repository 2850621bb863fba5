"""The store's schema: its version, its tables, how a finding is stored, and opening a
store file (creating it, or upgrading an older store in place).

Schema versions: 1 had no fingerprints and no settings hashes; 2 had no declared
language of a text block (``texts.lang``); 3 had nothing for incremental re-audits. An
older store is migrated in place when it is opened, one version after the other in one
transaction: 1 → 2 adds the columns and computes every finding's fingerprint from its
stored fields and page URL; 2 → 3 adds ``texts.lang``, "" for the blocks stored before
(their language was not kept, and cannot be recovered); 3 → 4 adds ``runs.result_digest``
("" for the runs before: no later run re-uses their pages) and the empty tables
``page_cache``, ``page_assets`` and ``assets`` (reports/store/reuse.py); 4 → 5 adds the
empty table ``consent_banners`` (the runs before audited no cookie banner). A store of a
newer version than this klarsyn knows is refused, never touched.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from itertools import groupby
from pathlib import Path

from audits.fingerprint import fingerprints
from audits.model import Finding, Link, Outcome, Source

SCHEMA_VERSION = 5

#: What an incremental re-audit (crawler/incremental.py) reads of an earlier run: each
#: audited page's validators and body hash, the same-site subresources it loaded, and each
#: such resource as fetched once in that run (its HTTP status, validators and body hash).
REUSE_TABLES = """
CREATE TABLE IF NOT EXISTS page_cache (
    page_id INTEGER PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
    etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS page_assets (
    page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    PRIMARY KEY (page_id, url)
);
CREATE TABLE IF NOT EXISTS assets (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    url TEXT NOT NULL,
    status INTEGER NOT NULL,
    etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL,
    PRIMARY KEY (run_id, url)
);
"""

#: A run's cookie banner as audited once with ``[consent]`` (audits.model.ConsentBanner);
#: its findings are a JSON list of ``[rule, source, outcome, impact, wcag, selector,
#: snippet, best_practice]`` (they belong to no page, so not to ``findings``).
CONSENT_TABLE = """
CREATE TABLE IF NOT EXISTS consent_banners (
    run_id INTEGER PRIMARY KEY REFERENCES runs(id),
    url TEXT NOT NULL,
    state TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    host TEXT NOT NULL DEFAULT '',
    script_url TEXT NOT NULL DEFAULT '',
    third_party INTEGER NOT NULL DEFAULT 0,
    findings TEXT NOT NULL DEFAULT '[]'
);
"""

TABLES = (
    """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    tool_version TEXT NOT NULL,
    axe_version TEXT NOT NULL DEFAULT '',
    browser_version TEXT NOT NULL DEFAULT '',
    settings TEXT NOT NULL DEFAULT '{}',
    partial INTEGER NOT NULL DEFAULT 0,
    settings_hash TEXT NOT NULL DEFAULT '',
    result_digest TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS pages (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    url TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    final_url TEXT NOT NULL DEFAULT '',
    http_status INTEGER,
    content_type TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT '',
    depth INTEGER NOT NULL DEFAULT 0,
    referrer TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    facts TEXT NOT NULL DEFAULT '{}',
    UNIQUE (run_id, url)
);
CREATE TABLE IF NOT EXISTS links (
    page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    url TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (page_id, position)
);
CREATE TABLE IF NOT EXISTS findings (
    id INTEGER PRIMARY KEY,
    page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    source TEXT NOT NULL,
    outcome TEXT NOT NULL,
    impact TEXT,
    wcag TEXT NOT NULL DEFAULT '',
    selector TEXT NOT NULL DEFAULT '',
    snippet TEXT NOT NULL DEFAULT '',
    best_practice INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS findings_page ON findings(page_id);
CREATE INDEX IF NOT EXISTS findings_fingerprint ON findings(fingerprint);
CREATE TABLE IF NOT EXISTS readability (
    page_id INTEGER PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
    words INTEGER NOT NULL,
    sentences INTEGER NOT NULL,
    long_words INTEGER NOT NULL,
    lix REAL,
    band TEXT,
    ovix REAL,
    mean_sentence_length REAL,
    long_sentence_share REAL,
    long_word_share REAL,
    nominal_ratio REAL
);
CREATE TABLE IF NOT EXISTS texts (
    page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    template INTEGER NOT NULL DEFAULT 0,
    lang TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (page_id, position)
);
CREATE TABLE IF NOT EXISTS rules (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    id TEXT NOT NULL,
    source TEXT NOT NULL,
    help TEXT NOT NULL,
    description TEXT NOT NULL,
    help_url TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, id)
);
"""
    + REUSE_TABLES
    + CONSENT_TABLE
)


#: From version 1 to 2, after which every finding's fingerprint is computed.
_MIGRATE_V1 = (
    "ALTER TABLE runs ADD COLUMN settings_hash TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE findings ADD COLUMN fingerprint TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX IF NOT EXISTS findings_fingerprint ON findings(fingerprint)",
)
#: From version 2 to 3: a text block's declared language.
_MIGRATE_V2 = ("ALTER TABLE texts ADD COLUMN lang TEXT NOT NULL DEFAULT ''",)
#: From version 3 to 4: the runs' result digests (the new tables come from REUSE_TABLES).
_MIGRATE_V3 = ("ALTER TABLE runs ADD COLUMN result_digest TEXT NOT NULL DEFAULT ''",)
SELECT_FINDINGS = (
    "SELECT f.id, f.rule, f.source, f.outcome, f.impact, f.wcag, f.selector, f.snippet,"
    " f.best_practice, f.message, f.fingerprint, p.id, p.url FROM findings f"
    " JOIN pages p ON p.id = f.page_id"
)


class StoreError(Exception):
    """The file is not a klarsyn store we can read or write."""


def settings_hash(settings_json: str) -> str:
    """The sha256 of a run's settings as stored (JSON with sorted keys)."""
    return hashlib.sha256(settings_json.encode("utf-8")).hexdigest()


class Shared:
    """One copy of each equal text, tag list and link read from the store in one load.

    SQLite hands out a new str for every cell, but a site's rows repeat themselves: a
    template fault has the same rule, selector, snippet and message on every page, and a
    header's text block and the navigation's links are the same on each. Rows read
    through one ``Shared`` share those values: a 10,000-page run's rows take about half
    the memory.
    """

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._tags: dict[str, tuple[str, ...]] = {}
        self._links: dict[tuple[object, object], Link] = {}

    def text(self, value: object) -> str:
        text = str(value)
        return self._texts.setdefault(text, text)

    def link(self, url: object, text: object) -> Link:
        """A link of a page (a site's navigation is on every page)."""
        found = self._links.get((url, text))
        if found is None:
            found = self._links[url, text] = Link(self.text(url), self.text(text))
        return found

    def tags(self, value: object) -> tuple[str, ...]:
        """The space-separated tags of a column, as a tuple."""
        text = str(value)
        found = self._tags.get(text)
        if found is None:
            found = self._tags[text] = tuple(self.text(t) for t in text.split())
        return found


def finding_from_row(row: Sequence[object], shared: Shared | None = None) -> Finding:
    """A Finding from the columns rule … fingerprint of ``SELECT_FINDINGS``; its values
    shared with the other findings read through ``shared``, if given."""
    rule, source, outcome, impact, wcag, selector, snippet, best, message, fp = row
    shared = shared or Shared()
    return Finding(
        rule=shared.text(rule),
        source=Source(source),
        outcome=Outcome(outcome),
        impact=None if impact is None else shared.text(impact),
        wcag=shared.tags(wcag),
        selector=shared.text(selector),
        snippet=shared.text(snippet),
        best_practice=bool(best),
        message=shared.text(message),
        fingerprint=str(fp),
    )


def open_database(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """A connection to the klarsyn store at ``path``, at this schema version.

    A missing store is created when ``create`` (else StoreError); a version 1 store is
    upgraded in place; anything else (not SQLite, not a klarsyn store, a newer schema)
    raises StoreError.
    """
    if not create and not path.is_file():
        raise StoreError(f"no klarsyn store at {path}")
    try:
        db = sqlite3.connect(path)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL syncs at checkpoints, not at every page's commit: a committed
        # page survives a crash, a kill or Ctrl-C of klarsyn (only a power cut may lose
        # the last pages). FULL made each page's commit wait for the disk.
        db.execute("PRAGMA synchronous = NORMAL")
        _init_schema(db, path, create)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a klarsyn store ({exc})") from exc
    return db


def _init_schema(db: sqlite3.Connection, path: Path, create: bool) -> None:
    row = None
    has_meta = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    if has_meta:
        row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        if not create:
            raise StoreError(f"{path} is not a klarsyn store")
        with db:
            db.executescript(TABLES)
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )
        return
    version = str(row[0])
    if version in _UPGRADES:
        _migrate(db, path)
    elif version != str(SCHEMA_VERSION):
        raise StoreError(
            f"{path} has store schema {version}, which this klarsyn cannot read"
            f" (it reads schema 1 to {SCHEMA_VERSION}; a newer klarsyn wrote this store)"
        )


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    """An older store to this version in place, all or nothing (another process may be
    doing it too)."""
    try:
        db.execute("BEGIN IMMEDIATE")
        # Read again inside the lock: another process may have migrated meanwhile.
        (version,) = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if version in _UPGRADES:
            while version in _UPGRADES:
                _UPGRADES[version](db)
                version = str(int(version) + 1)
            db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
        db.commit()
    except (sqlite3.DatabaseError, ValueError) as exc:  # ValueError: a bad stored value
        db.rollback()
        raise StoreError(
            f"cannot upgrade the store {path} to schema {SCHEMA_VERSION} ({exc})"
        ) from exc
    except BaseException:
        db.rollback()
        raise


def _migrate_from_v1(db: sqlite3.Connection) -> None:
    """Version 1 to 2, inside :func:`_migrate`'s transaction: fingerprints, settings hashes."""
    for statement in _MIGRATE_V1:
        db.execute(statement)
    runs = db.execute("SELECT id, settings FROM runs").fetchall()
    db.executemany(
        "UPDATE runs SET settings_hash = ? WHERE id = ?",
        [(settings_hash(text), run) for run, text in runs],
    )
    rows = db.execute(f"{SELECT_FINDINGS} ORDER BY p.id, f.id").fetchall()
    for (_, url), group in groupby(rows, key=lambda r: (r[11], r[12])):
        found = list(group)
        prints = fingerprints([finding_from_row(r[1:11]) for r in found], url)
        db.executemany(
            "UPDATE findings SET fingerprint = ? WHERE id = ?",
            [(fp, r[0]) for fp, r in zip(prints, found, strict=True)],
        )


def _migrate_from_v2(db: sqlite3.Connection) -> None:
    """Version 2 to 3, inside :func:`_migrate`'s transaction: ``texts.lang``."""
    for statement in _MIGRATE_V2:
        db.execute(statement)


def _migrate_from_v3(db: sqlite3.Connection) -> None:
    """Version 3 to 4, inside :func:`_migrate`'s transaction: what incremental runs read."""
    for statement in _MIGRATE_V3:
        db.execute(statement)
    for statement in REUSE_TABLES.split(";"):
        if statement.strip():
            db.execute(statement)


def _migrate_from_v4(db: sqlite3.Connection) -> None:
    """Version 4 to 5, inside :func:`_migrate`'s transaction: the cookie banners' table."""
    db.execute(CONSENT_TABLE)


#: Each older version and the step that takes a store from it to the next version.
_UPGRADES: dict[str, Callable[[sqlite3.Connection], None]] = {
    "1": _migrate_from_v1,
    "2": _migrate_from_v2,
    "3": _migrate_from_v3,
    "4": _migrate_from_v4,
}
