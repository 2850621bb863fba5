"""axe-core registered once per browser for every new document (CDP), with real Chromium.

klarsyn no longer sends axe-core over WebDriver with each page: ChromiumBrowser
registers it and its Swedish locale with ``Page.addScriptToEvaluateOnNewDocument``.
These tests show that it is there before the page's own scripts, in the page and its
frames, that pages which fight axe-core or forbid all scripts are audited all the same,
and that a page that has it gets nothing more over WebDriver.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from audits.axe import findings_from_results, rules_from_results, run_options
from crawler.browser.chromium import ChromiumBrowser
from crawler.browser.scripts import AxeAssets, FrameAwareAxe
from crawler.localserver import Files, SiteServer
from tests.conftest import HTML, REPO, html_page
from tests.faultpages import PAGES

pytestmark = [pytest.mark.browser]

AXE_DIR = REPO / "node_modules" / "axe-core"

#: Says in the DOM whether klarsyn's axe-core was there before the page's own script ran.
PROBE = (
    "<img src='/x.png'>"
    "<script>document.body.setAttribute('data-axe', typeof window.klarsynAxe);</script>"
)


def frame_doc(title: str) -> bytes:
    return (
        f"<!doctype html><html lang='sv'><title>{title}</title><body>{PROBE}</body></html>".encode()
    )


@pytest.fixture
def browser() -> Iterator[ChromiumBrowser]:
    chromium = ChromiumBrowser(
        AxeAssets.load(AXE_DIR), run_options(), page_timeout=10, loopback_only=True
    )
    yield chromium
    chromium.close()


def image_alt(results: dict) -> list[str]:
    return sorted(f.selector for f in findings_from_results(results) if f.rule == "image-alt")


def test_axe_is_in_every_document_before_the_pages_own_scripts(
    browser: ChromiumBrowser, serve: Callable[[Files], SiteServer]
) -> None:
    site = serve(
        {
            "/": (
                html_page(
                    "Ramar",
                    PROBE + "<iframe src='/ram.html' title='Ram'></iframe>"
                    "<iframe srcdoc=\"<img src='/y.png'>\" title='Srcdoc'></iframe>",
                ),
                HTML,
            ),
            "/ram.html": (frame_doc("Ram"), HTML),
        }
    )
    for _ in range(2):  # the second page: the registration outlives a navigation
        page = browser.audit(site.base_url + "/")
        # The page's own script saw axe-core: it ran first.
        assert 'data-axe="object"' in (page.dom or "")
        # The frame's document had it too before its script ran (its body's attribute is
        # not in the rendered view, which keeps a frame's children: ask the frame).
        assert image_alt(page.results) == [
            'iframe[src$="ram.html"] >>> img',
            "iframe[srcdoc=\"<img src='/y.png'>\"] >>> img",
            "img",
        ]
        # In Swedish: the locale was configured in the registered document.
        rules = {r.id: r for r in rules_from_results(page.results)}
        assert rules["image-alt"].help == "Bilder måste ha alternativ text"
    driver = browser._driver
    assert driver is not None
    frame = driver.find_element("css selector", "iframe[src='/ram.html']")
    driver.switch_to.frame(frame)
    try:
        assert driver.execute_script("return document.body.getAttribute('data-axe')") == "object"
    finally:
        driver.switch_to.default_content()


def test_a_page_with_axe_already_there_gets_nothing_over_webdriver(
    browser: ChromiumBrowser, serve: Callable[[Files], SiteServer]
) -> None:
    site = serve({"/": (html_page("Enkel", PROBE), HTML)})
    browser.audit(site.base_url + "/")
    driver = browser._driver
    assert driver is not None
    axe = FrameAwareAxe(driver, AxeAssets.load(AXE_DIR))
    axe.inject()
    assert axe.injected == 0


@pytest.mark.parametrize(
    "path",
    [
        "/browser/axe-global.html",  # var axe = ... replaces window.axe
        "/browser/axe-fake.html",  # a fake axe that finds nothing, made non-writable
        "/browser/amd-loader.html",  # define.amd, module and require of the page's own
        "/browser/frozen.html",  # Object.prototype, Array.prototype, Promise frozen
        "/browser/csp.html",  # script-src 'none'
    ],
)
def test_pages_that_fight_axe_are_audited_all_the_same(
    browser: ChromiumBrowser, serve: Callable[[Files], SiteServer], path: str
) -> None:
    site = serve(dict(PAGES))
    page = browser.audit(site.base_url + path)
    assert image_alt(page.results) == ["img"]
    rules = {r.id: r for r in rules_from_results(page.results)}
    assert rules["image-alt"].help == "Bilder måste ha alternativ text"
    if path == "/browser/csp.html":
        # The page's own script was refused: its CSP holds for the page, not for klarsyn.
        assert "<title>Strikt CSP</title>" in (page.dom or "")
