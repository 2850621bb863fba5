"""Downloader middlewares: what may be requested at all.

- :class:`ScopeMiddleware`: no request leaves the audit's scope, redirects included.
- :class:`RedirectGuardMiddleware`: a redirect back into its own chain is a loop, a
  chain of more than ``KLARSYN_MAX_REDIRECTS`` (10) redirects is too long.

How fast a host is asked is crawler/politeness.py.
"""

from __future__ import annotations

from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler

from audits.model import Reason
from crawler.spiders.site import OutOfScope, RedirectLoop, TooManyRedirects


class ScopeMiddleware:
    """Drop any request whose host is not in the spider's scope.

    The spider never asks for such URLs itself; this catches redirects, which
    Scrapy follows by creating new requests. Scrapy's own OffsiteMiddleware
    compares host names only, so it would let a different port on the same
    host through: two servers on one machine are two sites to us.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        scope = getattr(self.crawler.spider, "scope", None)
        if scope is None:
            return
        url = scope.normalise(request.url) or request.url
        if scope.verdict(url) is Reason.OUT_OF_SCOPE:
            self.crawler.stats.inc_value("klarsyn/out_of_scope_requests")
            raise OutOfScope(f"out of the audit's scope: {url}")


class RedirectGuardMiddleware:
    """Stop redirect loops and over-long redirect chains before the next request is sent.

    Scrapy's RedirectMiddleware copies ``dont_filter`` to the redirected request, so a
    loop ``a -> b -> a`` would run until its limit of 20 and end as a bare IgnoreRequest.
    Here every redirected request (HTTP 3xx and meta refresh alike) carries the chain in
    ``meta["redirect_urls"]``: meeting one of those URLs again is ``redirect_loop``; more
    than ``KLARSYN_MAX_REDIRECTS`` redirects is ``too_many_redirects``.
    """

    def __init__(self, crawler: Crawler, max_redirects: int) -> None:
        self.crawler = crawler
        self.max_redirects = max_redirects

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, crawler.settings.getint("KLARSYN_MAX_REDIRECTS"))

    def process_request(self, request: Request) -> None:
        chain = request.meta.get("redirect_urls")
        if not chain:
            return
        scope = getattr(self.crawler.spider, "scope", None)

        def key(url: str) -> str:
            return (scope.normalise(url) if scope is not None else None) or url

        if key(request.url) in {key(url) for url in chain}:
            self.crawler.stats.inc_value("klarsyn/redirect_loops")
            raise RedirectLoop(f"redirect loop back to {request.url}")
        if len(chain) > self.max_redirects:
            raise TooManyRedirects(f"more than {self.max_redirects} redirects in a row")
