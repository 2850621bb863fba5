"""Headless Chromium running axe-core, behind a small interface, in a bounded pool.

Everything here blocks (WebDriver is a synchronous HTTP protocol), so it is
only ever called from worker threads (see crawler/pipelines.py), never from
Scrapy's reactor thread.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from w3lib.url import canonicalize_url

from audits.model import Reason
from crawler.credentials import Credentials
from crawler.processes import kill_process_group

log = logging.getLogger(__name__)

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

#: Flags that keep Chromium quiet and working as root with no network of its own.
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--mute-audio",
    "--window-size=1280,1024",
)

#: Tests and the demo: resolve nothing but loopback, so no request can leave the machine.
LOOPBACK_ONLY_FLAG = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"

#: How deep axe is injected into nested iframes.
MAX_FRAME_DEPTH = 3

#: A browser is restarted after this many pages, so leaks in Chromium cannot pile up.
MAX_PAGES_PER_BROWSER = 200

#: The renderer's JavaScript heap cap (MiB): a page that allocates without end crashes
#: its tab ("Aw, Snap") instead of swapping the machine. axe on a 100,000-element DOM
#: crashed the tab at 256 MiB; 1,024 MiB leaves it room.
JS_HEAP_MIB = 1024

#: Names the browser's own throw-away profile folder.
PROFILE_FLAG = "--user-data-dir="

#: Runs in every document before the page's own scripts: dialogs answer at once (the
#: ``unhandledPromptBehavior`` capability dismisses them, but chromedriver still fails
#: the next command with "unexpected alert open" when a page keeps raising them), and
#: ``window.open`` opens nothing (``--block-new-web-contents`` did not stop it in
#: headless Chromium 156). The resource timing buffer is made large enough to list
#: every resource of a big page.
INIT_SCRIPT = (
    "window.alert=function(){};"
    "window.confirm=function(){return false;};"
    "window.prompt=function(){return null;};"
    "window.print=function(){};"
    "window.open=function(){return null;};"
    "try{performance.setResourceTimingBufferSize(10000);}catch(e){}"
)

#: After load: cancel the page's pending timers, intervals and meta refresh, so it cannot
#: navigate away or start an endless script while axe runs. Measured on Chromium 156:
#: this keeps the page for a 300 ms ``location.href`` timer and a 2 s meta refresh, and
#: axe runs normally. ``Emulation.setScriptExecutionDisabled`` and
#: ``Page.setWebLifecycleState`` "frozen" also stop them, but then axe never returns.
SETTLE_SCRIPT = (
    "var last=setTimeout(function(){},0);"
    "for(var i=0;i<=last;i++){clearTimeout(i);clearInterval(i);}"
    "window.stop();"
)

#: Every resource and frame URL the page asked for (blocked ones too, with status 0).
RESOURCES_SCRIPT = (
    "var urls=performance.getEntriesByType('resource').map(function(e){return e.name;});"
    "document.querySelectorAll('iframe[src],frame[src]').forEach(function(f){urls.push(f.src);});"
    "return urls;"
)


class BrowserError(Exception):
    """A page could not be audited in the browser; ``reason`` is a ledger reason code."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class PageAudit:
    """What the browser saw of one page: axe's results, where it ended, what it loaded."""

    results: dict[str, Any]
    final_url: str
    #: URLs of the resources and frames the page requested (blocked ones included).
    resources: tuple[str, ...] = ()


class Browser(Protocol):
    """What the pipeline needs of a browser: audit one URL, say its version, close."""

    @property
    def version(self) -> str: ...

    def audit(self, url: str) -> PageAudit:
        """Load ``url``, run axe-core, return what it found. Raises BrowserError."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class AxeAssets:
    """axe-core's script and its Swedish locale, as installed from package-lock.json."""

    script: Path
    source: str
    locale: Mapping[str, Any] | None
    version: str

    @classmethod
    def load(cls, axe_dir: Path, locale: str | None = "sv") -> AxeAssets:
        script = axe_dir / "axe.min.js"
        if not script.is_file():
            raise FileNotFoundError(f"axe-core is not installed ({script} is missing)")
        version = json.loads((axe_dir / "package.json").read_text(encoding="utf-8"))["version"]
        locale_data = None
        if locale:
            locale_file = axe_dir / "locales" / f"{locale}.json"
            locale_data = json.loads(locale_file.read_text(encoding="utf-8"))
        return cls(
            script=script,
            source=script.read_text(encoding="utf-8"),
            locale=locale_data,
            version=str(version),
        )


class FrameAwareAxe(Axe):
    """axe-selenium-python's Axe, injecting into every iframe too, in our locale.

    ``Axe.inject`` only reaches the top document; axe-core can only report on a
    frame whose document has axe-core itself, so we walk the frames with
    WebDriver's frame switching. The script is read once per audit (AxeAssets), not
    once per page.
    """

    def __init__(self, driver: webdriver.Chrome, assets: AxeAssets) -> None:
        super().__init__(driver, script_url=str(assets.script))
        self._source = assets.source
        self._locale = assets.locale

    def inject(self) -> None:
        self.selenium.switch_to.default_content()
        self._inject_here(depth=0)
        self.selenium.switch_to.default_content()

    def _inject_here(self, depth: int) -> None:
        self.selenium.execute_script(self._source)
        if self._locale is not None:
            self.selenium.execute_script("axe.configure({locale: arguments[0]});", self._locale)
        if depth >= MAX_FRAME_DEPTH:
            return
        for frame in self.selenium.find_elements(By.CSS_SELECTOR, "iframe, frame"):
            try:
                self.selenium.switch_to.frame(frame)
            except WebDriverException:
                continue  # gone or not loadable: axe reports it as not analysed
            try:
                self._inject_here(depth + 1)
            finally:
                self.selenium.switch_to.parent_frame()


def same_page(a: str, b: str) -> bool:
    """Whether two URLs name one page (canonical form, fragments ignored)."""
    return canonicalize_url(a, keep_fragments=False) == canonicalize_url(b, keep_fragments=False)


def allow_patterns(hosts: Iterable[str]) -> list[dict[str, Any]]:
    """``Network.setBlockedURLs`` patterns: the hosts let through, everything else blocked.

    First match wins (URLPattern syntax). A host without a port matches only the
    scheme's default port, as :func:`crawler.scope.host_of` writes it.
    """
    patterns: list[dict[str, Any]] = [
        {"urlPattern": f"*://{host}/*", "block": False} for host in sorted(hosts)
    ]
    patterns.append({"urlPattern": "*://*:*/*", "block": True})
    return patterns


def profile_of(command: Iterable[str]) -> str | None:
    """The profile folder a Chromium command line names, if it names one."""
    return next(
        (arg.removeprefix(PROFILE_FLAG) for arg in command if arg.startswith(PROFILE_FLAG)), None
    )


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
    def process_group(self) -> int | None:
        """The process group of chromedriver and its Chromium (None when not running)."""
        return self._pgid

    def _start(self) -> webdriver.Chrome:
        self._profile = tempfile.mkdtemp(prefix="klarsyn-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"{PROFILE_FLAG}{self._profile}")
        options.add_argument(f"--js-flags=--max-old-space-size={JS_HEAP_MIB}")
        options.add_argument("--block-new-web-contents")
        if self._loopback_only:
            options.add_argument(LOOPBACK_ONLY_FLAG)
        if self._allowed_hosts is not None:
            # Network.setBlockedURLs (below) stops subresources but not a frame's own
            # navigation (measured: an iframe on another port was still requested). So
            # every other host goes through a "proxy" that refuses all connections: a
            # socket we bind and never listen on. ``<-loopback>`` drops Chromium's
            # implicit bypass of localhost; the scope's hosts bypass the proxy.
            self._dead_end = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self._dead_end.bind(("127.0.0.1", 0))
            port = self._dead_end.getsockname()[1]
            options.add_argument(f"--proxy-server=http://127.0.0.1:{port}")
            bypass = ";".join(["<-loopback>", *sorted(self._allowed_hosts)])
            options.add_argument(f"--proxy-bypass-list={bypass}")
        options.set_capability("unhandledPromptBehavior", "dismiss")
        # chromedriver leads its own process group, so the watchdog can kill it and
        # every Chromium process it started in one call.
        service = Service(executable_path=CHROMEDRIVER, popen_kw={"start_new_session": True})
        driver = webdriver.Chrome(options=options, service=service)
        self._pgid = service.process.pid if service.process else None
        driver.set_page_load_timeout(self._page_timeout)
        driver.set_script_timeout(self._page_timeout)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": INIT_SCRIPT})
        if self._allowed_hosts is not None:
            driver.execute_cdp_cmd("Network.enable", {})
            driver.execute_cdp_cmd(
                "Network.setBlockedURLs", {"urlPatterns": allow_patterns(self._allowed_hosts)}
            )
        if self._credentials:
            self._send_credentials(driver, self._credentials, self._allowed_hosts or frozenset())
        self._version = str(driver.capabilities.get("browserVersion", ""))
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

    def audit(self, url: str) -> PageAudit:
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
        watchdog = threading.Timer(self._hard_deadline, self._kill)
        watchdog.daemon = True
        watchdog.start()
        try:
            page = self._audit(self._driver, url)
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
        driver.execute_script(SETTLE_SCRIPT)
        if not same_page(driver.current_url, url):
            raise BrowserError(
                Reason.NAVIGATED_AWAY, f"the page went to {driver.current_url[:200]} while loading"
            )
        axe = FrameAwareAxe(driver, self._assets)
        axe.inject()
        results = dict(axe.run(options=self._options_json))
        final_url = driver.current_url
        if not (same_page(final_url, url) and same_page(str(results.get("url", url)), url)):
            raise BrowserError(
                Reason.NAVIGATED_AWAY, f"the page went to {final_url[:200]} during the audit"
            )
        resources = driver.execute_script(RESOURCES_SCRIPT) or []
        if len(driver.window_handles) > 1:
            raise BrowserError(Reason.BROWSER_ERROR, "the page opened another window")
        return PageAudit(results, final_url, tuple(str(u) for u in resources))

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
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None
        if self._dead_end is not None:
            self._dead_end.close()
            self._dead_end = None
        self._pages = 0


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

    def close(self) -> None:
        with self._lock:
            for browser in self._all:
                browser.close()
