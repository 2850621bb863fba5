"""Which URLs belong to an audit, and how a URL is written so each is audited once.

Query-string policy (``query``):

- ``keep`` (default): the query is kept, with its parameters sorted and the
  tracking parameters below removed, so ``?b=2&a=1&utm_source=x`` and
  ``?a=1&b=2`` are one page. Fragments are always dropped.
- ``drop``: the whole query is removed; use it for sites whose queries only
  sort or filter the same content.

A host is ``name[:port]``: two servers on one machine are two hosts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from audits.model import Reason

QUERY_POLICIES = ("keep", "drop")

#: Parameters that identify a campaign or a click, never a different page.
TRACKING_PARAMETERS = re.compile(r"^(utm_[a-z]+|fbclid|gclid|msclkid|mc_cid|mc_eid|_ga)$", re.I)

_DEFAULT_PORTS = {"http": 80, "https": 443}


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
