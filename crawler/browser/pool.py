"""What the pipeline asks of a browser, and a bounded pool of browsers that retries once.

The pipeline (crawler/pipelines.py) sees only this module: the :class:`Browser`
protocol, what an audit returns (:class:`PageAudit`) or raises (:class:`BrowserError`),
and the :class:`BrowserPool`. The Chromium behind it is crawler/browser/chromium.py;
unit tests put a fake in its place.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from audits.model import Reason
from crawler.browser.evidence import PageEvidence

log = logging.getLogger(__name__)


class BrowserError(Exception):
    """A page could not be audited in the browser; ``reason`` is a ledger reason code."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class PageAudit:
    """What the browser saw of one page: axe's results, where it ended, what it loaded,
    and the page as rendered (the DOM axe judged, serialised as HTML)."""

    results: dict[str, Any]
    final_url: str
    #: URLs of the resources and frames the page requested (blocked ones included).
    resources: tuple[str, ...] = ()
    #: The rendered page (crawler/browser/scripts.py, DOM_SCRIPT); None when it was too
    #: large or could not be serialised, and the downloaded HTML is read instead.
    dom: str | None = None
    #: Screenshots for the evidence pack (crawler/browser/evidence.py); None when the run
    #: keeps no evidence. The browser stage writes them and drops them from the audit.
    evidence: PageEvidence | None = None


class Browser(Protocol):
    """What the pipeline needs of a browser: audit one URL, say its version, close."""

    @property
    def version(self) -> str: ...

    def audit(self, url: str) -> PageAudit:
        """Load ``url``, run axe-core, return what it found. Raises BrowserError."""
        ...

    def close(self) -> None: ...


#: Failures after which a page is tried once more, on a fresh browser.
RETRIED = frozenset(
    {Reason.BROWSER_TIMEOUT, Reason.BROWSER_CRASH, Reason.BROWSER_ERROR, Reason.NAVIGATED_AWAY}
)


class BrowserPool:
    """At most ``size`` browsers, each used by one thread at a time.

    A browser that failed is closed by itself and restarts on its next use; a page
    that timed out, crashed its tab, left itself or met a browser error is tried once
    more (on that fresh browser), then fails with the second attempt's reason.
    """

    def __init__(self, factory: Callable[[], Browser], size: int) -> None:
        self._browsers: queue.Queue[Browser] = queue.Queue()
        self._all = [factory() for _ in range(size)]
        for browser in self._all:
            self._browsers.put(browser)
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        return next((b.version for b in self._all if b.version), "")

    def audit(self, url: str) -> PageAudit:
        browser = self._browsers.get()
        try:
            try:
                return browser.audit(url)
            except BrowserError as exc:
                if exc.reason not in RETRIED:
                    raise
                log.info("retrying %s once after %s: %s", url, exc.reason, exc)
                return browser.audit(url)
        finally:
            self._browsers.put(browser)

    def warm_one(self) -> None:
        """Start one idle browser now (called once per browser, each in its own thread,
        while robots.txt and the sitemaps are read); a browser without ``warm`` starts
        on its first page."""
        browser = self._browsers.get()
        try:
            warm = getattr(browser, "warm", None)
            if warm is not None:
                warm()
        finally:
            self._browsers.put(browser)

    def close(self) -> None:
        with self._lock:
            for browser in self._all:
                browser.close()
