"""Downloader middleware: the site's credentials go to in-scope hosts, and nowhere else.

Placement (DOWNLOADER_MIDDLEWARES, crawler/settings.py) after Scrapy's CookiesMiddleware
(700): that middleware drops any preset ``Cookie`` header and writes the cookie jar's
instead, so our cookies are merged into its header afterwards. RedirectMiddleware builds
a redirect by copying the request's headers; it removes ``Authorization`` across hosts
and ports, but keeps ``Cookie`` on another port of the same host and keeps every other
header (an ``X-Api-Key``) wherever the redirect leads. Each redirect passes through
``process_request`` again, so the credentials are decided anew for the new host: set
when it is in scope, stripped when it is not.
"""

from __future__ import annotations

from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.credentials import Credentials
from crawler.scope import host_of

SETTING = "KLARSYN_CREDENTIALS"


class CredentialsMiddleware:
    """Add the configured cookies and headers to in-scope requests; strip them elsewhere.

    A host is in scope when ``host_of(url)`` is in ``spider.scope.hosts`` (name[:port]).
    A configured cookie wins over a cookie of the same name in Scrapy's jar. Off
    (NotConfigured) without credentials.
    """

    def __init__(self, crawler: Crawler, credentials: Credentials) -> None:
        self.crawler = crawler
        self.credentials = credentials
        self._cookie_names = {name for name, _ in credentials.cookies}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        credentials = crawler.settings.get(SETTING)
        if not credentials:
            raise NotConfigured("no credentials")
        if not isinstance(credentials, Credentials):
            raise NotConfigured(f"{SETTING} is not a Credentials object")
        return cls(crawler, credentials)

    def process_request(self, request: Request) -> None:
        scope = getattr(self.crawler.spider, "scope", None)
        in_scope = scope is not None and host_of(request.url) in scope.hosts
        for name, _ in self.credentials.headers:
            request.headers.pop(name, None)
        kept = self._other_cookies(request)
        if in_scope:
            for name, value in self.credentials.headers:
                request.headers[name] = value
            kept += [f"{name}={value}".encode() for name, value in self.credentials.cookies]
        request.headers.pop("Cookie", None)
        if kept:
            request.headers["Cookie"] = b"; ".join(kept)

    def _other_cookies(self, request: Request) -> list[bytes]:
        """The request's cookies (Scrapy's jar) other than the configured ones, as bytes."""
        pairs = []
        for header in request.headers.getlist("Cookie"):
            for part in header.split(b";"):
                name = part.split(b"=", 1)[0].strip().decode("latin-1")
                if part.strip() and name not in self._cookie_names:
                    pairs.append(part.strip())
        return pairs
