"""Item pipelines: text audits, document audits, axe-core's findings, then the store.

Each pipeline takes its settings in ``from_crawler`` and does one thing. The browser
ran before them, in the spider's callback (crawler/browser/stage.py): an item comes
with the page as rendered (or as downloaded, when the browser could not render it)
and with axe-core's results.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from pathlib import Path
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads
from twisted.python.threadpool import ThreadPool

from audits.axe import findings_from_results, rules_from_results
from audits.documents import DocumentError, check_pdf, inspect_pdf
from audits.dom import parse_html
from audits.extract import extract_page
from audits.language import warm_up
from audits.model import TextBlock
from audits.pagepolicy import check_page
from audits.personal_data import redact_page
from audits.sitepolicy import SITE_RULES
from audits.sitetext import EarlyTemplate, audit_text, rule_infos
from crawler.browser.stage import BrowserStage
from crawler.config import AuditConfig
from crawler.items import PageItem
from crawler.scope import host_of
from reports.store import CopiedRow, Store

#: Threads that score pages' text: one computes while the other waits for the language
#: worker; more would only take turns at the GIL.
TEXT_THREADS = 2


class TextAuditPipeline:
    """Main content, title, language, readability and klarspråk from the page's HTML
    (as rendered; as downloaded when the browser could not render it).

    These are the page's provisional text results, without the template text of the
    crawl's first pages (audits.sitetext.EarlyTemplate): after the crawl,
    crawler/textpass.py scores again the pages the site's whole template text marks
    otherwise.

    The checks run in a thread pool of the pipeline's own, not in Twisted's: while the
    language models load (seconds), pages wait there for their text checks, and the
    reactor's pool stays free for what the crawl needs of it, so the browsers go on
    auditing the next pages meanwhile.
    """

    def __init__(
        self, min_words: int, klarsprak_off: Collection[str], *, incremental: bool = False
    ) -> None:
        self.min_words = min_words
        self.klarsprak_off = klarsprak_off
        self._warm_up: threading.Thread | None = None
        self.incremental = incremental
        self.template = EarlyTemplate()
        self.threads = ThreadPool(minthreads=0, maxthreads=TEXT_THREADS, name="klarsyn-text")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        config: AuditConfig = crawler.settings["KLARSYN_CONFIG"]
        pipeline = cls(config.min_words, config.klarsprak_off, incremental=config.incremental)
        # A crawl stopped before its spider closed must not leave the threads running.
        crawler.signals.connect(pipeline.close_spider, signal=signals.engine_stopped)
        return pipeline

    def open_spider(self) -> None:
        self.threads.start()
        if self.incremental:
            # Most pages of an incremental run are re-used and need no model: they load on
            # the first page audited, if any (loading them in a thread meanwhile would
            # hold the GIL for seconds while the crawl runs).
            return
        # The language models take seconds to load: in a thread beside the crawl's start
        # (robots.txt, sitemaps, the browsers), not before it nor inside the first page.
        # A daemon: a crawl shorter than the warm-up, or stopped by the user, ends at once.
        self._warm_up = threading.Thread(target=warm_up, name="klarsyn-warm-up", daemon=True)
        self._warm_up.start()

    def close_spider(self) -> None:
        """Stop the threads (each finishes its page); safe to call twice."""
        if self.threads.started:
            self.threads.stop()

    async def process_item(self, item: PageItem) -> PageItem:
        if item.html is None:
            return item
        # Not on the reactor: a page's text checks take tens of milliseconds (more for a
        # long page) and wait for the language worker's answers, and meanwhile the
        # reactor feeds the browsers their next pages.
        from twisted.internet import reactor  # the installed one (see BrowserStage.render)

        deferred = threads.deferToThreadPool(reactor, self.threads, self._audit, item)
        return await maybe_deferred_to_future(deferred)

    def _audit(self, item: PageItem) -> PageItem:
        html, item.html = item.html, None
        if html is None:
            return item
        soup = parse_html(html)  # once, for the text and the page rules
        page = extract_page(soup)
        item.title, item.lang = page.title, page.lang
        item.blocks = self.template.mark(
            tuple(TextBlock(b.kind, b.text, lang=b.lang) for b in page.blocks)
        )
        item.readability, findings = audit_text(
            item.blocks, page.lang, self.min_words, self.klarsprak_off
        )
        policy, facts = check_page(soup, item.final_url or item.url, page.texts)
        item.findings += findings + policy
        item.rules += rule_infos(findings)
        item.facts.update(facts.as_dict())
        return item


class DocumentAuditPipeline:
    """PDFs: tagged, title, language and text, and their own date for the staleness check.

    pypdf is CPU-bound on large files, so it runs in Twisted's thread pool.
    """

    async def process_item(self, item: PageItem) -> PageItem:
        if item.document is None:
            return item
        data, item.document = item.document, None
        try:
            facts = await maybe_deferred_to_future(threads.deferToThread(inspect_pdf, data))
        except DocumentError as exc:
            item.error = str(exc)
            return item
        item.findings += check_pdf(facts)
        item.facts["pdf"] = {
            "pages": facts.pages,
            "tagged": facts.tagged,
            "title": facts.title,
            "lang": facts.lang,
            "has_text": facts.has_text,
        }
        if facts.modified is not None:
            item.facts["document_modified"] = facts.modified.date().isoformat()
        return item


class AxePipeline:
    """axe-core's results from the browser stage (crawler/browser/stage.py) as findings
    and rules, the other hosts the page loaded resources from
    (``third_party_hosts``) and whether the browser blocked them
    (``third_party_blocked``), and when axe-core tested the page (``tested_at``, its
    result's ISO 8601 UTC timestamp: the EARL report's test time)."""

    def __init__(self, hosts: frozenset[str], block: bool) -> None:
        self.hosts = hosts
        self.block = block

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        stage = crawler.get_extension(BrowserStage)
        if stage is None:
            raise NotConfigured("no browser stage: no axe-core results")
        return cls(stage.hosts, stage.block)

    def process_item(self, item: PageItem) -> PageItem:
        if item.axe is None:
            return item
        page, item.axe = item.axe, None
        item.findings += findings_from_results(page.results)
        item.rules += rules_from_results(page.results)
        item.facts["third_party_hosts"] = self.third_party_hosts(page.resources)
        item.facts["third_party_blocked"] = self.block
        tested = page.results.get("timestamp")
        if isinstance(tested, str) and tested:
            item.facts["tested_at"] = tested
        return item

    def third_party_hosts(self, urls: tuple[str, ...]) -> list[str]:
        """The out-of-scope hosts (``name[:port]``) among a page's resource URLs, sorted."""
        found = {host_of(url) for url in urls if url.startswith(("http://", "https://"))}
        return sorted(found - self.hosts - {""})


class StorePipeline:
    """Every ledger row into the SQLite store, committed one page at a time.

    A page an incremental run re-uses (``item.reused_from``) is copied from that run's
    rows, without its site-wide findings (the site pass computes them again)."""

    def __init__(self, path: Path, run_id: int, stats: StatsCollector) -> None:
        self.path = path
        self.run_id = run_id
        self.stats = stats
        self.store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(
            Path(crawler.settings["KLARSYN_STORE"]),
            crawler.settings.getint("KLARSYN_RUN"),
            crawler.stats,
        )

    def open_spider(self) -> None:
        self.store = Store(self.path)

    def close_spider(self) -> None:
        if self.store is not None:
            self.store.close()

    def process_item(self, item: PageItem) -> PageItem:
        assert self.store is not None
        if item.reused_from is not None and item.cache is not None:
            facts = {**item.facts, "found_by": item.found_by} if item.found_by else item.facts
            row = CopiedRow(item.url, item.depth, item.referrer, facts)
            self.store.copy_page(
                self.run_id, item.reused_from, row, item.cache, item.assets, SITE_RULES
            )
            self.stats.inc_value(f"klarsyn/{item.status.value}")
            return item
        # Whatever a page holds, no personnummer reaches the store (or the reports).
        self.store.add_page(self.run_id, redact_page(item.result()), item.cache, item.assets)
        if item.rules:
            self.store.add_rules(self.run_id, item.rules)
        self.stats.inc_value(f"klarsyn/{item.status.value}")
        return item
