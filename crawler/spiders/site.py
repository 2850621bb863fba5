"""The site spider: robots.txt, sitemaps and links in, one ledger item per URL out.

Every URL the crawl meets is yielded exactly once as a :class:`PageItem`:
HTML pages to be audited, and everything else with the reason it was not
(out of scope, excluded, robots.txt, depth, page budget, HTTP error, not HTML…).
Scrapy's own duplicate filter and depth limit are not used for pages because
they drop requests silently; the spider keeps its own, recorded, account.

Hostile-web limits: trap limits and logout-looking links are checked before a URL
is requested (crawler/scope.py, :class:`Traps`); redirect loops and over-long chains
are stopped by crawler/middlewares.py's ``RedirectGuardMiddleware``; a body served
as HTML that is not text (:func:`looks_like_text`) is skipped as ``not_text``. Forms
are never submitted: only ``<a href>`` and ``<area href>`` are followed.

One page, one view: each HTML page is rendered by the browser stage
(crawler/browser/stage.py), which runs axe-core and returns the DOM axe judged. The
text and policy audits read that DOM, and the links followed are the rendered page's
(script-made ones and those in open shadow roots too); a link the downloaded HTML did
not have is recorded as ``found_by: browser``. When the browser cannot render a page,
the downloaded HTML is read instead (``text_view: downloaded``). Status, headers and
Last-Modified always come from the response. Nothing is clicked: links are read from
``href`` attributes, never followed by navigation in the browser.

Incremental runs (``baseline``, crawler/incremental.py): a page the earlier run audited
cleanly is requested with conditional headers; when it and its subresources did not
change, its earlier result is re-used (the browser is not asked) and its stored links are
followed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from email.utils import parsedate_to_datetime
from itertools import islice
from typing import Any
from urllib.parse import urljoin, urlparse

import scrapy
from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse, Response, XmlResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.python.failure import Failure

from audits.model import FoundBy, Link, PageStatus, Reason, TextView, http_reason
from crawler.browser.pool import BrowserError
from crawler.browser.stage import BrowserStage
from crawler.claims import Claims, LocalClaims, Outlet
from crawler.config import AuditConfig
from crawler.incremental import REFETCH, Baseline, Reuse, Reused
from crawler.items import PageItem
from crawler.resume import Pending, ResumeState
from crawler.scope import Scope, Traps

HTML_TYPES = ("text/html", "application/xhtml+xml")


def parsedate_to_datetime_or_none(value: str) -> datetime | None:
    """An HTTP date (Last-Modified), or None for a malformed one (servers send those)."""
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


#: Robots and sitemaps before pages, and pages nearer the start before deeper ones.
SITEMAP_PRIORITY = 100
#: URLs claimed at once when a page or a sitemap names many (``_follow_many``).
CLAIM_SLICE = 500


class OutOfScope(IgnoreRequest):
    """Raised by the scope middleware for a request (often a redirect) that left the scope."""


class RedirectLoop(IgnoreRequest):
    """Raised by the redirect guard for a redirect back to a URL of the same chain."""


class TooManyRedirects(IgnoreRequest):
    """Raised by the redirect guard for a chain longer than ``KLARSYN_MAX_REDIRECTS``."""


#: How much of a body is looked at to tell text from binary data.
TEXT_SAMPLE = 8192
#: Share of control characters above which a body served as HTML is not text.
MAX_CONTROL_SHARE = 0.05
_CONTROL = frozenset(chr(c) for c in (*range(0x00, 0x20), 0x7F)) - set("\t\n\r\f")


def looks_like_text(sample: bytes, encoding: str) -> bool:
    """Whether bytes served as HTML are text: decoded with ``encoding``, no NUL and at
    most 5 % control characters (other than tab, line breaks and form feed).

    Real pages in any charset have none; random or compressed bytes have a NUL every
    256 bytes and about 11 % control characters. Undecodable bytes are not counted:
    a UTF-8 page labelled with the wrong charset is still text.
    """
    text = sample.decode(encoding, errors="replace")
    if not text:
        return True
    if "\x00" in text:
        return False
    controls = sum(1 for char in text if char in _CONTROL)
    return controls / len(text) <= MAX_CONTROL_SHARE


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(
        self,
        config: AuditConfig,
        resume: ResumeState | None = None,
        baseline: Baseline | None = None,
        claims: Claims | None = None,
        outlet: Outlet | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.config = config
        #: An unfinished run to continue (crawler/resume.py): its URLs are seen already.
        self.resume = resume
        self.scope = Scope.build(
            config.start_urls, config.hosts, config.include, config.exclude, config.query
        )
        self.traps = Traps(config.max_query_variants, config.max_url_length)
        #: The URLs met and the page budget taken: this process's, or a distributed
        #: audit's shared ones (crawler/claims.py).
        self.seen: Claims = claims or (
            LocalClaims(resume.seen, resume.fetched) if resume else LocalClaims()
        )
        #: A distributed audit's worker (crawler/distributed/): new requests and skipped
        #: URLs go to the shared frontier and the results at once, not through this
        #: process's engine, and a page's follow-ups are there before the page is done.
        self.outlet = outlet
        # Links only: <a href> and <area href>, documents included (Scrapy skips
        # .pdf and .docx by default; we must record them).
        self.links = LinkExtractor(deny_extensions=[], tags=("a", "area"), attrs=("href",))
        #: Renders and audits the HTML pages (None: the downloaded HTML alone is read).
        self.browser: BrowserStage | None = None
        #: An incremental run's baseline (None: not incremental); its Reuse once started.
        self.baseline = baseline
        self.reuse: Reuse | None = None
        #: How many of a URL list's entries the crawl has been fed (``_listed_urls``).
        self.listed = 0

    async def start(self) -> AsyncIterator[Any]:
        # Extensions are built after the spider: the stage is looked up once it runs.
        self.browser = self.crawler.get_extension(BrowserStage)
        obeyed = self.settings.getbool("ROBOTSTXT_OBEY")
        if obeyed and not self.config.fixed_urls:
            # Scrapy's RobotsTxtMiddleware fetches each host's robots.txt anyway, before
            # its first request: its Sitemap lines are read from that one response.
            self.crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)
        if self.baseline is not None:
            self.reuse = Reuse(self.baseline, self.crawler, self.scope.hosts)
        if self.config.fixed_urls:
            async for item in self._listed_urls():
                yield item
        else:
            for url in self.config.start_urls:
                if not obeyed:
                    for request in self._out(
                        scrapy.Request(
                            urljoin(url, "/robots.txt"),
                            callback=self.parse_robots,
                            errback=self._ignore,
                            priority=SITEMAP_PRIORITY,
                            meta={"dont_obey_robotstxt": True},
                        )
                    ):
                        yield request
                for request in self._out(self._sitemap_request(urljoin(url, "/sitemap.xml"))):
                    yield request
                for item in self._follow(url, 0, "", FoundBy.START):
                    yield item
        for pending in self.resume.frontier if self.resume else ():
            for item in self._follow(
                pending.url, pending.depth, pending.referrer, pending.found_by
            ):
                yield item
        if self.outlet is not None:
            self.outlet.seeded()

    async def _listed_urls(self) -> AsyncIterator[Any]:
        """A URL list (``--urls``), fed to the crawl a window at a time.

        Scrapy takes start requests as fast as they come and its scheduler keeps them,
        while the downloader runs ahead of the browsers: fed whole, a list of 10,000 URLs
        was 10,000 requests in memory and a thousand fetched pages waiting for a browser
        (klarsyn's process grew by ~170 MiB). So the next URL is admitted only when fewer
        than ``KLARSYN_LIST_WINDOW`` pages are scheduled or in progress (downloading,
        waiting for a browser, in the pipelines); Scrapy's ``scheduler_empty`` signal,
        sent whenever the engine has room and nothing queued, wakes the feed. What a
        stopped crawl never reached is accounted for by :meth:`rest_of_list`.
        """
        window = max(1, self.settings.getint("KLARSYN_LIST_WINDOW"))
        for index, url in enumerate(self.config.start_urls):
            while self._in_flight() >= window:
                await self.crawler.signals.wait_for(signals.scheduler_empty)
            self.listed = index + 1
            for item in self._follow(url, 0, "", FoundBy.START):
                yield item

    def _in_flight(self) -> int:
        """Requests the engine holds: scheduled, downloading or with their callbacks."""
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is None:
            return 0
        return len(slot.scheduler) + len(slot.inprogress)

    def rest_of_list(self) -> tuple[list[Pending], list[PageItem]]:
        """The listed URLs a stopped crawl never reached: the ones it would have requested
        (unfinished: the ledger records them as interrupted) and ledger items for the
        ones it would have skipped (out of scope, over the page budget...), as fed whole."""
        requested: list[Pending] = []
        skipped: list[PageItem] = []
        if not self.config.fixed_urls:
            return requested, skipped
        rest = ((url, FoundBy.START) for url in self.config.start_urls[self.listed :])
        for url, found_by, skip in self._claim_many(rest, 0, ""):
            if skip is None:
                requested.append(Pending(url, 0, "", found_by))
            else:
                skipped.append(skip)
        return requested, skipped

    def closed(self, reason: str) -> None:
        if self.reuse is not None:
            self.reuse.close()

    # -- discovery ----------------------------------------------------------

    def _sitemap_request(self, url: str) -> scrapy.Request:
        return scrapy.Request(
            url, callback=self.parse_sitemap, errback=self._ignore, priority=SITEMAP_PRIORITY
        )

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        """robots.txt fetched by the spider itself (only when robots.txt is not obeyed)."""
        try:
            if response.status != 200:
                return
            for url in sitemap_urls_from_robots(response.body, base_url=response.url):
                if self.scope.verdict(url) is None:
                    yield from self._out(self._sitemap_request(url))
        finally:
            if self.outlet is not None:
                self.outlet.done(response.request)

    def robots_parsed(self, robotparser: Any, request: scrapy.Request) -> None:
        """The sitemaps a start URL's host names in the robots.txt Scrapy just read."""
        site = urlparse_cached(request)
        if (site.scheme, site.netloc) not in self._start_sites:
            return
        protego = getattr(robotparser, "rp", None)
        base = f"{site.scheme}://{site.netloc}/robots.txt"
        for raw in getattr(protego, "sitemaps", ()):
            url = urljoin(base, raw)
            if self.scope.verdict(url) is None:
                self.crawler.engine.crawl(self._sitemap_request(url))

    @property
    def _start_sites(self) -> set[tuple[str, str]]:
        return {(urlparse(u).scheme, urlparse(u).netloc) for u in self.config.start_urls}

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        try:
            yield from self._read_sitemap(response)
        finally:
            if self.outlet is not None:
                self.outlet.done(response.request)

    def _read_sitemap(self, response: Response) -> Iterator[Any]:
        body = self._sitemap_body(response)
        if body is None:
            return
        try:
            sitemap = Sitemap(body)
        except Exception:
            self.logger.warning("Unreadable sitemap: %s", response.url)
            return
        if sitemap.type == "sitemapindex":
            for entry in sitemap:
                loc = entry.get("loc", "")
                if self.scope.verdict(loc) is None:
                    yield from self._out(self._sitemap_request(loc))
        elif sitemap.type == "urlset":
            yield from self._follow_many(
                ((entry.get("loc", ""), FoundBy.SITEMAP) for entry in sitemap),
                0,
                response.url,
                owner=response.request.url,
            )

    def _sitemap_body(self, response: Response) -> bytes | None:
        if response.status != 200:
            return None
        if isinstance(response, XmlResponse):
            return response.body
        if gzip_magic_number(response):
            try:
                return gunzip(response.body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
            except Exception:
                return None
        if response.body.lstrip()[:5] in (b"<?xml", b"<urls", b"<site"):
            return response.body
        return None

    def _ignore(self, failure: Failure) -> None:
        """robots.txt and sitemap.xml are optional: their absence is not a finding."""
        if self.outlet is not None:
            self.outlet.done(failure.request)  # type: ignore[attr-defined]

    def _follow(self, raw_url: str, depth: int, referrer: str, found_by: str) -> Iterator[Any]:
        """A request for a new in-scope URL, a skipped ledger item, or nothing if seen.

        ``found_by`` (a :class:`FoundBy`, or "" when not known) goes into the ledger row.
        """
        yield from self._follow_many([(raw_url, found_by)], depth, referrer)

    def _follow_many(
        self, found: Iterable[tuple[str, str]], depth: int, referrer: str, owner: str = ""
    ) -> Iterator[Any]:
        """``_follow`` for each (raw URL, found_by) of one page or sitemap, claimed a slice
        at a time: a distributed audit's claims are in Redis, and a page's hundred links
        are one round trip, not a hundred, while the worker's reactor waits. ``owner``:
        the page or sitemap they are the links of, which claims them again when it is
        handled again ("": never again; start URLs, which every worker puts in)."""
        for url, found_by, skipped in self._claim_many(found, depth, referrer, owner):
            if skipped is None:
                yield from self._out(self._page_request(url, depth, referrer, found_by))
            elif self.outlet is not None:
                self.outlet.skipped(skipped)
            else:
                yield skipped

    def _claim_many(
        self, found: Iterable[tuple[str, str]], depth: int, referrer: str, owner: str = ""
    ) -> Iterator[tuple[str, str, PageItem | None]]:
        """Each new URL of (raw URL, found_by) normalised, claimed a slice at a time, with
        its found_by and the ledger item that skips it (None: it is to be requested)."""
        found = iter(found)
        while chunk := list(islice(found, CLAIM_SLICE)):
            urls = [(self.scope.normalise(raw), found_by) for raw, found_by in chunk]
            new = self.seen.claim_all([url for url, _ in urls if url is not None], owner)
            for url, found_by in urls:
                if url not in new:
                    continue  # seen before, or earlier in this slice
                new.discard(url)
                yield url, found_by, self._admit(url, depth, referrer, found_by)

    def _out(self, request: scrapy.Request) -> Iterator[scrapy.Request]:
        """``request`` for this engine, or straight into a distributed audit's frontier."""
        if self.outlet is not None:
            self.outlet.request(request)
        else:
            yield request

    def _admit(self, url: str, depth: int, referrer: str, found_by: str) -> PageItem | None:
        """The ledger item of a URL just claimed that is skipped, or None: it is to be
        requested (and counted against the page budget)."""
        self.crawler.stats.inc_value("klarsyn/found")
        skip = self.scope.verdict(url)
        if skip is None:
            skip = self.traps.verdict(url)
        if skip is None and depth > self.config.max_depth:
            skip = Reason.MAX_DEPTH
        if skip is None and not self.seen.take_page(self.config.max_pages):
            skip = Reason.BUDGET
        if skip is None:
            return None
        return PageItem(
            url=url,
            status=PageStatus.SKIPPED,
            reason=skip,
            depth=depth,
            referrer=referrer,
            found_by=found_by,
        )

    def _page_request(
        self, url: str, depth: int, referrer: str, found_by: str, *, conditional: bool = True
    ) -> scrapy.Request:
        headers = self.reuse.conditional_headers(url) if self.reuse and conditional else {}
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.page_failed,
            priority=-depth,
            dont_filter=True,
            headers=headers,
            meta={
                "klarsyn_url": url,
                "klarsyn_depth": depth,
                "klarsyn_referrer": referrer,
                "klarsyn_found_by": found_by,
                "klarsyn_unconditional": not conditional,
            },
        )

    # -- pages --------------------------------------------------------------

    async def parse_page(self, response: Response) -> AsyncIterator[Any]:
        if self.reuse is not None and not self._duplicate(response):
            meta = response.meta
            verdict = await self.reuse.check(meta["klarsyn_url"], response)
            if verdict == REFETCH:
                # A 304 has no body to audit: ask again, unconditionally.
                yield self._page_request(
                    meta["klarsyn_url"],
                    meta["klarsyn_depth"],
                    meta["klarsyn_referrer"],
                    meta.get("klarsyn_found_by", ""),
                    conditional=False,
                )
                return
            if isinstance(verdict, Reused):
                for reused in self._reused(response, verdict):
                    yield reused
                return
        item = self._fetched(response)
        if item.status is not PageStatus.AUDITED:
            yield item
            return
        # What the server sent: the fallback view.
        item.html = response.text
        item.facts["text_view"] = TextView.DOWNLOADED
        rendered: HtmlResponse | None = None
        if self.browser is not None:
            try:
                page = await self.browser.render(response.url, item.url)
            except BrowserError as exc:
                item.fail(exc.reason, str(exc))
            else:
                # The DOM travels once, as the item's html (dropped after the text audits).
                item.axe = replace(page, dom=None)
                if page.dom is not None:
                    item.html = page.dom
                    item.facts["text_view"] = TextView.RENDERED
                    rendered = HtmlResponse(response.url, body=page.dom, encoding="utf-8")
                    if self.reuse is not None:
                        item.cache, item.assets = await self.reuse.record(response, page.resources)
        if self.reuse is not None and item.status is PageStatus.AUDITED:
            item.facts["result_from"] = "audited"
        links = self.links.extract_links(response if rendered is None else rendered)
        item.links = tuple(
            Link(normalised, " ".join(link.text.split()))
            for link in links
            if (normalised := self.scope.normalise(link.url)) is not None
        )
        if self.outlet is not None:
            # A worker's follow-ups are in the shared frontier before its page is done.
            self._follow_links(response, rendered, links, item)
            yield item
            return
        yield item
        for follow in self._follow_links(response, rendered, links, item):
            yield follow

    def _follow_links(
        self,
        response: Response,
        rendered: HtmlResponse | None,
        links: list[Any],
        item: PageItem,
    ) -> list[Any]:
        """The requests and skipped items of a page's links (none for a URL list)."""
        if self.config.fixed_urls:
            return []
        # The served HTML's links are read again only to tell the browser's own ones apart.
        downloaded = links if rendered is None else self.links.extract_links(response)
        served = {link.url for link in downloaded}
        found = [
            (link.url, FoundBy.HTML if link.url in served else FoundBy.BROWSER)
            for link in links
        ]
        return list(self._follow_many(found, item.depth + 1, item.url, owner=item.url))

    def _duplicate(self, response: Response) -> bool:
        """Whether the response redirected to a URL the ledger already has."""
        final = self.scope.normalise(response.url)
        return final is not None and final != response.meta["klarsyn_url"] and final in self.seen

    def _reused(self, response: Response, reused: Reused) -> Iterator[Any]:
        """The ledger item of an unchanged page (its earlier result is copied by the store
        pipeline), then its stored links followed."""
        assert self.reuse is not None
        assert self.reuse.run_id is not None
        meta = response.meta
        item = PageItem(
            url=meta["klarsyn_url"],
            status=PageStatus.AUDITED,
            depth=meta["klarsyn_depth"],
            referrer=meta["klarsyn_referrer"],
            final_url=response.url,
            found_by=meta.get("klarsyn_found_by", ""),
            cache=reused.cache,
            assets=reused.assets,
            reused_from=self.reuse.run_id,
            facts={
                "result_from": "reused",
                "reused_from": self.reuse.run_id,
                "unchanged_by": reused.unchanged_by,
            },
        )
        final = self.scope.normalise(response.url)
        if final is not None:
            self.seen.add(final)
        self.crawler.stats.inc_value("klarsyn/reused")
        yield item
        if self.config.fixed_urls:
            return
        yield from self._follow_many(
            ((link.url, FoundBy.HTML) for link in self.reuse.links(item.url)),
            item.depth + 1,
            item.url,
            owner=item.url,
        )

    def _fetched(self, response: Response) -> PageItem:
        """The ledger item of a fetched page: ``audited`` if it is an HTML page to audit,
        else failed or skipped with the reason (a PDF keeps its bytes for the document
        audit)."""
        meta = response.meta
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        item = PageItem(
            url=meta["klarsyn_url"],
            status=PageStatus.AUDITED,
            depth=meta["klarsyn_depth"],
            referrer=meta["klarsyn_referrer"],
            final_url=response.url,
            http_status=response.status,
            content_type=content_type.split(";")[0].strip().lower(),
            found_by=meta.get("klarsyn_found_by", ""),
        )
        if response.status >= 400:
            item.status, item.reason = PageStatus.FAILED, http_reason(response.status)
            return item
        final = self.scope.normalise(response.url)
        if final is not None and final != item.url:
            if final in self.seen:
                # A redirect to a page the ledger already has: audit it once.
                item.status, item.reason = PageStatus.SKIPPED, Reason.DUPLICATE
                return item
            self.seen.add(final)
        modified = response.headers.get(b"Last-Modified")
        if modified:
            parsed = parsedate_to_datetime_or_none(modified.decode("latin-1"))
            if parsed is not None:
                item.facts["last_modified"] = parsed.date().isoformat()
        if not (isinstance(response, HtmlResponse) or item.content_type in HTML_TYPES):
            item.status, item.reason = PageStatus.SKIPPED, Reason.NOT_HTML
            if item.content_type == "application/pdf" or response.body[:5] == b"%PDF-":
                item.document = response.body
        elif not looks_like_text(response.body[:TEXT_SAMPLE], response.encoding):
            item.status, item.reason = PageStatus.SKIPPED, Reason.NOT_TEXT
        return item

    def page_failed(self, failure: Failure) -> Iterator[PageItem]:
        request = failure.request  # type: ignore[attr-defined]
        meta = request.meta
        status, reason = PageStatus.FAILED, Reason.FETCH_ERROR
        if failure.check(OutOfScope):
            status, reason = PageStatus.SKIPPED, Reason.OUT_OF_SCOPE
        elif failure.check(RedirectLoop):
            reason = Reason.REDIRECT_LOOP
        elif failure.check(TooManyRedirects):
            reason = Reason.TOO_MANY_REDIRECTS
        elif failure.check(IgnoreRequest):
            if "robots.txt" in str(failure.value):
                status, reason = PageStatus.SKIPPED, Reason.ROBOTS_TXT
        elif failure.check(DownloadTimeoutError):
            reason = Reason.TIMEOUT
        elif failure.check(CannotResolveHostError):
            reason = Reason.DNS
        elif failure.check(
            DownloadConnectionRefusedError, DownloadFailedError, ResponseDataLossError
        ):
            reason = Reason.CONNECTION
        elif failure.check(DownloadCancelledError):
            reason = Reason.TOO_LARGE
        yield PageItem(
            url=meta["klarsyn_url"],
            status=status,
            reason=reason,
            depth=meta["klarsyn_depth"],
            referrer=meta["klarsyn_referrer"],
            error=str(failure.value)[:300],
            found_by=meta.get("klarsyn_found_by", ""),
        )
