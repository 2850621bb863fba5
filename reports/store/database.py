"""The store's operations: runs, pages with their findings, texts and links, and rules.

One ``Store`` per open file (reports/store/schema.py opens and upgrades it). Each page is
committed on its own, so a crash loses at most the pages in flight; nothing is ever
overwritten, so one store holds the history of a site.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from audits.fingerprint import fingerprints
from audits.model import (
    WCAG_VIOLATION,
    ConsentBanner,
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
from reports.store import reuse
from reports.store.reuse import AssetRecord, CopiedRow, PageCache, ReusablePage
from reports.store.schema import (
    SELECT_FINDINGS,
    Shared,
    StoreError,
    finding_from_row,
    open_database,
    settings_hash,
)

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


def _sql_condition(values: Mapping[str, object], table: str) -> str:
    """``values`` (column → a fixed value of ours, never input) as an SQL condition."""
    return " AND ".join(
        f"{table}.{column} = {int(v) if isinstance(v, bool) else repr(str(v))}"
        for column, v in values.items()
    )


_COUNT_PAGES = "(SELECT count(*) FROM pages p WHERE p.run_id = r.id AND p.status = '{}')"
_LIST_RUNS = (
    "SELECT r.id, r.site, r.started, r.finished, r.partial, r.tool_version, r.axe_version,"  # noqa: S608
    " r.browser_version, r.settings_hash,"
    f" {_COUNT_PAGES.format(PageStatus.AUDITED.value)},"
    f" {_COUNT_PAGES.format(PageStatus.FAILED.value)},"
    f" {_COUNT_PAGES.format(PageStatus.SKIPPED.value)},"
    " (SELECT count(*) FROM findings f JOIN pages p ON p.id = f.page_id WHERE p.run_id = r.id"
    f"  AND {_sql_condition(WCAG_VIOLATION, 'f')})"
    " FROM runs r ORDER BY r.id"
)


@dataclass(frozen=True)
class RunSummary:
    """One line of a store's history: a run's metadata and its headline counts."""

    id: int
    site: str
    started: str
    finished: str | None
    partial: bool
    tool_version: str
    axe_version: str
    browser_version: str
    #: sha256 of the run's settings JSON: equal hashes, equal settings.
    settings_hash: str
    audited: int
    failed: int
    skipped: int
    #: axe-core WCAG violations (outcome violation, not best practice), every occurrence.
    wcag_violations: int


@dataclass(frozen=True)
class LedgerEntry:
    """A ledger row without its results: what resuming a run needs to know of a URL."""

    url: str
    final_url: str
    status: PageStatus
    reason: str
    depth: int
    referrer: str
    http_status: int | None


class Store:
    """A klarsyn store on disk. Not thread-safe: use it from one thread."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self._db = open_database(self.path, create=create)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- runs ---------------------------------------------------------------

    def start_run(
        self,
        site: str,
        started: str,
        tool_version: str,
        settings: dict[str, object],
        result_digest: str = "",
    ) -> int:
        """A new, unfinished run. ``result_digest`` names what its pages' results depend on
        (crawler/incremental.py); only a run with the same digest re-uses them."""
        text = json.dumps(settings, sort_keys=True)
        with self._db:
            cur = self._db.execute(
                "INSERT INTO runs (site, started, tool_version, settings, partial, settings_hash,"
                " result_digest) VALUES (?, ?, ?, ?, 1, ?, ?)",
                (site, started, tool_version, text, settings_hash(text), result_digest),
            )
        return int(cur.lastrowid or 0)

    def run_state(self, run_id: int) -> tuple[str, bool, str]:
        """A run's site, whether it ended complete (finished, not partial), its result digest."""
        row = self._db.execute(
            "SELECT site, finished IS NOT NULL AND partial = 0, result_digest FROM runs"
            " WHERE id = ?",
            (run_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"{self.path} has no run {run_id}")
        return str(row[0]), bool(row[1]), str(row[2])

    def finish_run(
        self,
        run_id: int,
        finished: str,
        *,
        partial: bool,
        axe_version: str,
        browser_version: str,
    ) -> None:
        try:
            with self._db:
                self._db.execute(
                    "UPDATE runs SET finished = ?, partial = ?, axe_version = ?,"
                    " browser_version = ? WHERE id = ?",
                    (finished, int(partial), axe_version, browser_version, run_id),
                )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the store {self.path} ({exc})") from exc

    def unfinished_run_id(self) -> int | None:
        """The latest run that has no end time or was marked partial, if any."""
        row = self._db.execute(
            "SELECT max(id) FROM runs WHERE finished IS NULL OR partial = 1"
        ).fetchone()
        return None if row[0] is None else int(row[0])

    def sites(self) -> list[str]:
        """The sites the store holds runs of (``runs.site``), in the order first audited."""
        return [row[0] for row in self._db.execute(
            "SELECT site FROM runs GROUP BY site ORDER BY min(id)")]

    def latest_run_id(self, site: str | None = None) -> int:
        """The latest run of the store, or of ``site`` alone when given."""
        row = self._db.execute(
            "SELECT max(id) FROM runs WHERE ? IS NULL OR site = ?", (site, site)
        ).fetchone()
        if row is None or row[0] is None:
            raise StoreError(f"{self.path} holds no audit run" + (f" of {site}" if site else ""))
        return int(row[0])

    def list_runs(self) -> list[RunSummary]:
        """Every run of the store, oldest first, with its headline counts."""
        return [
            RunSummary(*row[:4], bool(row[4]), *row[5:]) for row in self._db.execute(_LIST_RUNS)
        ]

    def previous_run_id(self, run_id: int) -> int | None:
        """The latest run before ``run_id`` of the same site, if any."""
        self.load_run(run_id)
        row = self._db.execute(
            "SELECT max(id) FROM runs WHERE id < ? AND site = (SELECT site FROM runs WHERE id = ?)",
            (run_id, run_id),
        ).fetchone()
        return None if row[0] is None else int(row[0])

    def fingerprints_before(self, run_id: int, outcome: Outcome) -> set[str]:
        """The fingerprints of ``outcome`` findings in every run of the same site before
        ``run_id``: another site of the store never makes a fault "reappeared"."""
        return {
            row[0]
            for row in self._db.execute(
                "SELECT DISTINCT f.fingerprint FROM findings f JOIN pages p ON p.id = f.page_id"
                " WHERE p.run_id < ? AND f.outcome = ? AND p.run_id IN"
                " (SELECT id FROM runs WHERE site = (SELECT site FROM runs WHERE id = ?))",
                (run_id, outcome.value, run_id),
            )
        }

    def load_run(self, run_id: int) -> RunInfo:
        row = self._db.execute(
            "SELECT id, site, started, finished, tool_version, axe_version, browser_version,"
            " settings, partial FROM runs WHERE id = ?",
            (run_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"{self.path} has no run {run_id}")
        # The columns are RunInfo's fields, in its order.
        return RunInfo(*row[:7], settings=json.loads(row[7]), partial=bool(row[8]))

    # -- pages --------------------------------------------------------------

    def add_page(
        self,
        run_id: int,
        page: PageResult,
        cache: PageCache | None = None,
        assets: Iterable[AssetRecord] = (),
    ) -> None:
        """Record one ledger row with its findings, replacing an earlier row of the URL;
        with ``cache``, what the next incremental run compares the page with (and the
        run's ``assets`` records of its subresources).

        One transaction: after a crash (even ``kill -9``) a page is in the store whole,
        with its findings, links and texts, or not at all. A failed write (a full disk)
        raises StoreError and leaves what was committed before as it was.
        """
        try:
            self._add_page(run_id, page, cache, assets)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the store {self.path} ({exc})") from exc

    def copy_page(
        self,
        run_id: int,
        from_run: int,
        row: CopiedRow,
        cache: PageCache,
        assets: Iterable[AssetRecord],
        drop_rules: Collection[str],
    ) -> None:
        """Record a page's result re-used from ``from_run`` (reports/store/reuse.py), with
        its rule texts, in one transaction like :meth:`add_page`."""
        try:
            with self._db:
                page_id = reuse.copy_page(self._db, run_id, from_run, row, drop_rules)
                reuse.write_cache(self._db, run_id, page_id, cache, assets)
                reuse.copy_rules(self._db, from_run, run_id)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the store {self.path} ({exc})") from exc

    def reusable_pages(self, run_id: int) -> dict[str, ReusablePage]:
        """The cleanly audited pages of a run that an incremental run may re-use, by URL."""
        return reuse.reusable_pages(self._db, run_id)

    def run_assets(self, run_id: int) -> dict[str, AssetRecord]:
        """The same-site subresources an incremental run fetched, by URL."""
        return reuse.run_assets(self._db, run_id)

    def page_links(self, run_id: int, url: str) -> list[Link]:
        """A page's stored links, in order."""
        return reuse.page_links(self._db, run_id, url)

    def _add_page(
        self,
        run_id: int,
        page: PageResult,
        cache: PageCache | None,
        assets: Iterable[AssetRecord],
    ) -> None:
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
            self._insert_findings(page_id, page.url, page.findings)
            self._db.executemany(
                "INSERT INTO links (page_id, position, url, text) VALUES (?, ?, ?, ?)",
                [(page_id, n, link.url, link.text) for n, link in enumerate(page.links)],
            )
            self._insert_text_results(page_id, page)
            if cache is not None and page_id is not None:
                reuse.write_cache(self._db, run_id, page_id, cache, assets)

    def add_missing_pages(self, run_id: int, pages: Iterable[PageResult]) -> int:
        """Record the rows of URLs the run has no row for yet (one transaction); how many."""
        added = 0
        try:
            with self._db:
                for page in pages:
                    exists = self._db.execute(
                        "SELECT 1 FROM pages WHERE run_id = ? AND url = ?", (run_id, page.url)
                    ).fetchone()
                    if exists is None:
                        self._db.execute(
                            "INSERT INTO pages (run_id, url, status, reason, depth, referrer,"
                            " facts) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            (
                                run_id,
                                page.url,
                                page.status.value,
                                page.reason,
                                page.depth,
                                page.referrer,
                                json.dumps(page.facts, sort_keys=True),
                            ),
                        )
                        added += 1
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the store {self.path} ({exc})") from exc
        return added

    def ledger_rows(self, run_id: int) -> list[LedgerEntry]:
        """What a resumed crawl needs to know of each row of a run, in the order met."""
        return [
            LedgerEntry(row[0], row[1], PageStatus(row[2]), row[3], row[4], row[5], row[6])
            for row in self._db.execute(
                "SELECT url, final_url, status, reason, depth, referrer, http_status FROM pages"
                " WHERE run_id = ? ORDER BY id",
                (run_id,),
            )
        ]

    def audited_links(self, run_id: int) -> list[tuple[str, int, str]]:
        """(link target, linking page's depth, linking page's URL) of the run's audited pages."""
        return [
            (row[0], int(row[1]), row[2])
            for row in self._db.execute(
                "SELECT l.url, p.depth, p.url FROM links l JOIN pages p ON p.id = l.page_id"
                " WHERE p.run_id = ? AND p.status = ? ORDER BY p.id, l.position",
                (run_id, PageStatus.AUDITED.value),
            )
        ]

    def _insert_findings(self, page_id: int | None, url: str, findings: Iterable[Finding]) -> None:
        """Insert one page's findings; those without a fingerprint get theirs here."""
        findings = list(findings)
        self._db.executemany(
            "INSERT INTO findings (page_id, rule, source, outcome, impact, wcag, selector,"
            " snippet, best_practice, message, fingerprint)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    fp,
                )
                for f, fp in zip(findings, fingerprints(findings, url), strict=True)
            ],
        )

    def _insert_text_results(self, page_id: int | None, page: PageResult) -> None:
        if page.readability is not None:
            self._db.execute(_INSERT_READABILITY, (page_id, *astuple(page.readability)))
        self._db.executemany(
            "INSERT INTO texts (page_id, position, kind, text, template, lang)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (page_id, n, b.kind, b.text, int(b.template), b.lang)
                for n, b in enumerate(page.blocks)
            ],
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
            self._insert_findings(page_id, url, [f for f in findings if f.rule in rules])

    def replace_text_results(self, run_id: int, page: PageResult) -> None:
        """Store a page's readability and scored blocks again."""
        with self._db:
            page_id = self._page_id(run_id, page.url)
            self._db.execute("DELETE FROM readability WHERE page_id = ?", (page_id,))
            self._db.execute("DELETE FROM texts WHERE page_id = ?", (page_id,))
            self._insert_text_results(page_id, page)

    def text_pages(self, run_id: int) -> list[tuple[str, str]]:
        """(URL, declared language) of every audited page of a run that has text blocks,
        in the order the URLs were met: the text pass reads their blocks one page at a
        time (:meth:`page_blocks`) instead of holding every page at once."""
        return [
            (str(row[0]), str(row[1]))
            for row in self._db.execute(
                "SELECT p.url, p.lang FROM pages p WHERE p.run_id = ? AND p.status = ?"
                " AND EXISTS (SELECT 1 FROM texts t WHERE t.page_id = p.id) ORDER BY p.id",
                (run_id, PageStatus.AUDITED.value),
            )
        ]

    def page_blocks(self, run_id: int, url: str) -> tuple[TextBlock, ...]:
        """One page's text blocks, in page order."""
        return tuple(
            TextBlock(row[0], row[1], bool(row[2]), lang=row[3])
            for row in self._db.execute(
                "SELECT kind, text, template, lang FROM texts WHERE page_id = ? ORDER BY position",
                (self._page_id(run_id, url),),
            )
        )

    def iter_page_blocks(self, run_id: int) -> Iterator[tuple[TextBlock, ...]]:
        """The text blocks of each audited page of a run that has any, one page at a time:
        a stream, to be read to its end before anything is written to the store."""
        page_id, blocks = None, []
        for row in self._db.execute(
            "SELECT t.page_id, t.kind, t.text, t.template, t.lang FROM texts t"
            " JOIN pages p ON p.id = t.page_id WHERE p.run_id = ? AND p.status = ?"
            " ORDER BY t.page_id, t.position",
            (run_id, PageStatus.AUDITED.value),
        ):
            if row[0] != page_id and blocks:
                yield tuple(blocks)
                blocks = []
            page_id = row[0]
            blocks.append(TextBlock(row[1], row[2], bool(row[3]), lang=row[4]))
        if blocks:
            yield tuple(blocks)

    def load_pages(
        self, run_id: int, *, texts: bool = True, links: bool = True, findings: bool = True
    ) -> list[PageResult]:
        """Every ledger row of a run, in the order the URLs were met; equal texts of its
        findings and text blocks, and equal links, are one object (``Shared``).

        A caller that needs less leaves out the text blocks (``texts``), the links
        (``links``) or the findings (``findings``): a run's text is most of its rows'
        memory and loading time. A trend point of an earlier run needs neither text nor
        links; the site pass neither text nor findings.
        """
        shared = Shared()
        found: dict[int, list[Finding]] = {}
        if findings:
            for row in self._db.execute(
                f"{SELECT_FINDINGS} WHERE p.run_id = ? ORDER BY f.id", (run_id,)
            ):
                found.setdefault(row[11], []).append(finding_from_row(row[1:11], shared))
        blocks: dict[int, list[TextBlock]] = {}
        linked: dict[int, list[Link]] = {}
        if texts:
            for row in self._db.execute(
                "SELECT t.page_id, t.kind, t.text, t.template, t.lang FROM texts t"
                " JOIN pages p ON p.id = t.page_id WHERE p.run_id = ?"
                " ORDER BY t.page_id, t.position",
                (run_id,),
            ):
                blocks.setdefault(row[0], []).append(
                    TextBlock(shared.text(row[1]), shared.text(row[2]), bool(row[3]),
                              lang=shared.text(row[4]))
                )
        if links:
            for row in self._db.execute(
                "SELECT l.page_id, l.url, l.text FROM links l"
                " JOIN pages p ON p.id = l.page_id WHERE p.run_id = ?"
                " ORDER BY l.page_id, l.position",
                (run_id,),
            ):
                linked.setdefault(row[0], []).append(shared.link(row[1], row[2]))
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
                    findings=tuple(found.get(row[0], ())),
                    blocks=tuple(blocks.get(row[0], ())),
                    links=tuple(linked.get(row[0], ())),
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

    # -- the cookie banner ----------------------------------------------------

    def set_consent_banner(self, run_id: int, banner: ConsentBanner) -> None:
        """Keep the run's cookie banner (one a run; a second replaces the first)."""
        findings = [
            [f.rule, f.source.value, f.outcome.value, f.impact, list(f.wcag), f.selector,
             f.snippet, f.best_practice]
            for f in banner.findings
        ]
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO consent_banners (run_id, url, state, message, host,"
                " script_url, third_party, findings) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (run_id, banner.url, banner.state, banner.message, banner.host,
                 banner.script_url, int(banner.third_party), json.dumps(findings)),
            )

    def load_consent_banner(self, run_id: int) -> ConsentBanner | None:
        """The run's cookie banner; None when the run audited none (no ``[consent]``)."""
        row = self._db.execute(
            "SELECT url, state, message, host, script_url, third_party, findings"
            " FROM consent_banners WHERE run_id = ?",
            (run_id,),
        ).fetchone()
        if row is None:
            return None
        findings = tuple(
            Finding(str(rule), Source(source), Outcome(outcome), impact, tuple(wcag),
                    str(selector), str(snippet), bool(best))
            for rule, source, outcome, impact, wcag, selector, snippet, best
            in json.loads(row[6])
        )
        return ConsentBanner(str(row[0]), str(row[1]), str(row[2]), str(row[3]),
                             str(row[4]), bool(row[5]), findings)
