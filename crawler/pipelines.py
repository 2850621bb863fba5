"""Item pipelines: text audits, browser audits, then the store. In that order.

Each pipeline takes its settings in ``from_crawler`` and does one thing. The
browser stage hands the blocking WebDriver calls to its own bounded thread pool
(one thread per browser), so Scrapy's reactor never waits on Chromium.
"""

from __future__ import annotations

from pathlib import Path
from typing import Self

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor, threads
from twisted.python.threadpool import ThreadPool

from audits.axe import findings_from_results, rules_from_results, run_options
from audits.documents import DocumentError, check_pdf, inspect_pdf
from audits.extract import extract_page
from audits.language import warm_up
from audits.model import TextBlock
from audits.pagepolicy import check_page
from audits.personal_data import redact_page
from audits.sitetext import audit_text, rule_infos
from crawler.browser.chromium import ChromiumBrowser
from crawler.browser.pool import BrowserError, BrowserPool
from crawler.browser.scripts import AxeAssets
from crawler.config import AuditConfig
from crawler.credentials import Credentials
from crawler.items import PageItem
from crawler.scope import Scope, host_of
from reports.store import Store


class TextAuditPipeline:
    """Main content, title, language, readability and klarspråk from the fetched HTML.

    These are the page's provisional text results: after the crawl,
    crawler/textpass.py scores every page again without the site's template text.
    """

    def __init__(self, min_words: int) -> None:
        self.min_words = min_words

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        config: AuditConfig = crawler.settings["KLARSYN_CONFIG"]
        return cls(config.min_words)

    async def open_spider(self) -> None:
        # Language models take seconds to load: in a thread now, not on the first page.
        await maybe_deferred_to_future(threads.deferToThread(warm_up))

    def process_item(self, item: PageItem) -> PageItem:
        if item.html is None:
            return item
        html, item.html = item.html, None
        page = extract_page(html)
        item.title, item.lang = page.title, page.lang
        item.blocks = tuple(TextBlock(block.kind, block.text) for block in page.blocks)
        item.readability, findings = audit_text(item.blocks, page.lang, self.min_words)
        policy, facts = check_page(html, item.final_url or item.url, page.texts)
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


class BrowserAuditPipeline:
    """axe-core in headless Chromium for every HTML page that was fetched.

    Also records the other hosts a page loaded resources from (``third_party_hosts``)
    and whether the browser blocked them (``third_party_blocked``). Credentials for
    the site force that blocking on: Chromium cannot keep extra headers to one host,
    and its cookies ignore ports.
    """

    def __init__(
        self,
        pool: BrowserPool,
        size: int,
        stats: StatsCollector,
        hosts: frozenset[str],
        block: bool,
    ) -> None:
        self.pool = pool
        self.stats = stats
        self.hosts = hosts
        self.block = block
        self.threads = ThreadPool(minthreads=size, maxthreads=size, name="klarsyn-browser")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        config: AuditConfig = crawler.settings["KLARSYN_CONFIG"]
        axe_dir = crawler.settings.get("KLARSYN_AXE_DIR")
        if not axe_dir:
            raise NotConfigured("KLARSYN_AXE_DIR is not set")
        assets = AxeAssets.load(Path(axe_dir))
        options = run_options(config.tags, config.best_practice)
        credentials: Credentials | None = crawler.settings.get("KLARSYN_CREDENTIALS") or None
        hosts = Scope.build(config.start_urls, config.hosts).hosts
        block = config.block_third_party or credentials is not None
        pool = BrowserPool(
            lambda: ChromiumBrowser(
                assets,
                options,
                page_timeout=config.page_timeout,
                loopback_only=config.loopback_only,
                allowed_hosts=hosts if block else None,
                credentials=credentials,
            ),
            config.browsers,
        )
        crawler.stats.set_value("klarsyn/axe_version", assets.version)
        return cls(pool, config.browsers, crawler.stats, hosts, block)

    def open_spider(self) -> None:
        self.threads.start()

    def close_spider(self) -> None:
        self.stats.set_value("klarsyn/browser_version", self.pool.version)
        self.threads.stop()
        self.pool.close()

    async def process_item(self, item: PageItem) -> PageItem:
        if not item.browser:
            return item
        deferred = threads.deferToThreadPool(
            reactor, self.threads, self.pool.audit, item.final_url or item.url
        )
        try:
            page = await maybe_deferred_to_future(deferred)
        except BrowserError as exc:
            item.fail(exc.reason, str(exc))
            return item
        item.browser = False
        item.findings += findings_from_results(page.results)
        item.rules += rules_from_results(page.results)
        item.facts["third_party_hosts"] = self.third_party_hosts(page.resources)
        item.facts["third_party_blocked"] = self.block
        return item

    def third_party_hosts(self, urls: tuple[str, ...]) -> list[str]:
        """The out-of-scope hosts (``name[:port]``) among a page's resource URLs, sorted."""
        found = {host_of(url) for url in urls if url.startswith(("http://", "https://"))}
        return sorted(found - self.hosts - {""})


class StorePipeline:
    """Every ledger row into the SQLite store, committed one page at a time."""

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
        # Whatever a page holds, no personnummer reaches the store (or the reports).
        self.store.add_page(self.run_id, redact_page(item.result()))
        if item.rules:
            self.store.add_rules(self.run_id, item.rules)
        self.stats.inc_value(f"klarsyn/{item.status.value}")
        return item
