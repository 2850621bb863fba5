"""Which URLs belong to an audit, and how a URL is written so each is audited once.

Query-string policy (``query``):

- ``keep`` (default): the query is kept, with its parameters sorted and the
  tracking parameters below removed, so ``?b=2&a=1&utm_source=x`` and
  ``?a=1&b=2`` are one page. Fragments are always dropped.
- ``drop``: the whole query is removed; use it for sites whose queries only
  sort or filter the same content.

A host is ``name[:port]``: two servers on one machine are two hosts.

Trap limits (:class:`Traps`), which cut off URL spaces that never end:

- more than ``max_query_variants`` URLs of one path that differ only in their query
  string (an endless calendar ``?month=``, ``?page=N``, session ids): reason ``trap``;
- a path segment that occurs more than :data:`MAX_SEGMENT_REPEATS` times
  (``/a/a/a/a/…`` from a relative link): reason ``trap``;
- a URL longer than ``max_url_length`` characters: reason ``url_too_long``.

Links that look like logging out (:func:`looks_like_logout`) are never followed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from audits.model import Reason

QUERY_POLICIES = ("keep", "drop")

#: Parameters that identify a campaign or a click, never a different page.
TRACKING_PARAMETERS = re.compile(r"^(utm_[a-z]+|fbclid|gclid|msclkid|mc_cid|mc_eid|_ga)$", re.I)

_DEFAULT_PORTS = {"http": 80, "https": 443}

#: A path segment seen more often than this in one path is a path-repeat trap.
#: Real sites nest at most a few equal names (``/skola/skola/`` happens; four times
#: ``/a/a/a/a/`` does not).
MAX_SEGMENT_REPEATS = 3

#: Path segments or query values that log a visitor out, in English and Swedish.
#: Matched against the path and query (lower-case), between word boundaries.
LOGOUT = re.compile(
    r"(?<![a-z])(log[-_ ]?out|log[-_ ]?off|sign[-_ ]?out|sign[-_ ]?off"
    r"|logga[-_ ]?ut|utloggning|avlogg(a|ning))(?![a-z])"
)


def host_of(url: str) -> str:
    """``name[:port]`` of a URL, lower-case, without the scheme's default port."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is None or port == _DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{port}"


@dataclass(frozen=True)
class Scope:
    """Hosts, include and exclude patterns (regular expressions searched in the URL)."""

    hosts: frozenset[str]
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    query: str = "keep"

    @classmethod
    def build(
        cls,
        start_urls: tuple[str, ...],
        extra_hosts: tuple[str, ...] = (),
        include: tuple[str, ...] = (),
        exclude: tuple[str, ...] = (),
        query: str = "keep",
    ) -> Scope:
        """The start URLs' hosts plus ``extra_hosts``; patterns compiled (re.error on a bad one)."""
        hosts = {host_of(u) for u in start_urls}
        hosts.update(h.lower() for h in extra_hosts)
        return cls(
            hosts=frozenset(hosts),
            include=tuple(re.compile(p) for p in include),
            exclude=tuple(re.compile(p) for p in exclude),
            query=query,
        )

    def normalise(self, url: str) -> str | None:
        """The URL as the ledger writes it, or None for what is not an http(s) URL."""
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
            return None
        query = parts.query if self.query == "keep" else ""
        if query:
            kept = [
                p for p in query.split("&") if p and not TRACKING_PARAMETERS.match(p.split("=")[0])
            ]
            query = "&".join(kept)
        netloc = host_of(url)
        if parts.username or parts.password:
            # Never keep credentials written into a URL.
            netloc = netloc.rsplit("@", 1)[-1]
        cleaned = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))
        return canonicalize_url(cleaned, keep_fragments=False)

    def verdict(self, url: str) -> Reason | None:
        """None when ``url`` (normalised) is in scope, else why it is not."""
        if host_of(url) not in self.hosts:
            return Reason.OUT_OF_SCOPE
        if self.include and not any(p.search(url) for p in self.include):
            return Reason.EXCLUDED
        if any(p.search(url) for p in self.exclude):
            return Reason.EXCLUDED
        return None


def looks_like_logout(url: str) -> bool:
    """Whether following ``url`` would likely end the session (``/logout``, ``/logga-ut`` …)."""
    parts = urlsplit(url)
    return bool(LOGOUT.search(f"{parts.path}?{parts.query}".lower()))


@dataclass
class Traps:
    """The trap limits of one crawl; counts the query variants it has let through.

    :meth:`verdict` is asked once per new (normalised) URL, in the order the crawl
    meets them, so the first ``max_query_variants`` variants of a path are fetched
    and every later one is recorded as a trap.
    """

    max_query_variants: int = 50
    max_url_length: int = 2000
    _variants: Counter[str] = field(default_factory=Counter)

    def verdict(self, url: str) -> Reason | None:
        """None when ``url`` may be fetched, else ``url_too_long``, ``trap`` or ``logout``."""
        if looks_like_logout(url):
            return Reason.LOGOUT
        if len(url) > self.max_url_length:
            return Reason.URL_TOO_LONG
        parts = urlsplit(url)
        segments = Counter(s for s in parts.path.split("/") if s)
        if segments and max(segments.values()) > MAX_SEGMENT_REPEATS:
            return Reason.TRAP
        if parts.query:
            key = f"{host_of(url)}{parts.path}"
            if self._variants[key] >= self.max_query_variants:
                return Reason.TRAP
            self._variants[key] += 1
        return None
