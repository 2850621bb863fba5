"""The findings store: one SQLite file per output folder. All SQL lives here.

Like coverage.py's data file, the store is the only channel between measuring
(the crawler) and reporting: a schema version in ``meta``, one row per run with
the metadata an auditor needs to repeat it, and one row per URL met (the
coverage ledger) with its findings and readability. Each page is committed on
its own, so a crash loses at most the pages in flight.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import astuple, fields
from pathlib import Path

from audits.model import (
    Finding,
    Link,
    Outcome,
    PageResult,
    PageStatus,
    Readability,
    RuleInfo,
    RunInfo,
    Source,
    TextBlock,
)

SCHEMA_VERSION = 1
_READABILITY = tuple(f.name for f in fields(Readability))
# Built from the dataclass's field names (never from data), so the columns follow the model.
_INSERT_READABILITY = (
    f"INSERT INTO readability (page_id, {', '.join(_READABILITY)})"  # noqa: S608
    f" VALUES (?{', ?' * len(_READABILITY)})"
)
_READABILITY_COLUMNS = ", ".join(f"r.{name}" for name in _READABILITY)
_SELECT_PAGES = (
    "SELECT p.id, p.url, p.status, p.reason, p.final_url, p.http_status, p.content_type,"  # noqa: S608
    f" p.title, p.lang, p.depth, p.referrer, p.error, p.facts, {_READABILITY_COLUMNS}"
    " FROM pages p LEFT JOIN readability r ON r.page_id = p.id"
    " WHERE p.run_id = ? ORDER BY p.id"
)
STORE_NAME = "klarsyn.sqlite"

_SCHEMA = """
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
    partial INTEGER NOT NULL DEFAULT 0
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
    message TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS findings_page ON findings(page_id);
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


class StoreError(Exception):
    """The file is not a klarsyn store we can read or write."""


class Store:
    """A klarsyn store on disk. Not thread-safe: use it from one thread."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise StoreError(f"no klarsyn store at {self.path}")
        try:
            self._db = sqlite3.connect(self.path)
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._init_schema(create)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a klarsyn store ({exc})") from exc

    def _init_schema(self, create: bool) -> None:
        row = None
        has_meta = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchone()
        if has_meta:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            if not create:
                raise StoreError(f"{self.path} is not a klarsyn store")
            with self._db:
                self._db.executescript(_SCHEMA)
                self._db.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
        elif int(row[0]) != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has store schema {row[0]}; this klarsyn reads {SCHEMA_VERSION}"
            )

    def close(self) -> None:
        self._db.close()

    # -- runs ---------------------------------------------------------------

    def start_run(
        self, site: str, started: str, tool_version: str, settings: dict[str, object]
    ) -> int:
        with self._db:
            cur = self._db.execute(
                "INSERT INTO runs (site, started, tool_version, settings, partial)"
                " VALUES (?, ?, ?, ?, 1)",
                (site, started, tool_version, json.dumps(settings, sort_keys=True)),
            )
        return int(cur.lastrowid or 0)

    def finish_run(
        self,
        run_id: int,
        finished: str,
        *,
        partial: bool,
        axe_version: str,
        browser_version: str,
    ) -> None:
        with self._db:
            self._db.execute(
                "UPDATE runs SET finished = ?, partial = ?, axe_version = ?, browser_version = ?"
                " WHERE id = ?",
                (finished, int(partial), axe_version, browser_version, run_id),
            )

    def latest_run_id(self) -> int:
        row = self._db.execute("SELECT max(id) FROM runs").fetchone()
        if row is None or row[0] is None:
            raise StoreError(f"{self.path} holds no audit run")
        return int(row[0])

    def load_run(self, run_id: int) -> RunInfo:
        row = self._db.execute(
            "SELECT id, site, started, finished, tool_version, axe_version, browser_version,"
            " settings, partial FROM runs WHERE id = ?",
            (run_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"{self.path} has no run {run_id}")
        return RunInfo(
            id=row[0],
            site=row[1],
            started=row[2],
            finished=row[3],
            tool_version=row[4],
            axe_version=row[5],
            browser_version=row[6],
            settings=json.loads(row[7]),
            partial=bool(row[8]),
        )

    # -- pages --------------------------------------------------------------

    def add_page(self, run_id: int, page: PageResult) -> None:
        """Record one ledger row with its findings, replacing an earlier row of the URL."""
        with self._db:
            self._db.execute("DELETE FROM pages WHERE run_id = ? AND url = ?", (run_id, page.url))
            cur = self._db.execute(
                "INSERT INTO pages (run_id, url, status, reason, final_url, http_status,"
                " content_type, title, lang, depth, referrer, error, facts)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    run_id,
                    page.url,
                    page.status.value,
                    page.reason,
                    page.final_url,
                    page.http_status,
                    page.content_type,
                    page.title,
                    page.lang,
                    page.depth,
                    page.referrer,
                    page.error,
                    json.dumps(page.facts, sort_keys=True),
                ),
            )
            page_id = cur.lastrowid
            self._insert_findings(page_id, page.findings)
            self._db.executemany(
                "INSERT INTO links (page_id, position, url, text) VALUES (?, ?, ?, ?)",
                [(page_id, n, link.url, link.text) for n, link in enumerate(page.links)],
            )
            self._insert_text_results(page_id, page)

    def _insert_findings(self, page_id: int | None, findings: Iterable[Finding]) -> None:
        self._db.executemany(
            "INSERT INTO findings (page_id, rule, source, outcome, impact, wcag, selector,"
            " snippet, best_practice, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    page_id,
                    f.rule,
                    f.source.value,
                    f.outcome.value,
                    f.impact,
                    " ".join(f.wcag),
                    f.selector,
                    f.snippet,
                    int(f.best_practice),
                    f.message,
                )
                for f in findings
            ],
        )

    def _insert_text_results(self, page_id: int | None, page: PageResult) -> None:
        if page.readability is not None:
            self._db.execute(_INSERT_READABILITY, (page_id, *astuple(page.readability)))
        self._db.executemany(
            "INSERT INTO texts (page_id, position, kind, text, template) VALUES (?, ?, ?, ?, ?)",
            [(page_id, n, b.kind, b.text, int(b.template)) for n, b in enumerate(page.blocks)],
        )

    def _page_id(self, run_id: int, url: str) -> int:
        row = self._db.execute(
            "SELECT id FROM pages WHERE run_id = ? AND url = ?", (run_id, url)
        ).fetchone()
        if row is None:
            raise StoreError(f"run {run_id} has no page {url}")
        return int(row[0])

    def replace_findings(
        self, run_id: int, url: str, rules: Collection[str], findings: Iterable[Finding]
    ) -> None:
        """Replace a page's findings of ``rules`` (one check's) with ``findings``.

        Findings of every other rule on the page are kept as they are.
        """
        with self._db:
            page_id = self._page_id(run_id, url)
            self._db.executemany(
                "DELETE FROM findings WHERE page_id = ? AND rule = ?",
                [(page_id, rule) for rule in rules],
            )
            self._insert_findings(page_id, [f for f in findings if f.rule in rules])

    def replace_text_results(self, run_id: int, page: PageResult) -> None:
        """Store a page's readability and scored blocks again."""
        with self._db:
            page_id = self._page_id(run_id, page.url)
            self._db.execute("DELETE FROM readability WHERE page_id = ?", (page_id,))
            self._db.execute("DELETE FROM texts WHERE page_id = ?", (page_id,))
            self._insert_text_results(page_id, page)

    def load_pages(self, run_id: int) -> list[PageResult]:
        """Every ledger row of a run, in the order the URLs were met."""
        findings: dict[int, list[Finding]] = {}
        for row in self._db.execute(
            "SELECT f.page_id, f.rule, f.source, f.outcome, f.impact, f.wcag, f.selector,"
            " f.snippet, f.best_practice, f.message"
            " FROM findings f JOIN pages p ON p.id = f.page_id"
            " WHERE p.run_id = ? ORDER BY f.id",
            (run_id,),
        ):
            findings.setdefault(row[0], []).append(
                Finding(
                    rule=row[1],
                    source=Source(row[2]),
                    outcome=Outcome(row[3]),
                    impact=row[4],
                    wcag=tuple(row[5].split()),
                    selector=row[6],
                    snippet=row[7],
                    best_practice=bool(row[8]),
                    message=row[9],
                )
            )
        blocks: dict[int, list[TextBlock]] = {}
        for row in self._db.execute(
            "SELECT t.page_id, t.kind, t.text, t.template FROM texts t"
            " JOIN pages p ON p.id = t.page_id WHERE p.run_id = ? ORDER BY t.page_id, t.position",
            (run_id,),
        ):
            blocks.setdefault(row[0], []).append(TextBlock(row[1], row[2], bool(row[3])))
        links: dict[int, list[Link]] = {}
        for row in self._db.execute(
            "SELECT l.page_id, l.url, l.text FROM links l"
            " JOIN pages p ON p.id = l.page_id WHERE p.run_id = ? ORDER BY l.page_id, l.position",
            (run_id,),
        ):
            links.setdefault(row[0], []).append(Link(row[1], row[2]))
        pages = []
        for row in self._db.execute(_SELECT_PAGES, (run_id,)):
            readability = None
            if row[13] is not None:
                readability = Readability(*row[13:])
            pages.append(
                PageResult(
                    url=row[1],
                    status=PageStatus(row[2]),
                    reason=row[3],
                    final_url=row[4],
                    http_status=row[5],
                    content_type=row[6],
                    title=row[7],
                    lang=row[8],
                    depth=row[9],
                    referrer=row[10],
                    error=row[11],
                    readability=readability,
                    findings=tuple(findings.get(row[0], ())),
                    blocks=tuple(blocks.get(row[0], ())),
                    links=tuple(links.get(row[0], ())),
                    facts=json.loads(row[12]),
                )
            )
        return pages

    # -- rules --------------------------------------------------------------

    def add_rules(self, run_id: int, rules: Iterable[RuleInfo]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR IGNORE INTO rules (run_id, id, source, help, description, help_url,"
                " tags) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        run_id,
                        r.id,
                        r.source.value,
                        r.help,
                        r.description,
                        r.help_url,
                        " ".join(r.tags),
                    )
                    for r in rules
                ],
            )

    def load_rules(self, run_id: int) -> dict[str, RuleInfo]:
        return {
            row[0]: RuleInfo(
                id=row[0],
                source=Source(row[1]),
                help=row[2],
                description=row[3],
                help_url=row[4],
                tags=tuple(row[5].split()),
            )
            for row in self._db.execute(
                "SELECT id, source, help, description, help_url, tags FROM rules"
                " WHERE run_id = ? ORDER BY id",
                (run_id,),
            )
        }
