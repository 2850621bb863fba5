"""Which URLs a crawl has met, how much of its page budget is taken, and where a
distributed audit's worker hands on what it found.

The spider (crawler/spiders/site.py) claims each normalised URL once: the first claim
wins, every later one is a URL already seen. A crawl in one process keeps its claims
here, in memory; the workers of a distributed audit share theirs in Redis
(crawler/distributed/frontier.py, the same interface), so a URL is requested by one of
them only and the page budget holds for the run, not per worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from scrapy import Request

    from crawler.items import PageItem


class Claims(Protocol):
    def claim_all(self, urls: Sequence[str], owner: str = "") -> set[str]:
        """Which of ``urls`` are new: each is seen from now on. ``owner``: the page or
        sitemap whose links they are (its URL), which may claim them again when it is
        handled again (a distributed worker died with them claimed, not yet queued)."""
        ...

    def __contains__(self, url: object) -> bool: ...

    def add(self, url: str) -> None:
        """Mark ``url`` seen (a redirect's target)."""
        ...

    def take_page(self, budget: int) -> bool:
        """Whether one more page fits in ``budget``; it is counted if so."""
        ...


class LocalClaims:
    """A crawl's claims in this process."""

    def __init__(self, seen: Iterable[str] = (), scheduled: int = 0) -> None:
        self.seen = set(seen)
        self.scheduled = scheduled

    def claim_all(self, urls: Sequence[str], owner: str = "") -> set[str]:
        # One process handles each page once: ``owner`` never claims again here.
        new = set(urls) - self.seen
        self.seen |= new
        return new

    def __contains__(self, url: object) -> bool:
        return url in self.seen

    def add(self, url: str) -> None:
        self.seen.add(url)

    def take_page(self, budget: int) -> bool:
        if self.scheduled >= budget:
            return False
        self.scheduled += 1
        return True


class Outlet(Protocol):
    """A worker's way into the shared frontier (crawler/distributed/frontier.py)."""

    def request(self, request: Request) -> None:
        """Put ``request`` in the shared frontier now."""
        ...

    def skipped(self, item: PageItem) -> None:
        """Send the ledger row of a URL not requested to the coordinator now."""
        ...

    def seeded(self) -> None:
        """The start URLs and sitemaps are in the shared frontier."""
        ...

    def done(self, request: Request) -> None:
        """``request`` (not a page's: a sitemap, robots.txt) is handled: release its lease."""
        ...
