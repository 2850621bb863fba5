"""The cookie banner answered as a visitor answers it, once per browser, before it audits.

With ``[consent]`` (crawler.config.Consent) every fresh Chromium of the pool first loads the
start page, finds the configured button (``reject`` by default, ``accept`` when asked),
clicks it, waits for the banner to go and then drops every cookie that is not for an
in-scope host: the pages are then audited as a visitor who answered sees them, with the
banner gone and the content behind a modal banner shown. The first browser to get there
also audits the banner itself, open, before the click (axe-core limited to the banner's
element) and finds the script that made it (Chromium's node stack traces), so the report
shows the banner once (reports/sections/consent.py) instead of its faults on every page.

A button that is not there, or a banner that stays, is a warning (logged, and kept for the
report), never a failed run: the pages are then audited as they come.

Blocking, like every WebDriver call: it runs in the browser stage's worker threads.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

from audits.axe import findings_from_results, rules_from_results
from audits.model import ConsentBanner
from crawler.browser.scripts import AXE_HANDLE, AxeAssets, FrameAwareAxe
from crawler.config import Consent
from crawler.scope import host_of
from reports.store import Store

log = logging.getLogger(__name__)

#: What became of the answer: the button was clicked and the banner went (``given``),
#: the button was never there (``not_found``), the banner stayed after the click
#: (``stayed``), or the start page could not be read (``failed``).
GIVEN, NOT_FOUND, STAYED, FAILED = "given", "not_found", "stayed", "failed"

#: Seconds the start page is given to show its banner, and the banner to go after the
#: click: a banner's script runs on load, so this is a ceiling, not a pause.
BANNER_WAIT = 10.0

#: The banner of ``arguments[0]`` (a selector; "": from the button ``arguments[1]``):
#: the element, or null. An invalid selector is thrown as a SyntaxError.
_BANNER = (
    "function klarsynBanner(bannerSel, buttonSel){"
    "  if (bannerSel) { return document.querySelector(bannerSel); }"
    "  var b = document.querySelector(buttonSel);"
    "  if (!b) { return null; }"
    "  return b.closest('dialog,[role=dialog],[role=alertdialog],[aria-modal=true]')"
    "    || b.parentElement;"
    "}"
)

#: Whether the button ``arguments[1]`` is there and shown.
BUTTON_SHOWN_SCRIPT = (
    "var b = document.querySelector(arguments[1]);"
    "return !!(b && b.getClientRects().length);"
)

#: Whether the banner is gone: out of the page, or not shown.
BANNER_GONE_SCRIPT = (
    _BANNER + "var el = klarsynBanner(arguments[0], arguments[1]);"
    "return !el || !el.isConnected || !el.getClientRects().length"
    " || getComputedStyle(el).visibility === 'hidden';"
)

#: axe-core on the banner's element alone (``arguments[2]``: the run options).
BANNER_AXE_SCRIPT = (
    "var done = arguments[arguments.length - 1];"
    + _BANNER
    + "var el = klarsynBanner(arguments[0], arguments[1]);"
    "if (!el) { done({error: 'no banner'}); return; }"
    f"window.{AXE_HANDLE}.run(el, arguments[2]).then(function(r) {{ done({{results: r}}); }},"
    " function(e) { done({error: String(e)}); });"
)


@dataclass(frozen=True)
class BannerSeen:
    """The banner as the first browser met it: what became of the answer (``state``, one
    sentence ``message`` for a warning), axe-core's results on the open banner (None when
    it was not audited) and the URL of the script that made it ("": it was in the page's
    HTML, or no trace was kept)."""

    start_url: str
    state: str
    message: str = ""
    results: dict[str, Any] | None = None
    script_url: str = ""


class ConsentVisit:
    """The answer every browser of one run gives, and the banner seen once.

    Shared by the pool's browsers: :meth:`give` is called by each fresh Chromium before its
    first page; the first call also audits the banner (``banner``, read after the crawl).
    """

    def __init__(
        self,
        consent: Consent,
        start_url: str,
        hosts: frozenset[str],
        options_json: str,
        wait: float = BANNER_WAIT,
    ) -> None:
        self.consent = consent
        #: Seconds the banner is given to appear, and to go after the click.
        self.wait = wait
        self.start_url = start_url
        #: The in-scope hosts (``name[:port]``): the only ones whose cookies are kept.
        self.names = frozenset(host.rsplit(":", 1)[0] if host.count(":") == 1 else host
                               for host in hosts)
        self._options = json.loads(options_json)
        self._lock = threading.Lock()
        self.banner: BannerSeen | None = None
        #: ``banner`` once the first browser has answered (before, it says "not reached").
        self.answered: BannerSeen | None = None

    def _first(self) -> bool:
        """Whether the caller is the first browser (it audits the banner)."""
        with self._lock:
            if self.banner is not None:
                return False
            self.banner = BannerSeen(self.start_url, FAILED, "the banner was not reached")
            return True

    def give(self, driver: webdriver.Chrome, assets: AxeAssets) -> str:
        """Load the start page, answer the banner, keep only in-scope cookies; the state.

        Never raises for the page or the banner: a failure is logged and the browser
        audits on; only a dead browser's error goes up to its caller."""
        first = self._first()
        try:
            seen = self._answer(driver, assets, audit=first)
        except TimeoutException:
            seen = BannerSeen(self.start_url, FAILED,
                              f"the start page {self.start_url} did not load for the consent")
        except WebDriverException as exc:
            # Chromium's words for a selector querySelector cannot parse.
            if "is not a valid selector" in (exc.msg or ""):
                seen = BannerSeen(self.start_url, NOT_FOUND,
                                  "a [consent] selector is not a valid CSS selector")
            else:
                raise
        if seen.message:
            log.warning("cookie banner: %s", seen.message)
        if first:
            self.banner = self.answered = seen
        return seen.state

    def _answer(self, driver: webdriver.Chrome, assets: AxeAssets, *, audit: bool) -> BannerSeen:
        consent = self.consent
        if audit:
            # Before the page loads: Chromium keeps the creation stack of each node made
            # from then on, which names the banner's script.
            driver.execute_cdp_cmd("DOM.enable", {})
            driver.execute_cdp_cmd("DOM.setNodeStackTracesEnabled", {"enable": True})
        try:
            driver.get(self.start_url)
            args = (consent.banner, consent.button)
            try:
                WebDriverWait(driver, self.wait, poll_frequency=0.1).until(
                    lambda d: d.execute_script(BUTTON_SHOWN_SCRIPT, *args))
            except TimeoutException:
                return BannerSeen(
                    self.start_url, NOT_FOUND,
                    f"the {consent.action} button {consent.button!r} was not found on "
                    f"{self.start_url}; the pages are audited as they come")
            results, script = None, ""
            if audit:
                results = _banner_results(driver, assets, args, self._options)
                script = _creator_script(driver, args)
            button = driver.execute_script("return document.querySelector(arguments[0]);",
                                           consent.button)
            try:
                button.click()
            except WebDriverException:
                # Covered by an overlay of the banner itself: clicked as a script would.
                driver.execute_script("arguments[0].click();", button)
            try:
                WebDriverWait(driver, self.wait, poll_frequency=0.1).until(
                    lambda d: d.execute_script(BANNER_GONE_SCRIPT, *args))
            except TimeoutException:
                return BannerSeen(
                    self.start_url, STAYED,
                    f"the cookie banner stayed after its {consent.action} button was clicked",
                    results, script)
            self._keep_in_scope_cookies(driver)
            return BannerSeen(self.start_url, GIVEN, "", results, script)
        finally:
            if audit:
                driver.execute_cdp_cmd("DOM.setNodeStackTracesEnabled", {"enable": False})
                driver.execute_cdp_cmd("DOM.disable", {})

    def _keep_in_scope_cookies(self, driver: webdriver.Chrome) -> None:
        """Drop every cookie the answer left for a host out of scope (a consent vendor's);
        the in-scope hosts' cookies stay in the browser for all its pages."""
        cookies = driver.execute_cdp_cmd("Network.getAllCookies", {}).get("cookies", [])
        for cookie in cookies:
            if not self._in_scope(str(cookie.get("domain", ""))):
                driver.execute_cdp_cmd("Network.deleteCookies", {
                    "name": cookie["name"], "domain": cookie["domain"],
                    "path": cookie.get("path", "/")})

    def _in_scope(self, domain: str) -> bool:
        """Whether a cookie of ``domain`` is sent to an in-scope host (cookies ignore
        ports; ``.example.se`` is sent to every host under it)."""
        domain = domain.lstrip(".").lower()
        return any(name == domain or name.endswith("." + domain) for name in self.names)


def _banner_results(
    driver: webdriver.Chrome, assets: AxeAssets, args: tuple[str, str], options: Any
) -> dict[str, Any] | None:
    """axe-core's results on the open banner, None when axe-core could not run there."""
    FrameAwareAxe(driver, assets).inject()
    answer = driver.execute_async_script(BANNER_AXE_SCRIPT, *args, options)
    if not isinstance(answer, dict) or "results" not in answer:
        log.warning("cookie banner: axe-core did not run on it: %s",
                    str(answer.get("error") if isinstance(answer, dict) else answer)[:200])
        return None
    return dict(answer["results"])


def _creator_script(driver: webdriver.Chrome, args: tuple[str, str]) -> str:
    """The URL of the script that made the banner's element ("": none recorded: it came
    with the page's HTML)."""
    found = driver.execute_cdp_cmd("Runtime.evaluate", {
        "expression": f"({_BANNER})({json.dumps(args[0])}, {json.dumps(args[1])})"})
    object_id = found.get("result", {}).get("objectId")
    if not object_id:
        return ""
    driver.execute_cdp_cmd("DOM.getDocument", {"depth": 0})
    node = driver.execute_cdp_cmd("DOM.requestNode", {"objectId": object_id})
    traces = driver.execute_cdp_cmd("DOM.getNodeStackTraces", {"nodeId": node["nodeId"]})
    stack = traces.get("creation")
    while stack:
        for frame in stack.get("callFrames", []):
            if frame.get("url"):
                return str(frame["url"])
        stack = stack.get("parent")
    return ""


def store_banner(store: Store, run_id: int, seen: BannerSeen, hosts: frozenset[str]) -> None:
    """Keep the banner as seen in the run's store, with the texts of axe-core's rules it
    broke; its host (its script's, or the start page's) is a third party when it is not
    one of the in-scope ``hosts``."""
    results = seen.results or {}
    host = host_of(seen.script_url or seen.start_url)
    store.set_consent_banner(run_id, ConsentBanner(
        url=seen.start_url, state=seen.state, message=seen.message, host=host,
        script_url=seen.script_url, third_party=host not in hosts,
        findings=findings_from_results(results) if results else ()))
    if results:
        store.add_rules(run_id, rules_from_results(results))
