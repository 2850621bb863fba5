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

With ``[consent]`` every browser answers the cookie banner before its first page
(crawler/browser/consent.py); the banner as the first browser saw it is ``banner`` once
the crawl is over (not a crawl stat: Scrapy logs its stats, and axe-core's results on the
banner are thousands of lines).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads
from twisted.python.threadpool import ThreadPool

from audits.axe import run_options
from audits.model import Reason
from crawler.browser.chromium import ChromiumBrowser
from crawler.browser.consent import BannerSeen, ConsentVisit
from crawler.browser.pool import BrowserError, BrowserPool, PageAudit
from crawler.browser.scripts import AxeAssets
from crawler.config import AuditConfig
from crawler.credentials import Credentials
from crawler.evidence import EvidenceWriter
from crawler.scope import Scope
from reports.evidence import run_folder

log = logging.getLogger(__name__)

#: The stats keys of the versions the pages were audited with.
AXE_VERSION = "klarsyn/axe_version"
BROWSER_VERSION = "klarsyn/browser_version"


class BrowserStage:
    """A pool of ``config.browsers`` Chromiums, each driven by one thread of its own.

    Not configured (so the crawl reads the downloaded HTML alone) when
    ``KLARSYN_AXE_DIR`` is not set. With ``evidence`` (a run with ``--evidence``), each
    page's evidence is written by the thread that audited it.
    """

    def __init__(
        self,
        crawler: Crawler,
        pool: BrowserPool,
        size: int,
        hosts: frozenset[str],
        block: bool,
        evidence: EvidenceWriter | None = None,
        consent: ConsentVisit | None = None,
    ) -> None:
        self.crawler = crawler
        self.pool = pool
        #: The hosts in scope (``name[:port]``); every other host is a third party.
        self.hosts = hosts
        #: Whether the browser loads nothing from hosts outside the scope.
        self.block = block
        self.evidence = evidence
        self.consent = consent
        #: Why the crawl renders no more pages ("": it does).
        self.stopped = ""
        self.threads = ThreadPool(minthreads=size, maxthreads=size, name="klarsyn-browser")
        # Off the critical path: the browsers start now, in their threads, while the
        # pipelines open and robots.txt and the sitemaps are read, not on the first page.
        self.threads.start()
        for _ in range(size):
            self.threads.callInThread(self.pool.warm_one)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        # A crawl that stops before its spider opened must not leave browsers behind.
        crawler.signals.connect(self.close, signal=signals.engine_stopped)

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
        consent = None
        if config.consent is not None and config.start_urls:
            consent = ConsentVisit(config.consent, config.start_urls[0], hosts, options)
        pool = BrowserPool(
            lambda: ChromiumBrowser(
                assets,
                options,
                page_timeout=config.page_timeout,
                loopback_only=config.loopback_only,
                allowed_hosts=hosts if block else None,
                credentials=credentials,
                evidence=config.evidence,
                consent=consent,
            ),
            config.browsers,
        )
        assert crawler.stats is not None
        crawler.stats.set_value(AXE_VERSION, assets.version)
        writer = None
        if config.evidence:
            out = Path(crawler.settings["KLARSYN_STORE"]).parent
            writer = EvidenceWriter(run_folder(out, crawler.settings.getint("KLARSYN_RUN")))
        return cls(crawler, pool, config.browsers, hosts, block, writer, consent)

    @property
    def banner(self) -> BannerSeen | None:
        """The cookie banner as the first browser met it; None without [consent]."""
        return self.consent.banner if self.consent is not None else None

    @property
    def banner_answered(self) -> BannerSeen | None:
        """``banner`` once the first browser has answered it (a distributed worker sends
        it then); None before, and without [consent]."""
        return self.consent.answered if self.consent is not None else None

    def spider_closed(self) -> None:
        self.close()

    async def render(self, url: str, page_url: str | None = None) -> PageAudit:
        """``url`` loaded, settled, serialised and audited by axe-core. Raises BrowserError.

        With evidence on, the page's evidence is written (under the ledger's ``page_url``,
        by default ``url``) before this returns, and the audit comes back without it.
        """
        # Imported here, not at the top: the spider imports this module before Scrapy
        # installs its asyncio reactor, and importing the reactor would install another.
        from twisted.internet import reactor

        deferred = threads.deferToThreadPool(
            reactor, self.threads, self._audit, url, page_url or url
        )
        page = await maybe_deferred_to_future(deferred)
        self._note_version()
        return page

    def stop_rendering(self, why: str) -> None:
        """Render no more pages: the pages in flight fail at once with ``why`` instead of
        each waiting for a browser (the store cannot keep their results anyway)."""
        self.stopped = why

    def _audit(self, url: str, page_url: str) -> PageAudit:
        """In a worker thread: the audit, and its evidence written."""
        if self.stopped:
            raise BrowserError(Reason.BROWSER_ERROR, f"not rendered: {self.stopped}")
        page = self.pool.audit(url)
        if page.evidence is None:
            return page
        if self.evidence is not None:
            try:
                self.evidence.write(page_url, page.final_url, page.dom, page.evidence)
            except OSError as exc:
                # The audit stands; the pack lacks the page, and the manifest shows it.
                log.warning("evidence of %s not written: %s", page_url, exc)
        return replace(page, evidence=None)

    def _note_version(self) -> None:
        """The browsers' version in the stats once a browser has started: a distributed
        worker sends it with its pages (crawler/distributed/results.py), a run in one
        process reads it at the end."""
        stats = self.crawler.stats
        if stats is not None and self.pool.version and not stats.get_value(BROWSER_VERSION):
            stats.set_value(BROWSER_VERSION, self.pool.version)

    def close(self) -> None:
        """Stop the threads (each finishes its page) and the browsers; safe to call twice."""
        self._note_version()
        if not self.threads.joined:
            self.threads.stop()
        self.pool.close()
