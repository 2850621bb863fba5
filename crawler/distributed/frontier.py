"""The shared frontier of a distributed audit: scrapy-redis's scheduler and duplicate
filter, with leases, plus the run's claims and results, all in one Redis database.

scrapy-redis pops a request destructively: a worker killed with the request in memory
would lose it. Here a pop moves the request, in one Lua script, from the queue into the
leases (its deadline from the server's clock, so the machines' clocks do not matter); the
worker releases the lease when the request is done (a page: its result is in the results
list, in the same transaction), and the coordinator puts every lease past its deadline
back into the queue. A page handled twice that way (a slow worker, not a dead one) is
stored once: the coordinator keeps the first result of a URL.

Requests travel as JSON (never pickle: whoever can write to the queue must not run code
in the workers). Keys (all under ``klarsyn:``): ``requests`` (a sorted set, scrapy-redis's
priority queue), ``dupefilter`` (fingerprints of the non-page requests), ``seen`` and
``pages`` (the spider's claims: crawler/claims.py), ``leases`` (lease → deadline),
``leased`` (lease → request), ``results`` (a list of pages for the coordinator),
``config`` (the run's settings), ``seeded`` (set once the start URLs are in the queue).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any, Self

import redis
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from crawler.distributed.connection import PREFIX

REQUESTS_KEY = PREFIX + "requests"
DUPEFILTER_KEY = PREFIX + "dupefilter"
#: A hash: every URL met (claimed), to the lease of the page or sitemap that claimed it
#: ("" for the start URLs and a redirect's target).
SEEN_KEY = PREFIX + "seen"
PAGES_KEY = PREFIX + "pages"
LEASES_KEY = PREFIX + "leases"
LEASED_KEY = PREFIX + "leased"
RESULTS_KEY = PREFIX + "results"
CONFIG_KEY = PREFIX + "config"
SEEDED_KEY = PREFIX + "seeded"
#: A hash: per worker, the axe-core and Chromium versions it audits with.
VERSIONS_KEY = PREFIX + "versions"
#: The cookie banner as the first worker to answer it saw it ([consent]), as JSON.
CONSENT_KEY = PREFIX + "consent"
#: Every key of a run, removed when a new run starts and when one ends.
RUN_KEYS = (
    REQUESTS_KEY, DUPEFILTER_KEY, SEEN_KEY, PAGES_KEY, LEASES_KEY, LEASED_KEY,
    RESULTS_KEY, CONFIG_KEY, SEEDED_KEY, VERSIONS_KEY, CONSENT_KEY,
)
#: Each host's politeness gate (crawler/distributed/politeness.py): one hash a host.
GATE_PREFIX = PREFIX + "polite:"
#: The request meta key naming a request's lease (a page's URL, else the request's).
LEASE_META = "klarsyn_lease"

# The first request of the queue into the leases, due at the server's time + ARGV[1] s.
_POP = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0)
if #found == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
local data = found[1]
local lease = cjson.decode(data)['meta']['klarsyn_lease']
local now = redis.call('TIME')
redis.call('HSET', KEYS[3], lease, data)
redis.call('ZADD', KEYS[2], tonumber(now[1]) + tonumber(ARGV[1]), lease)
return data
"""

# Every lease past its deadline back into the queue; how many.
_EXPIRE = """
local now = redis.call('TIME')
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', tonumber(now[1]))
for _, lease in ipairs(due) do
  local data = redis.call('HGET', KEYS[3], lease)
  if data then
    local priority = cjson.decode(data)['priority'] or 0
    redis.call('ZADD', KEYS[1], -priority, data)
  end
  redis.call('HDEL', KEYS[3], lease)
  redis.call('ZREM', KEYS[2], lease)
end
return #due
"""


def _plain(value: Any) -> Any:
    """A request's dict as JSON values: bytes tagged as base64, bytes keys decoded."""
    if isinstance(value, bytes):
        return {"__b64__": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        return {
            (k.decode("latin-1") if isinstance(k, bytes) else str(k)): _plain(v)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _restore(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__b64__"}:
            return base64.b64decode(value["__b64__"])
        return {k: _restore(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_restore(v) for v in value]
    return value


class JsonSerializer:
    """scrapy-redis's serializer interface (``loads``, ``dumps``) in JSON."""

    @staticmethod
    def dumps(obj: dict[str, Any]) -> str:
        return json.dumps(_plain(obj), separators=(",", ":"))

    @staticmethod
    def loads(data: bytes | str) -> dict[str, Any]:
        return dict(_restore(json.loads(data)))


def lease_of(request: Request) -> str:
    return str(request.meta.get(LEASE_META) or request.meta.get("klarsyn_url") or request.url)


class LeasedQueue(PriorityQueue):
    """scrapy-redis's priority queue whose pop leases the request for ``lease`` seconds."""

    def __init__(self, server: redis.Redis, spider: Spider, key: str, lease: int) -> None:
        super().__init__(server, spider, key, serializer=JsonSerializer)
        self.lease = lease
        self._pop = server.register_script(_POP)

    def push(self, request: Request) -> None:
        request.meta.setdefault(LEASE_META, lease_of(request))
        super().push(request)

    def _encode_request(self, request: Request) -> str:
        """The request without headers and cookies: a redirect or a retry is a copy of a
        request as sent, with the site's credentials (crawler/auth.py) in its headers,
        and those never go into the queue. The downloader middlewares of the worker that
        takes the request make its headers again."""
        data = request.to_dict(spider=self.spider)
        data["headers"] = {}
        data["cookies"] = {}
        return str(self.serializer.dumps(data))

    def pop(self, timeout: int = 0) -> Request | None:
        data = self._pop(keys=[self.key, LEASES_KEY, LEASED_KEY], args=[self.lease])
        return self._decode_request(data) if data else None


def release(server: redis.Redis | redis.client.Pipeline, lease: str) -> None:
    """The lease ``lease`` is done (in a pipeline: with what else it holds)."""
    server.zrem(LEASES_KEY, lease)
    server.hdel(LEASED_KEY, lease)


def expire_leases(server: redis.Redis) -> int:
    """Put every lease past its deadline back into the queue; how many were."""
    return int(server.eval(_EXPIRE, 3, REQUESTS_KEY, LEASES_KEY, LEASED_KEY))


def outstanding(server: redis.Redis) -> int:
    """Requests queued or leased, and results not yet taken by the coordinator."""
    pipe = server.pipeline(transaction=True)
    pipe.zcard(REQUESTS_KEY).zcard(LEASES_KEY).llen(RESULTS_KEY)
    return int(sum(pipe.execute()))


class LeasedScheduler(Scheduler):
    """scrapy-redis's scheduler on klarsyn's keys and the worker's connection (the spider's
    outlet holds it: never credentials in the settings), the queue leased, a request the
    duplicate filter drops released at once.

    A worker holds no more requests at once than ``KLARSYN_LIST_WINDOW`` (enough to keep
    its browsers busy while others download). Scrapy's engine takes requests as long as
    its downloader has room and the scraper holds under 5 MB of responses: hundreds of
    small pages, waiting for the browsers of the worker that came first while the other
    workers find the frontier empty (a 300-page run shared 204, 93 and 3). The engine
    asks again as each of its requests is done.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        server: redis.Redis = crawler.spider.outlet.server  # type: ignore[union-attr]
        scheduler = cls(
            server=server,
            persist=True,
            queue_key=REQUESTS_KEY,
            dupefilter=RFPDupeFilter(server, DUPEFILTER_KEY),
            serializer=JsonSerializer,
        )
        scheduler.lease = crawler.spider.outlet.lease  # type: ignore[union-attr]
        scheduler.crawler = crawler
        scheduler.hold = crawler.settings.getint("KLARSYN_LIST_WINDOW")
        # Its counters pass the spider to StatsCollector, which Scrapy deprecated.
        scheduler.stats = None
        return scheduler

    def next_request(self) -> Request | None:
        if self._held() >= self.hold:
            return None
        return super().next_request()  # type: ignore[no-any-return]

    def _held(self) -> int:
        """Requests this worker's engine holds: downloading or with their callbacks (a
        page until its result is sent). Scrapy has no public count of them."""
        slot = getattr(self.crawler.engine, "_slot", None)
        return 0 if slot is None else len(slot.inprogress)

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.queue = LeasedQueue(self.server, spider, self.queue_key, self.lease)

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            if LEASE_META in request.meta:
                # A redirect or retry of a leased request, to a URL already handled.
                release(self.server, request.meta[LEASE_META])
            return False
        self.queue.push(request)
        return True


class RedisClaims:
    """The spider's claims (crawler/claims.py) shared by every worker of the run.

    Each claim names its owner, the lease of the page or sitemap whose links it claims.
    A worker that dies between claiming a page's links and queueing them leaves them
    claimed and queued nowhere; its page's lease expires, the page is handled again, and
    its links, still owned by that page, are claimed again and queued: no URL is lost
    with its worker. (A link the dead worker had queued already is then queued twice,
    and stored once, as any page handled twice after its lease ran out.)
    """

    def __init__(self, server: redis.Redis) -> None:
        self.server = server

    def claim_all(self, urls: Sequence[str], owner: str = "") -> set[str]:
        """One round trip: each URL set if absent, then every URL's owner read back."""
        if not urls:
            return set()
        pipe = self.server.pipeline(transaction=False)
        for url in urls:
            pipe.hsetnx(SEEN_KEY, url, owner)
        pipe.hmget(SEEN_KEY, urls)
        *added, owners = pipe.execute()
        mine = owner.encode()
        return {
            url
            for url, new, held in zip(urls, added, owners, strict=True)
            if new or (owner and held == mine)
        }

    def __contains__(self, url: object) -> bool:
        return bool(self.server.hexists(SEEN_KEY, str(url)))

    def add(self, url: str) -> None:
        self.server.hsetnx(SEEN_KEY, url, "")

    def take_page(self, budget: int) -> bool:
        if self.server.incr(PAGES_KEY) <= budget:
            return True
        self.server.decr(PAGES_KEY)
        return False


def clear_run(server: redis.Redis) -> None:
    """Remove every key of a run, the hosts' gates too."""
    server.delete(*RUN_KEYS, *server.scan_iter(match=GATE_PREFIX + "*"))
