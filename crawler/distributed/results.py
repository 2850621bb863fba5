"""Pages from the workers to the coordinator: a ledger row and its rules as JSON in the
results list, sent with the page's lease released in the same transaction.

The worker redacts personal data (personnummer) before a page leaves it, as the store
pipeline does in one process, and records which worker audited the page
(``facts["worker"]``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any, Self

import redis
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from scrapy_redis.dupefilter import RFPDupeFilter

from audits.model import (
    Finding,
    Link,
    Outcome,
    PageResult,
    PageStatus,
    Readability,
    RuleInfo,
    Source,
    TextBlock,
)
from audits.personal_data import redact_page
from crawler.browser.consent import BannerSeen
from crawler.browser.stage import AXE_VERSION, BROWSER_VERSION, BrowserStage
from crawler.distributed.frontier import (
    CONSENT_KEY,
    DUPEFILTER_KEY,
    REQUESTS_KEY,
    RESULTS_KEY,
    SEEDED_KEY,
    VERSIONS_KEY,
    LeasedQueue,
    lease_of,
    release,
)
from crawler.items import PageItem


@dataclass(frozen=True)
class Versions:
    """What a worker audits with: the axe-core and Chromium versions."""

    axe: str
    browser: str


def read_banner(server: redis.Redis) -> BannerSeen | None:
    """The cookie banner a worker sent; None when none did (no [consent], or no worker
    got to answer it)."""
    raw = server.get(CONSENT_KEY)
    return BannerSeen(**json.loads(raw)) if raw else None


def read_versions(server: redis.Redis) -> tuple[Versions, ...]:
    """The versions the run's workers sent, each distinct pair once, sorted."""
    found = {Versions(**json.loads(raw)) for raw in server.hvals(VERSIONS_KEY)}
    return tuple(sorted(found, key=lambda v: (v.axe, v.browser)))


def encode_page(result: PageResult, rules: tuple[RuleInfo, ...]) -> str:
    return json.dumps(
        {"page": asdict(result), "rules": [asdict(rule) for rule in rules]},
        separators=(",", ":"),
    )


def decode_page(data: bytes | str) -> tuple[PageResult, tuple[RuleInfo, ...]]:
    raw = json.loads(data)
    page: dict[str, Any] = raw["page"]
    readability = page.get("readability")
    result = PageResult(
        **{
            **page,
            "status": PageStatus(page["status"]),
            "readability": Readability(**readability) if readability else None,
            "findings": tuple(_finding(f) for f in page["findings"]),
            "blocks": tuple(TextBlock(**b) for b in page["blocks"]),
            "links": tuple(Link(**link) for link in page["links"]),
        }
    )
    rules = tuple(
        RuleInfo(**{**r, "source": Source(r["source"]), "tags": tuple(r["tags"])})
        for r in raw["rules"]
    )
    return result, rules


def _finding(raw: dict[str, Any]) -> Finding:
    return Finding(
        **{
            **raw,
            "source": Source(raw["source"]),
            "outcome": Outcome(raw["outcome"]),
            "wcag": tuple(raw["wcag"]),
        }
    )


class Sender:
    """A worker's sending side: pages to the results list, requests to the frontier."""

    def __init__(self, server: redis.Redis, worker: str, lease: int) -> None:
        self.server = server
        self.worker = worker
        self.lease = lease
        self.queue: LeasedQueue | None = None
        #: The versions last sent (crawler/distributed/coordinator.py reads them).
        self.versions: Versions | None = None
        self.banner_sent = False
        self.dupefilter = RFPDupeFilter(server, DUPEFILTER_KEY)

    def attach(self, spider: Spider) -> None:
        """The spider whose callbacks the requests name (on ``spider_opened``)."""
        self.queue = LeasedQueue(self.server, spider, REQUESTS_KEY, self.lease)

    def page(
        self,
        item: PageItem,
        lease: str | None,
        versions: Versions | None = None,
        banner: BannerSeen | None = None,
    ) -> None:
        """The page's row into the results and its lease released, as one transaction;
        the worker's axe-core and Chromium ``versions`` with it when they are new, and
        the cookie ``banner`` its browsers answered, once (the first worker's is kept)."""
        item.facts["worker"] = self.worker
        payload = encode_page(redact_page(item.result()), item.rules)
        pipe = self.server.pipeline(transaction=True)
        if versions is not None and versions != self.versions:
            pipe.hset(VERSIONS_KEY, self.worker, json.dumps(asdict(versions)))
            self.versions = versions
        if banner is not None and not self.banner_sent:
            pipe.set(CONSENT_KEY, json.dumps(asdict(banner)), nx=True)
            self.banner_sent = True
        pipe.rpush(RESULTS_KEY, payload)
        if lease:
            release(pipe, lease)
        pipe.execute()

    # The spider's Outlet (crawler/claims.py).
    def request(self, request: Request) -> None:
        assert self.queue is not None
        if not request.dont_filter and self.dupefilter.request_seen(request):
            return  # a sitemap another worker (or this one) has queued already
        self.queue.push(request)

    def seeded(self) -> None:
        self.server.set(SEEDED_KEY, "1")

    def skipped(self, item: PageItem) -> None:
        self.page(item, None)

    def done(self, request: Request) -> None:
        release(self.server, lease_of(request))


class ResultPipeline:
    """The last pipeline of a worker: each page goes to the coordinator, not to a store."""

    def __init__(self, sender: Sender, stats: StatsCollector, crawler: Crawler) -> None:
        self.sender = sender
        self.stats = stats
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.spider.outlet, crawler.stats, crawler)  # type: ignore[union-attr]

    def process_item(self, item: PageItem) -> PageItem:
        # A page's lease is its URL (frontier.lease_of); releasing none is harmless.
        stats = self.stats
        versions = Versions(
            str(stats.get_value(AXE_VERSION, "")), str(stats.get_value(BROWSER_VERSION, ""))
        )
        stage = self.crawler.get_extension(BrowserStage)
        banner = stage.banner_answered if stage is not None else None
        self.sender.page(item, item.url, versions if versions.browser else None, banner)
        return item
