"""One headless Chromium that audits a page at a time: its start, its audit, its end.

Everything here blocks (WebDriver is a synchronous HTTP protocol), so it is only ever
called from worker threads (see crawler/pipelines.py), never from Scrapy's reactor
thread. How it is started is crawler/browser/launch.py; what runs in the page is
crawler/browser/scripts.py.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import subprocess
import threading
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from w3lib.url import canonicalize_url

from audits.model import Reason
from crawler.browser.consent import ConsentVisit
from crawler.browser.evidence import capture
from crawler.browser.launch import CHROMEDRIVER, allow_patterns, chromium_options
from crawler.browser.pool import BrowserError, PageAudit
from crawler.browser.profiles import make_profile, remove_profiles
from crawler.browser.scripts import (
    INIT_SCRIPT,
    MAX_DOM_CHARS,
    PAGE_STATE_SCRIPT,
    SETTLE_SCRIPT,
    AxeAssets,
    FrameAwareAxe,
)
from crawler.credentials import Credentials
from crawler.processes import KILL_WAIT, kill_process_group

log = logging.getLogger(__name__)

#: A browser is restarted after this many pages, so leaks in Chromium cannot pile up.
MAX_PAGES_PER_BROWSER = 200
#: The folder in a browser's profile that is its processes' TMPDIR.
TEMP_DIR = "tmp"


def same_page(a: str, b: str) -> bool:
    """Whether two URLs name one page (canonical form, fragments ignored)."""
    return canonicalize_url(a, keep_fragments=False) == canonicalize_url(b, keep_fragments=False)


class ChromiumBrowser:
    """One headless Chromium with its own throw-away profile, started on first use.

    Hostile pages are contained: dialogs and pop-ups are neutralised, pending timers
    and meta refreshes are cancelled after load, a page that left itself fails with
    ``navigated_away``, a crashed tab with ``browser_crash``. Every audit runs under a
    watchdog: if a WebDriver call has not returned by the hard deadline (a wedged
    renderer or chromedriver), the whole chromedriver/Chromium process group is
    killed and the page fails with ``browser_timeout``. After any failure, and after
    ``max_pages`` pages, the next audit starts a fresh browser.

    ``allowed_hosts`` set: the browser loads nothing from any other host.
    ``credentials`` are sent to the allowed hosts only, so they require ``allowed_hosts``.
    ``evidence``: after axe-core, the page's personnummer are masked in the live page and
    it is photographed (crawler/browser/evidence.py) for the evidence pack.
    ``consent``: each fresh browser answers the cookie banner before its first page
    (crawler/browser/consent.py).
    """

    def __init__(
        self,
        assets: AxeAssets,
        options_json: str,
        *,
        page_timeout: float = 30.0,
        loopback_only: bool = False,
        allowed_hosts: frozenset[str] | None = None,
        credentials: Credentials | None = None,
        max_pages: int = MAX_PAGES_PER_BROWSER,
        hard_deadline: float | None = None,
        evidence: bool = False,
        consent: ConsentVisit | None = None,
    ) -> None:
        if credentials and allowed_hosts is None:
            raise ValueError("credentials need allowed_hosts: Chromium cannot limit them to a host")
        self._assets = assets
        self._options_json = options_json
        self._page_timeout = page_timeout
        self._loopback_only = loopback_only
        self._allowed_hosts = allowed_hosts
        self._credentials = credentials
        self._max_pages = max_pages
        self._evidence = evidence
        self._consent = consent
        # Loading, injecting and running axe each have the page timeout; the deadline
        # only catches what those timeouts cannot (a call that never returns).
        self._hard_deadline = hard_deadline or 3 * page_timeout + 15
        self._driver: webdriver.Chrome | None = None
        self._pgid: int | None = None
        self._profile: str | None = None
        self._pages = 0
        self._version = ""
        self._killed = threading.Event()
        self._dead_end: socket.socket | None = None

    @property
    def version(self) -> str:
        return self._version

    @property
    def profile(self) -> Path | None:
        """The running browser's throw-away profile folder (None when not running)."""
        return Path(self._profile) if self._profile else None

    @property
    def process_group(self) -> int | None:
        """The process group of chromedriver and its Chromium (None when not running)."""
        return self._pgid

    def _start(self) -> webdriver.Chrome:
        # Marked as this process's, so a klarsyn started after this one was killed can
        # reap its browser (crawler/browser/profiles.py).
        self._profile = str(make_profile("klarsyn-chromium-"))
        dead_end_port = 0
        if self._allowed_hosts is not None:
            # The "proxy" every host out of scope goes through (see chromium_options):
            # a socket we bind and never listen on, so it refuses all connections.
            self._dead_end = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self._dead_end.bind(("127.0.0.1", 0))
            dead_end_port = self._dead_end.getsockname()[1]
        options = chromium_options(
            self._profile,
            loopback_only=self._loopback_only,
            allowed_hosts=self._allowed_hosts,
            dead_end_port=dead_end_port,
        )
        # chromedriver leads its own process group, so the watchdog can kill it and
        # every Chromium process it started in one call. Their temporary files (Chromium's
        # SingletonSocket folder, chromedriver's scoped_dir) go inside the profile, which
        # close() removes: left in /tmp, a killed browser's stayed there for good.
        temp = Path(self._profile, TEMP_DIR)
        temp.mkdir()
        service = Service(
            executable_path=CHROMEDRIVER,
            env={**os.environ, "TMPDIR": str(temp)},
            popen_kw={"start_new_session": True},
        )
        try:
            driver = webdriver.Chrome(options=options, service=service)
        except BaseException:
            # A session that failed to start can leave chromedriver running (seen with a
            # full disk: Selenium's own clean-up could not stop it): its group goes too.
            if service.process is not None:
                kill_process_group(service.process.pid)
                # chromedriver is this process's child: reaped, not left a zombie for
                # the rest of the run (a pool tries again after each failed start).
                with contextlib.suppress(subprocess.TimeoutExpired):
                    service.process.wait(timeout=KILL_WAIT)
            raise
        self._pgid = service.process.pid if service.process else None
        driver.set_page_load_timeout(self._page_timeout)
        driver.set_script_timeout(self._page_timeout)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": INIT_SCRIPT})
        # axe-core and its locale once per browser, not over WebDriver with every page
        # (that was ~45 % of a browser's time): Chromium evaluates them in every new
        # document of this tab, its same-process iframes included, before the page's
        # own scripts and whatever its Content-Security-Policy says. FrameAwareAxe
        # injects into the documents they do not reach.
        for source in self._assets.preload_scripts():
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})
        if self._allowed_hosts is not None:
            driver.execute_cdp_cmd("Network.enable", {})
            driver.execute_cdp_cmd(
                "Network.setBlockedURLs", {"urlPatterns": allow_patterns(self._allowed_hosts)}
            )
        if self._credentials:
            self._send_credentials(driver, self._credentials, self._allowed_hosts or frozenset())
        self._version = str(driver.capabilities.get("browserVersion", ""))
        if self._consent is not None:
            # A fresh profile has no cookies: every (re)started browser answers again.
            self._consent.give(driver, self._assets)
        return driver

    @staticmethod
    def _send_credentials(
        driver: webdriver.Chrome, credentials: Credentials, hosts: frozenset[str]
    ) -> None:
        # Extra headers go with every request of the page; that is safe only because
        # every other host is blocked (see allowed_hosts).
        if credentials.headers:
            driver.execute_cdp_cmd(
                "Network.setExtraHTTPHeaders", {"headers": dict(credentials.headers)}
            )
        for host in hosts:
            for scheme in ("http", "https"):
                for name, value in credentials.cookies:
                    driver.execute_cdp_cmd(
                        "Network.setCookie",
                        {"name": name, "value": value, "url": f"{scheme}://{host}/"},
                    )

    def warm(self) -> None:
        """Start now, not on the first page; a browser that fails to start is only logged
        here, and tried again (and its failure recorded) on that page."""
        try:
            self._started()
        except BrowserError as exc:
            log.warning("%s", exc)

    def _started(self) -> webdriver.Chrome:
        if self._driver is None:
            self._killed.clear()
            try:
                self._driver = self._start()
            except Exception as exc:
                # Not only WebDriverException: a chromedriver that dies while starting
                # (a full disk, no memory) fails in its HTTP client instead.
                self.close()
                detail = exc.msg if isinstance(exc, WebDriverException) else repr(exc)
                raise BrowserError(
                    Reason.BROWSER_ERROR, f"Chromium did not start: {detail}"[:300]
                ) from exc
        return self._driver

    def audit(self, url: str) -> PageAudit:
        driver = self._started()
        watchdog = threading.Timer(self._hard_deadline, self._kill)
        watchdog.daemon = True
        watchdog.start()
        try:
            page = self._audit(driver, url)
        except BrowserError:
            self.close()
            raise
        except Exception as exc:
            # With a killed chromedriver the pending call fails however its HTTP
            # client sees it (connection reset, refused, protocol error...).
            self.close()
            if self._killed.is_set():
                raise BrowserError(
                    Reason.BROWSER_TIMEOUT,
                    f"the browser did not answer within {self._hard_deadline:g} s and was killed",
                ) from exc
            if isinstance(exc, TimeoutException):
                raise BrowserError(
                    Reason.BROWSER_TIMEOUT, f"timed out after {self._page_timeout:g} s"
                ) from exc
            if isinstance(exc, WebDriverException):
                message = exc.msg or type(exc).__name__
                if "crash" in message:
                    raise BrowserError(Reason.BROWSER_CRASH, message[:300]) from exc
                raise BrowserError(Reason.BROWSER_ERROR, message[:300]) from exc
            raise BrowserError(Reason.BROWSER_ERROR, f"{type(exc).__name__}: {exc}"[:300]) from exc
        finally:
            watchdog.cancel()
        self._pages += 1
        if self._pages >= self._max_pages:
            self.close()
        return page

    def _audit(self, driver: webdriver.Chrome, url: str) -> PageAudit:
        driver.get(url)
        # Settled, then taken back as axe is about to judge it, with whether axe-core is
        # ready in it and where the page is (one round trip for all).
        dom, ready, frames, here = driver.execute_script(
            SETTLE_SCRIPT + PAGE_STATE_SCRIPT, MAX_DOM_CHARS, self._assets.version
        )
        here = str(here)
        if not same_page(here, url):
            raise BrowserError(
                Reason.NAVIGATED_AWAY, f"the page went to {here[:200]} while loading"
            )
        axe = FrameAwareAxe(driver, self._assets)
        if not ready or frames:
            axe.inject(top_ready=bool(ready))
        results, resources, final_url = axe.run_page(self._options_json)
        if not (same_page(final_url, url) and same_page(str(results.get("url", url)), url)):
            raise BrowserError(
                Reason.NAVIGATED_AWAY, f"the page went to {final_url[:200]} during the audit"
            )
        if len(driver.window_handles) > 1:
            raise BrowserError(Reason.BROWSER_ERROR, "the page opened another window")
        rendered = dom if isinstance(dom, str) else None
        # Last: it changes the live page (masked numbers), after everything was read from it.
        evidence = capture(driver, results) if self._evidence else None
        return PageAudit(results, final_url, tuple(str(u) for u in resources), rendered, evidence)

    def _kill(self) -> None:
        log.warning("Chromium did not answer in %g s: killing it", self._hard_deadline)
        self._killed.set()
        if self._pgid is not None:
            kill_process_group(self._pgid)

    def close(self) -> None:
        if self._driver is not None:
            driver, self._driver = self._driver, None
            if not self._killed.is_set():
                try:
                    driver.quit()
                except Exception:  # whatever state it is in, it goes
                    log.warning("Chromium did not quit cleanly")
            else:
                # Its processes are dead already: only reap chromedriver.
                with contextlib.suppress(Exception):
                    driver.service.stop()
        if self._pgid is not None:
            # Nothing of this browser may outlive it (a renderer quit() did not reach).
            kill_process_group(self._pgid)
            self._pgid = None
        if self._profile is not None:
            remove_profiles([self._profile])
            self._profile = None
        if self._dead_end is not None:
            self._dead_end.close()
            self._dead_end = None
        self._pages = 0
