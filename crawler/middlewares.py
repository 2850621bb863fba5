"""Downloader middleware: no request leaves the audit's scope, redirects included."""

from __future__ import annotations

from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler

from audits.model import Reason
from crawler.spiders.site import OutOfScope


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
