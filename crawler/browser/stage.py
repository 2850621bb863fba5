"""The browser stage of a crawl: a Scrapy extension that renders and audits pages.

The spider (crawler/spiders/site.py) finds the running stage with
``crawler.get_extension(BrowserStage)`` and awaits :meth:`BrowserStage.render` for each
HTML page it fetched: the page is loaded in headless Chromium, axe-core runs on it, and
the rendered DOM comes back for the text, policy and link checks, so that every check
reads the page the visitor's browser shows. The blocking WebDriver calls run in the
stage's own bounded thread pool (one thread per browser), so Scrapy's reactor never
waits on Chromium.

Credentials for the site force third-party blocking on: Chromium cannot keep extra
headers to one host, and its cookies ignore ports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads
from twisted.python.threadpool import ThreadPool

from audits.axe import run_options
from crawler.browser.chromium import ChromiumBrowser
from crawler.browser.pool import BrowserPool, PageAudit
from crawler.browser.scripts import AxeAssets
from crawler.config import AuditConfig
from crawler.credentials import Credentials
from crawler.scope import Scope


class BrowserStage:
    """A pool of ``config.browsers`` Chromiums, each driven by one thread of its own.

    Not configured (so the crawl reads the downloaded HTML alone) when
    ``KLARSYN_AXE_DIR`` is not set.
    """

    def __init__(
        self, crawler: Crawler, pool: BrowserPool, size: int, hosts: frozenset[str], block: bool
    ) -> None:
        self.crawler = crawler
        self.pool = pool
        #: The hosts in scope (``name[:port]``); every other host is a third party.
        self.hosts = hosts
        #: Whether the browser loads nothing from hosts outside the scope.
        self.block = block
        self.threads = ThreadPool(minthreads=size, maxthreads=size, name="klarsyn-browser")
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        axe_dir = crawler.settings.get("KLARSYN_AXE_DIR")
        if not axe_dir:
            raise NotConfigured("KLARSYN_AXE_DIR is not set")
        config: AuditConfig = crawler.settings["KLARSYN_CONFIG"]
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
        assert crawler.stats is not None
        crawler.stats.set_value("klarsyn/axe_version", assets.version)
        return cls(crawler, pool, config.browsers, hosts, block)

    def spider_opened(self) -> None:
        self.threads.start()

    def spider_closed(self) -> None:
        self.close()

    async def render(self, url: str) -> PageAudit:
        """``url`` loaded, settled, serialised and audited by axe-core. Raises BrowserError."""
        # Imported here, not at the top: the spider imports this module before Scrapy
        # installs its asyncio reactor, and importing the reactor would install another.
        from twisted.internet import reactor

        deferred = threads.deferToThreadPool(reactor, self.threads, self.pool.audit, url)
        return await maybe_deferred_to_future(deferred)

    def close(self) -> None:
        """Stop the threads (each finishes its page) and the browsers; safe to call twice."""
        if self.crawler.stats is not None and self.pool.version:
            self.crawler.stats.set_value("klarsyn/browser_version", self.pool.version)
        if not self.threads.joined:
            self.threads.stop()
        self.pool.close()
