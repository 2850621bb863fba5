"""The politeness extension: robots.txt's Crawl-delay and 429/503 Retry-After as a floor.

:class:`Politeness` makes them the least delay of a host's download slot, whatever
AutoThrottle would make of it; :func:`retry_after_seconds` reads a Retry-After header.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response


def retry_after_seconds(value: str, now: datetime | None = None) -> float | None:
    """A Retry-After header in seconds: a number of seconds or an HTTP date; None if bad."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_seconds(response: Response, default: float, maximum: float) -> float | None:
    """How long a 429 or 503 answer holds its host back (its Retry-After, else
    ``default``; at most ``maximum``); None for any other answer."""
    if response.status not in (429, 503):
        return None
    header = response.headers.get(b"Retry-After")
    wait = retry_after_seconds(header.decode("latin-1")) if header else None
    return min(default if wait is None else wait, maximum)


class Politeness:
    """robots.txt's Crawl-delay and back-off on 429/503, as a floor under a slot's delay.

    Scrapy reads robots.txt for Allow/Disallow only. Here the Crawl-delay for our
    User-Agent (Protego, at the ``robots_parsed`` signal), capped at
    ``KLARSYN_MAX_CRAWL_DELAY``, becomes the least delay between two requests to that
    host: for its existing download slot and, through ``DOWNLOAD_SLOTS``, for the slot
    Scrapy makes again after an idle one was collected. A 429 or 503 answer holds back
    the host's next request until its Retry-After (seconds or a date, capped at
    ``KLARSYN_MAX_RETRY_AFTER``; ``KLARSYN_DEFAULT_BACKOFF`` without one) has passed;
    RetryMiddleware then retries once (``RETRY_TIMES``).

    Both act in ``response_downloaded``, which fires before the slot picks its next
    request, and after AutoThrottle's own handler (extensions connect in their order,
    AutoThrottle first), so AutoThrottle can raise the delay but never lower it below
    the floor. A floored slot gets no random jitter, which could undercut the floor.

    Without a Crawl-delay, the host's robots.txt (Scrapy fetches it before any other
    request to the host) is not counted as the request the next one waits for, so the
    first page is fetched at once; AutoThrottle's delays hold from that page on.
    """

    def __init__(
        self,
        crawler: Crawler,
        max_crawl_delay: float,
        max_retry_after: float,
        default_backoff: float,
    ) -> None:
        self.crawler = crawler
        self.max_crawl_delay = max_crawl_delay
        self.max_retry_after = max_retry_after
        self.default_backoff = default_backoff
        #: Slot key -> Crawl-delay (seconds).
        self.crawl_delays: dict[str, float] = {}
        #: Slot key -> monotonic time before which the host gets no new request.
        self.not_before: dict[str, float] = {}
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(
            crawler,
            settings.getfloat("KLARSYN_MAX_CRAWL_DELAY"),
            settings.getfloat("KLARSYN_MAX_RETRY_AFTER"),
            settings.getfloat("KLARSYN_DEFAULT_BACKOFF"),
        )

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        agent = request.headers.get(b"User-Agent") or self.crawler.settings["USER_AGENT"]
        crawl_delay = getattr(robotparser, "crawl_delay", None)
        delay = crawl_delay(agent) if crawl_delay is not None else None
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        if not delay or delay <= 0:
            # robots.txt, fetched before anything else of the host, does not make the
            # first page wait AutoThrottle's start delay: the delay holds from there on.
            slot = downloader.slots.get(key)
            if slot is not None:
                slot.lastseen = 0.0
            return
        delay = min(float(delay), self.max_crawl_delay)
        self.crawl_delays[key] = delay
        slot_settings = downloader.per_slot_settings.setdefault(key, {})
        slot_settings["delay"] = max(float(slot_settings.get("delay", 0)), delay)
        slot_settings["jitter"] = 0.0
        self.crawler.stats.set_value(f"klarsyn/crawl_delay/{key}", delay)
        self._floor(key)

    def response_downloaded(self, response: Response, request: Request) -> None:
        key = request.meta.get("download_slot")
        if key is None:
            return
        if response.status == 304:
            self._not_modified(response, request)
        wait = backoff_seconds(response, self.default_backoff, self.max_retry_after)
        if wait is not None:
            until = time.monotonic() + wait
            self.not_before[key] = max(self.not_before.get(key, 0.0), until)
            self.crawler.stats.inc_value("klarsyn/backoffs")
        self._floor(key)

    def _not_modified(self, response: Response, request: Request) -> None:
        """Let AutoThrottle treat a 304 (an incremental run's unchanged page) as the
        healthy answer it is: it lowers a slot's delay on 200 answers only, so a run of
        304s would keep the start delay. The floor below still applies after it."""
        throttle = next(
            (e for e in self.crawler.extensions.middlewares if isinstance(e, AutoThrottle)),
            None,
        )
        slot = self.crawler.engine.downloader.slots.get(request.meta["download_slot"])
        latency = request.meta.get("download_latency")
        if throttle is None or slot is None or latency is None:
            return
        throttle._adjust_delay(slot, latency, response.replace(status=200))

    def _floor(self, key: str) -> None:
        """Raise the slot's delay to the Crawl-delay and to any back-off still running."""
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is None:
            return
        floor = self.crawl_delays.get(key, 0.0)
        until = self.not_before.get(key)
        if until is not None:
            if time.monotonic() < until:
                # The slot waits `delay` after its last request started (lastseen).
                floor = max(floor, until - slot.lastseen)
            else:
                del self.not_before[key]
        if floor > 0:
            slot.jitter = 0.0
            slot.delay = max(slot.delay, floor)
