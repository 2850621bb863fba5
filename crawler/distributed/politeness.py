"""Politeness per host across the workers of a distributed audit, shared through Redis.

In one process, a host's download slot spaces its requests (AutoThrottle's delay, with
robots.txt's Crawl-delay and any 429/503 back-off as a floor: crawler/politeness.py).
With several workers each has its own slots, so a host would see N times that rate.
Here every request to a host, from any worker, also takes a turn at the host's gate in
Redis (``klarsyn:polite:HOST``, a hash; removed with the run's keys) just before it goes out:

- a request takes its turn, in one Lua script on the server's clock, when the host's last
  request left at least the delay ago (the larger of the asking worker's slot delay and
  the host's shared floor) and the host is not held; else it waits the time left and
  asks again (the turn is taken when the request leaves, not booked ahead: a request
  that leaves late cannot bring the next one closer);
- the floor is the host's Crawl-delay, written by the first worker that reads its
  robots.txt (each worker reads robots.txt itself, as Scrapy does per process);
- a 429 or 503 answer to any worker holds the host for all of them (its Retry-After).

The wait is in the download handler, after the worker's own slot delay, so nothing runs
after it: two requests to a host, whichever workers send them, are never closer than the
host's delay as one process would keep it.
"""

from __future__ import annotations

from typing import Any, Self

import redis
from scrapy import Request, signals
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import task

from crawler.distributed.frontier import GATE_PREFIX
from crawler.politeness import backoff_seconds

# A turn for the host now, if its last request left at least the delay (the larger of
# ARGV[1] and the host's floor) ago and it is not held: 0, and now is its last request.
# Else the seconds left (as a string: Lua numbers would be truncated to integers).
_TAKE_TURN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '0')
local hold = tonumber(redis.call('HGET', KEYS[1], 'hold') or '0')
local floor = tonumber(redis.call('HGET', KEYS[1], 'floor') or '0')
local at = math.max(last + math.max(tonumber(ARGV[1]), floor), hold)
if now >= at then
  redis.call('HSET', KEYS[1], 'last', tostring(now))
  return '0'
end
return tostring(at - now)
"""

# The host held until now + ARGV[1] seconds (never shortened).
_HOLD = """
local t = redis.call('TIME')
local until_ = tonumber(t[1]) + tonumber(t[2]) / 1000000 + tonumber(ARGV[1])
local hold = tonumber(redis.call('HGET', KEYS[1], 'hold') or '0')
if until_ > hold then redis.call('HSET', KEYS[1], 'hold', tostring(until_)) end
return 1
"""


def gate_key(host: str) -> str:
    return GATE_PREFIX + host


class HostGate:
    """The hosts' turns in Redis."""

    def __init__(self, server: redis.Redis) -> None:
        self.server = server
        self._take_turn = server.register_script(_TAKE_TURN)
        self._hold = server.register_script(_HOLD)

    def take_turn(self, host: str, delay: float) -> float:
        """0 when the request to ``host`` may leave now (its turn is taken), else the
        seconds to wait before asking again."""
        return float(self._take_turn(keys=[gate_key(host)], args=[repr(float(delay))]))

    def floor(self, host: str, seconds: float) -> None:
        """The host's least delay between two requests (its Crawl-delay)."""
        self.server.hset(gate_key(host), "floor", repr(float(seconds)))

    def hold(self, host: str, seconds: float) -> None:
        """No request to ``host`` for ``seconds`` from now."""
        self._hold(keys=[gate_key(host)], args=[repr(float(seconds))])


def _host(request: Request) -> str:
    return urlparse_cached(request).netloc


class GatedHTTPDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler, each request first waiting for its host's turn."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.crawler = crawler
        self.gate = HostGate(crawler.spider.outlet.server)  # type: ignore[union-attr]

    async def download_request(self, request: Request) -> Response:
        from twisted.internet import reactor  # the installed one (see BrowserStage.render)

        engine = self.crawler.engine
        key = request.meta.get("download_slot", "")
        slot = engine.downloader.slots.get(key) if engine is not None else None
        delay = slot.delay if slot is not None else 0.0
        while (wait := self.gate.take_turn(_host(request), delay)) > 0:
            await maybe_deferred_to_future(task.deferLater(reactor, wait, lambda: None))
        return await super().download_request(request)


class SharedPoliteness:
    """Writes what one worker learns of a host's politeness into its gate: the
    Crawl-delay of its robots.txt, and the hold of a 429 or 503."""

    def __init__(self, crawler: Crawler, gate: HostGate) -> None:
        self.crawler = crawler
        self.gate = gate
        settings = crawler.settings
        self.max_crawl_delay = settings.getfloat("KLARSYN_MAX_CRAWL_DELAY")
        self.max_retry_after = settings.getfloat("KLARSYN_MAX_RETRY_AFTER")
        self.default_backoff = settings.getfloat("KLARSYN_DEFAULT_BACKOFF")
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, HostGate(crawler.spider.outlet.server))  # type: ignore[union-attr]

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        agent = request.headers.get(b"User-Agent") or self.crawler.settings["USER_AGENT"]
        crawl_delay = getattr(robotparser, "crawl_delay", None)
        delay = crawl_delay(agent) if crawl_delay is not None else None
        if delay and delay > 0:
            self.gate.floor(_host(request), min(float(delay), self.max_crawl_delay))

    def response_downloaded(self, response: Response, request: Request) -> None:
        wait = backoff_seconds(response, self.default_backoff, self.max_retry_after)
        if wait is not None:
            self.gate.hold(_host(request), wait)
