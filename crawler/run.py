"""Run one crawl in this process with Scrapy's CrawlerProcess.

Stopping: the first SIGINT or SIGTERM is Scrapy's graceful shutdown (no new requests;
the pages already fetched are audited and stored); a second one forces it: the reactor
stops at once, and :func:`run_crawl` then kills the browsers (chromedriver and every
Chromium process under it), removes their profiles and closes the item pipelines
itself. Either way the crawl returns the URLs it had requested but not finished, so
the ledger can account for them, and the CLI writes the reports of what was done.

A store that cannot be written (a full disk) stops the crawl: continuing would audit
pages whose results are lost.
"""

from __future__ import annotations

import ctypes
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.http import Request
from scrapy.settings import Settings
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from audits.model import PageResult
from crawler.browser.consent import BannerSeen
from crawler.browser.launch import profile_of
from crawler.browser.profiles import remove_profiles
from crawler.browser.stage import AXE_VERSION, BROWSER_VERSION, BrowserStage
from crawler.config import AuditConfig
from crawler.credentials import Credentials
from crawler.incremental import Baseline
from crawler.items import PageItem
from crawler.processes import descendants, kill
from crawler.resume import Pending, ResumeState
from crawler.spiders.site import SiteSpider
from reports.store import STORE_NAME, StoreError

LOG_NAME = "klarsyn.log"
#: The spider's close reason when the store could not be written.
STORE_ERROR = "store_error"
#: Pages of a URL list fed to the crawl per browser, beyond the downloads (site.py).
LIST_WINDOW_PER_BROWSER = 8

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CrawlOutcome:
    partial: bool
    #: Stopped by SIGINT or SIGTERM.
    interrupted: bool
    axe_version: str
    browser_version: str
    #: A second signal stopped the reactor before the crawl could close.
    forced: bool = False
    #: URLs requested whose result may not be in the store (the CLI adds what is missing).
    pending: tuple[Pending, ...] = ()
    #: Ledger rows of listed URLs a stopped crawl never reached and would have skipped.
    skipped: tuple[PageResult, ...] = ()
    #: Why the store could not be written, when that stopped the crawl.
    store_error: str = ""
    #: The cookie banner as the browsers met it ([consent]); None without [consent].
    consent: BannerSeen | None = None


def crawl_settings(
    config: AuditConfig,
    out: Path,
    run_id: int,
    axe_dir: Path,
    credentials: Credentials | None = None,
) -> Settings:
    """klarsyn's Scrapy settings with this run's values and the user's limits.

    ``credentials`` go in KLARSYN_CREDENTIALS alone (crawler/auth.py, the browser), never
    in the config, which the store and the reports show.
    """
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    user_agent = settings["USER_AGENT"]
    if config.contact:
        user_agent = f"{user_agent[:-1]}; {config.contact})"
    settings.setdict(
        {
            "KLARSYN_CONFIG": config,
            "KLARSYN_STORE": str(out / STORE_NAME),
            "KLARSYN_RUN": run_id,
            "KLARSYN_AXE_DIR": str(axe_dir),
            "USER_AGENT": user_agent,
            "DOWNLOAD_TIMEOUT": config.download_timeout,
            "LOG_FILE": str(out / LOG_NAME),
            # Items wait for a browser; don't fetch far ahead of the pool.
            "CONCURRENT_ITEMS": max(2, config.browsers * 2),
            # Pages of a URL list in the crawl at once (crawler/spiders/site.py): enough
            # to keep every browser busy while others download, not the whole list.
            "KLARSYN_LIST_WINDOW": LIST_WINDOW_PER_BROWSER * config.browsers + 8,
            "KLARSYN_CREDENTIALS": credentials or Credentials(),
        },
        priority="cmdline",
    )
    return settings


class _Watch:
    """What the crawl did that the CLI must know: requests made and not yet stored, a
    closed spider, store errors.

    ``pending`` holds a URL from its request until its ledger row is stored (the item
    passed every pipeline, the store the last): what a stopped crawl left unfinished, and
    no more, so it stays as small as the pages in flight whatever the site's size.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.pending: dict[str, Pending] = {}
        self.closed = False
        self.store_error = ""
        crawler.signals.connect(self.scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(self.stored, signal=signals.item_scraped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.item_error, signal=signals.item_error)

    def scheduled(self, request: Request, spider: Any) -> None:
        url = request.meta.get("klarsyn_url")
        if url is not None:
            meta = request.meta
            self.pending[url] = Pending(
                url,
                meta.get("klarsyn_depth", 0),
                meta.get("klarsyn_referrer", ""),
                meta.get("klarsyn_found_by", ""),
            )

    def stored(self, item: Any) -> None:
        url = getattr(item, "url", None)
        if url is not None:
            self.pending.pop(url, None)

    def spider_closed(self) -> None:
        self.closed = True

    def item_error(self, failure: Failure) -> None:
        if failure.check(StoreError) and not self.store_error:
            self.store_error = str(failure.value)
            # The pages in flight cannot be stored: they are not rendered either, so the
            # crawl stops now, not after the browsers worked through every one of them.
            stage = self.crawler.get_extension(BrowserStage)
            if stage is not None:
                stage.stop_rendering("the store cannot be written")
            engine = self.crawler.engine
            if engine is not None:
                deferred_from_coro(engine.close_spider_async(reason=STORE_ERROR))


#: glibc's mallopt parameter for the number of malloc arenas.
_M_ARENA_MAX = -8
#: Arenas for the crawl's threads: the main one and one shared by every other thread.
MALLOC_ARENAS = 2


def cap_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Let glibc's malloc use at most ``arenas`` arenas in this process; whether it took.

    By default glibc gives each thread that allocates its own arena (up to 8 per core),
    and each keeps the peak of what its thread once held. The crawl allocates in many
    threads (the browsers' WebDriver calls, the text audits in Twisted's pool): 4,400
    pages into a 10,000-page audit, 15 thread arenas held 78 MiB of klarsyn's RSS.
    Python's small objects do not use malloc's arenas and the GIL serialises most
    allocation anyway, so sharing them costs no measurable time. A MALLOC_ARENA_MAX in
    the environment is left as set; a C library other than glibc is left alone.
    """
    if "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(_M_ARENA_MAX, arenas))
    except (OSError, AttributeError):
        return False


def run_crawl(
    config: AuditConfig,
    out: Path,
    run_id: int,
    axe_dir: Path,
    credentials: Credentials | None = None,
    *,
    resume: ResumeState | None = None,
    baseline: Baseline | None = None,
) -> CrawlOutcome:
    """Crawl and audit until done or stopped (Ctrl-C, SIGTERM: a graceful stop; twice: forced).

    With ``baseline`` (an incremental run), unchanged pages re-use its results."""
    cap_malloc_arenas()
    process = CrawlerProcess(crawl_settings(config, out, run_id, axe_dir, credentials))
    crawler = process.create_crawler(SiteSpider)
    watch = _Watch(crawler)
    # A log line that cannot be written (a full disk) must not print a traceback.
    logging.raiseExceptions = False
    process.crawl(crawler, config=config, resume=resume, baseline=baseline)
    process.start()
    forced = not watch.closed
    if forced:
        _force_close(crawler)
    requested, skipped = _rest_of_list(crawler)
    stats = crawler.stats.get_stats() if crawler.stats else {}
    reason = str(stats.get("finish_reason", "shutdown" if forced else ""))
    stage = crawler.get_extension(BrowserStage)
    return CrawlOutcome(
        partial=reason != "finished",
        interrupted=reason == "shutdown",
        axe_version=str(stats.get(AXE_VERSION, "")),
        browser_version=str(stats.get(BROWSER_VERSION, "")),
        forced=forced,
        pending=(*watch.pending.values(), *requested),
        skipped=tuple(item.result() for item in skipped),
        store_error=watch.store_error,
        consent=stage.banner if stage is not None else None,
    )


def _rest_of_list(crawler: Crawler) -> tuple[list[Pending], list[PageItem]]:
    """The listed URLs the crawl never reached (it stopped first): see SiteSpider."""
    spider = crawler.spider
    if not isinstance(spider, SiteSpider):
        return [], []
    return spider.rest_of_list()


def _force_close(crawler: Crawler) -> None:
    """After a forced stop: kill the browsers, then close the browser stage and the
    pipelines Scrapy did not close.

    A WebDriver call waits for its page (up to the page timeout), a quit waits for that
    call, and the pool starts a fresh browser to retry a page whose browser died: so
    until the stage is closed, every browser process is killed as soon as it appears,
    and their profiles are removed at the end.
    """
    done = threading.Event()
    profiles: set[str] = set()

    def reap() -> None:
        while True:
            profiles.update(_kill_descendants())
            if done.wait(0.2):
                return

    reaper = threading.Thread(target=reap, name="klarsyn-reaper", daemon=True)
    reaper.start()
    try:
        engine = crawler.engine
        stage = crawler.get_extension(BrowserStage)
        pipelines = engine.scraper.itemproc.middlewares if engine is not None else ()
        closers = [stage.close] if stage is not None else []
        closers += [p.close_spider for p in pipelines if hasattr(p, "close_spider")]
        for close in closers:
            try:
                close()
            except Exception as exc:  # the browsers are dead: whatever fails, go on closing
                log.info("after a forced stop, %s did not close cleanly: %s", close, exc)
    finally:
        done.set()
        reaper.join()
        profiles.update(_kill_descendants())
        remove_profiles(Path(profile) for profile in profiles)


def _kill_descendants() -> list[str]:
    """SIGKILL every process below this one (chromedriver, Chromium); their profiles."""
    below = descendants(os.getpid())
    kill(process.pid for process in below)
    return sorted({profile for process in below if (profile := profile_of(process.command))})
