"""Headless Chromium running axe-core, behind a small interface, in a bounded pool.

Everything here blocks (WebDriver is a synchronous HTTP protocol), so it is
only ever called from worker threads (see crawler/pipelines.py), never from
Scrapy's reactor thread.
"""

from __future__ import annotations

import json
import logging
import queue
import shutil
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from audits.model import Reason

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


class BrowserError(Exception):
    """A page could not be audited in the browser; ``reason`` is a ledger reason code."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class Browser(Protocol):
    """What the pipeline needs of a browser: audit one URL, say its version, close."""

    @property
    def version(self) -> str: ...

    def audit(self, url: str) -> dict[str, Any]:
        """Load ``url``, run axe-core, return axe's results object. Raises BrowserError."""
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


class ChromiumBrowser:
    """One headless Chromium with its own throw-away profile, started on first use."""

    def __init__(
        self,
        assets: AxeAssets,
        options_json: str,
        *,
        page_timeout: float = 30.0,
        loopback_only: bool = False,
    ) -> None:
        self._assets = assets
        self._options_json = options_json
        self._page_timeout = page_timeout
        self._loopback_only = loopback_only
        self._driver: webdriver.Chrome | None = None
        self._profile: str | None = None
        self._version = ""

    @property
    def version(self) -> str:
        return self._version

    def _start(self) -> webdriver.Chrome:
        self._profile = tempfile.mkdtemp(prefix="klarsyn-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self._profile}")
        if self._loopback_only:
            options.add_argument(LOOPBACK_ONLY_FLAG)
        # A page's alert() must not stall the audit.
        options.set_capability("unhandledPromptBehavior", "dismiss")
        driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
        driver.set_page_load_timeout(self._page_timeout)
        driver.set_script_timeout(self._page_timeout)
        self._version = str(driver.capabilities.get("browserVersion", ""))
        return driver

    def audit(self, url: str) -> dict[str, Any]:
        if self._driver is None:
            try:
                self._driver = self._start()
            except WebDriverException as exc:
                self.close()
                raise BrowserError(
                    Reason.BROWSER_ERROR, f"Chromium did not start: {exc.msg}"
                ) from exc
        driver = self._driver
        try:
            driver.get(url)
            axe = FrameAwareAxe(driver, self._assets)
            axe.inject()
            return dict(axe.run(options=self._options_json))
        except TimeoutException as exc:
            # A page that hangs may leave the renderer busy: start afresh next time.
            self.close()
            raise BrowserError(
                Reason.BROWSER_TIMEOUT, f"timed out after {self._page_timeout:g} s"
            ) from exc
        except WebDriverException as exc:
            self.close()
            raise BrowserError(Reason.BROWSER_ERROR, (exc.msg or type(exc).__name__)[:300]) from exc

    def close(self) -> None:
        if self._driver is not None:
            try:
                self._driver.quit()
            except WebDriverException:
                log.warning("Chromium did not quit cleanly")
            self._driver = None
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None


class BrowserPool:
    """At most ``size`` browsers, each used by one thread at a time.

    A browser that failed is closed by itself and restarts on its next use; a
    page whose browser crashed (not timed out) is tried once more.
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

    def audit(self, url: str) -> dict[str, Any]:
        browser = self._browsers.get()
        try:
            try:
                return browser.audit(url)
            except BrowserError as exc:
                if exc.reason != Reason.BROWSER_ERROR:
                    raise
                log.info("retrying %s once after a browser error: %s", url, exc)
                return browser.audit(url)
        finally:
            self._browsers.put(browser)

    def close(self) -> None:
        with self._lock:
            for browser in self._all:
                browser.close()
