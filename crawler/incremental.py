"""Incremental re-audit (``klarsyn audit --incremental``): re-use an earlier run's result
for a page whose HTML and same-site subresources did not change.

Design
------
*Where the decision is made: in the spider*, when a page's response comes back, before the
browser stage (crawler/spiders/site.py ``parse_page`` asks :meth:`Reuse.check`). The spider
is the one place that knows the ledger URL, its depth and referrer, and is where the
browser is awaited, so skipping the browser there costs nothing else. The conditional
headers are added by the spider too, when it builds the page's request
(:meth:`Reuse.conditional_headers`), not by a downloader middleware: they depend on the
ledger URL, which only the spider's meta carries. Scrapy's ``RedirectMiddleware`` keeps
them on a redirected request (it drops only Cookie and Authorization across hosts).

*The baseline* (:func:`load_baseline`) is the run just before this one in the same store
for the same site. There is none, and every page is audited, when that run did not end
complete (interrupted, partial, still running), when its ``result_digest`` differs from
this run's (:func:`result_digest`: klarsyn's version, axe-core's version and every
setting a page's result depends on, such as the axe tags and the klarspråk rules), or when
this run keeps an evidence pack (a re-used page would have none). Only its clean audits are
re-usable: audited, no error, read from the rendered page, with the cache an incremental
run records (reports/store/reuse.py).

*A page is unchanged* when the server answers the conditional request (``If-None-Match``
from the stored ETag, ``If-Modified-Since`` from the stored Last-Modified) with 304, or
answers 200 with a body whose sha256 is the stored one; and its final URL after redirects
is the same as before; and every same-site subresource it loaded then is unchanged. How
Scrapy treats a 304: not a redirect (``RedirectMiddleware`` handles 301/302/303/307/308),
not retried (``RETRY_HTTP_CODES``), and klarsyn lets every status reach the spider
(``HTTPERROR_ALLOW_ALL``); ``HttpCacheMiddleware`` is off, so the 304 is the server's own,
with an empty body. When a 304 page must be audited after all (an asset or its redirect
changed), it is requested again without the conditional headers. Scrapy's AutoThrottle
lowers a slot's delay on 200 answers only, which would hold a run of 304s at its start
delay: crawler/politeness.py lets a 304 count as a 200 there (the Crawl-delay floor
still applies). The language models are not loaded before the crawl
(crawler/pipelines.py): a run of unchanged pages needs none.

*Subresources*: the browser reports every resource a page requested
(``PageAudit.resources``). Those on a host in scope, other than images and media (which
cannot change what axe-core or the text checks find: their alt text is in the HTML), are
the page's assets: stylesheets, scripts, fonts, frames, and data a script fetched. Each is
fetched once per run through Scrapy (:meth:`Reuse.asset`, politeness applies; robots.txt
is not asked, since the browser loaded it regardless), conditionally when the baseline had
it, and recorded with its status, validators and body hash. A changed asset re-audits
every page that loaded it; an asset that cannot be fetched counts as changed.

*A re-used page* is still a ledger row of this run: the earlier row is copied with its
findings (fingerprints kept, so history and diff see them persist), readability, text
blocks and links, with facts ``result_from: "reused"``, ``reused_from: <run id>`` and
``unchanged_by: "304" | "sha256"``; an audited page gets ``result_from: "audited"``. Its
links are followed from the stored links. The text pass and the site-wide policy pass run
over the whole run after the crawl as always, so the copied row leaves its site-wide
findings behind for the site pass to compute again.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urlsplit

from audits.model import Link
from crawler.config import AuditConfig
from crawler.scope import host_of
from reports.store import AssetRecord, PageCache, ReusablePage, Store

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

log = logging.getLogger(__name__)

#: Settings that do not change a page's own result: a change of one of these still
#: re-uses pages. Every other setting (and any new one) is part of the digest.
RESULT_INDEPENDENT = frozenset(
    {
        "incremental",
        "start_urls",
        "fixed_urls",
        "max_pages",
        "max_depth",
        "browsers",
        "page_timeout",
        "download_timeout",
        "formats",
        "lang",
        "contact",
        "exceptions",
        "evidence",
        # A portfolio's name for the site (klarsyn audit --sites): a label, not a check.
        "name",
        # Read by the site pass only, which runs again over every page.
        "max_age_days",
        "reference_date",
    }
)
#: Subresources that cannot change a page's findings: images and media.
NOT_ASSETS = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico", ".bmp"}
    | {".mp4", ".webm", ".mp3", ".ogg", ".wav"}
)


def result_digest(config: AuditConfig, tool_version: str, axe_version: str) -> str:
    """sha256 of what a page's result depends on besides the page: klarsyn's version,
    axe-core's and the result-relevant settings."""
    settings = {k: v for k, v in config.public_settings().items() if k not in RESULT_INDEPENDENT}
    text = json.dumps(
        {"klarsyn": tool_version, "axe": axe_version, "settings": settings},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Baseline:
    """The earlier run an incremental run re-uses results from (``run_id`` None: none)."""

    run_id: int | None
    #: Why no run is re-used ("" when one is): logged, and a test's handle.
    reason: str = ""
    pages: Mapping[str, ReusablePage] = dataclasses.field(default_factory=dict)
    assets: Mapping[str, AssetRecord] = dataclasses.field(default_factory=dict)


def load_baseline(store: Store, run_id: int, digest: str, config: AuditConfig) -> Baseline:
    """The run before ``run_id`` of the same site, if its results may be re-used."""
    if config.evidence:
        return Baseline(None, "evidence pack: every page is audited for its evidence")
    previous = store.previous_run_id(run_id)
    if previous is None:
        return Baseline(None, "no earlier run of the site in the store")
    _, complete, previous_digest = store.run_state(previous)
    if not complete:
        return Baseline(None, f"run {previous} did not end complete")
    if previous_digest != digest:
        return Baseline(None, f"run {previous} had other settings or versions")
    return Baseline(previous, "", store.reusable_pages(previous), store.run_assets(previous))


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _header(response: Response, name: bytes) -> str:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else ""


def page_assets(resources: Iterable[str], hosts: frozenset[str], page_url: str) -> tuple[str, ...]:
    """The same-site subresources among a page's resource URLs: not the page, not images."""
    found = set()
    for raw in resources:
        url = urldefrag(raw)[0]
        if not url.startswith(("http://", "https://")) or url == page_url:
            continue
        if host_of(url) not in hosts:
            continue
        if PurePosixPath(urlsplit(url).path).suffix.lower() in NOT_ASSETS:
            continue
        found.add(url)
    return tuple(sorted(found))


@dataclass(frozen=True)
class Reused:
    """A page found unchanged: its earlier result is copied."""

    page: ReusablePage
    #: "304" or "sha256".
    unchanged_by: str
    cache: PageCache
    assets: tuple[AssetRecord, ...]


#: :meth:`Reuse.check`'s answer for a 304 page that must be audited: fetch it again.
REFETCH = "refetch"


class Reuse:
    """The spider's side of an incremental run: conditional headers, the unchanged-page
    decision, and each subresource fetched once per run. Used from the reactor thread."""

    def __init__(self, baseline: Baseline, crawler: Crawler, hosts: frozenset[str]) -> None:
        self.baseline = baseline
        self.crawler = crawler
        self.hosts = hosts
        self._assets: dict[str, asyncio.Future[AssetRecord | None]] = {}
        self._store: Store | None = None

    @property
    def run_id(self) -> int | None:
        return self.baseline.run_id

    def conditional_headers(self, url: str) -> dict[str, str]:
        page = self.baseline.pages.get(url)
        return {} if page is None else _conditional(page.cache.etag, page.cache.last_modified)

    async def check(self, url: str, response: Response) -> Reused | str | None:
        """:class:`Reused` for an unchanged page, :data:`REFETCH` for a 304 page that must
        be audited, None to audit the response as it is."""
        page = self.baseline.pages.get(url)
        if page is None or response.request is None:
            return None
        if response.request.meta.get("klarsyn_unconditional"):
            return None
        if response.status == 304:
            how = "304"
        elif response.status == 200 and body_hash(response.body) == page.cache.sha256:
            how = "sha256"
        else:
            return None
        changed = REFETCH if how == "304" else None
        if response.url != page.final_url:
            return changed
        records = await asyncio.gather(*(self.asset(a) for a in page.cache.assets))
        if not all(self.unchanged(record) for record in records):
            return changed
        cache = PageCache(
            _header(response, b"ETag") or page.cache.etag,
            _header(response, b"Last-Modified") or page.cache.last_modified,
            page.cache.sha256,
            page.cache.assets,
        )
        return Reused(page, how, cache, tuple(r for r in records if r is not None))

    def unchanged(self, record: AssetRecord | None) -> bool:
        if record is None:
            return False
        before = self.baseline.assets.get(record.url)
        return before is not None and (before.status, before.sha256) == (
            record.status,
            record.sha256,
        )

    async def record(
        self, response: Response, resources: Iterable[str]
    ) -> tuple[PageCache, tuple[AssetRecord, ...]]:
        """What the next run compares an audited page with; its assets fetched (once)."""
        assets = page_assets(resources, self.hosts, response.url)
        records = await asyncio.gather(*(self.asset(a) for a in assets))
        cache = PageCache(
            _header(response, b"ETag"),
            _header(response, b"Last-Modified"),
            body_hash(response.body),
            assets,
        )
        return cache, tuple(r for r in records if r is not None)

    def asset(self, url: str) -> asyncio.Future[AssetRecord | None]:
        """The subresource as fetched in this run (None: it could not be fetched)."""
        if url not in self._assets:
            self._assets[url] = asyncio.ensure_future(self._fetch(url))
        return self._assets[url]

    async def _fetch(self, url: str) -> AssetRecord | None:
        from scrapy import Request

        before = self.baseline.assets.get(url)
        headers = _conditional(before.etag, before.last_modified) if before else {}
        request = Request(
            url, headers=headers, dont_filter=True, meta={"dont_obey_robotstxt": True}
        )
        engine = self.crawler.engine
        assert engine is not None
        try:
            response = await engine.download_async(request)
        except Exception as exc:  # any failure: the asset counts as changed
            log.info("asset %s not fetched: %s", url, exc)
            return None
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"klarsyn/asset_{response.status}")
        etag, modified = _header(response, b"ETag"), _header(response, b"Last-Modified")
        if response.status == 304:
            if before is None:
                return None
            return dataclasses.replace(
                before, etag=etag or before.etag, last_modified=modified or before.last_modified
            )
        return AssetRecord(url, response.status, etag, modified, body_hash(response.body))

    def links(self, url: str) -> list[Link]:
        """A re-used page's stored links (read from the store on demand, not held)."""
        assert self.run_id is not None
        if self._store is None:
            self._store = Store(self.crawler.settings["KLARSYN_STORE"], create=False)
        return self._store.page_links(self.run_id, url)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def _conditional(etag: str, last_modified: str) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers
