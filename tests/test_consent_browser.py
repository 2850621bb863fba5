"""``[consent]`` in real Chromium, on small sites with the demo's cookie banner
(crawler/demo/files/js/kakbanner.js: a modal dialog that hides the page until answered,
with a close button without a name and grey small print).

With ``[consent]`` the banner's faults are reported once, as the banner's own item, and
not on the pages; the content the modal banner hid is audited; ``--block-third-party``
does not stop the click on a first-party banner; a banner from another host is marked a
third party; a button that is not there is a warning, and the browser audits on; only the
in-scope hosts' cookies are kept. Without it, the banner's faults are on every page and
what it hides is not judged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from audits.axe import findings_from_results, installed_axe_dir, run_options
from crawler.browser.chromium import ChromiumBrowser
from crawler.browser.consent import NOT_FOUND, ConsentVisit
from crawler.browser.scripts import AxeAssets
from crawler.config import Consent
from crawler.demo import FILES_DIR
from crawler.localserver import SiteServer
from crawler.scope import host_of
from tests.conftest import HTML, Run, html_page

pytestmark = pytest.mark.browser

BANNER = (FILES_DIR / "js" / "kakbanner.js").read_bytes()
GIF = (FILES_DIR / "bilder" / "besok.gif").read_bytes()
#: The banner's own faults (see kakbanner.js).
BANNER_RULES = {"button-name", "color-contrast"}
CONSENT = '[consent]\nreject = "#kakor-nodvandiga"\naccept = "#kakor-alla"\n'


def _site(script: str) -> dict[str, tuple[bytes, str]]:
    tag = f"<script src='{script}' defer></script>"
    return {
        "/": (html_page("Start", "<p><a href='/om/'>Om kommunen</a> "
                        "<a href='/kontakt/'>Kontakt</a></p>", head=tag), HTML),
        # The planted fault behind the modal banner: an image without a text alternative.
        "/om/": (html_page("Om kommunen", "<p>Kommunen i bild.</p><img src='/karta.gif'>",
                           head=tag), HTML),
        "/kontakt/": (html_page("Kontakt", "<p>Ring oss.</p>", head=tag), HTML),
        "/karta.gif": (GIF, "image/gif"),
        "/bilder/besok.gif": (GIF, "image/gif"),
        "/js/kakbanner.js": (BANNER, "text/javascript"),
    }


def _audit(klarsyn: Callable[..., Run], tmp_path: Path, url: str, config: str,
           *options: str) -> Run:
    path = tmp_path / f"klarsyn-{len(list(tmp_path.glob('klarsyn-*.toml')))}.toml"
    path.write_text(config, encoding="utf-8")
    out = tmp_path / path.stem
    run = klarsyn("audit", url, "--loopback-only", "--config", str(path), "--browsers", "1",
                  *options, out=out)
    assert run.code in (0, 2), run.stderr
    return run


def _rules(page: dict[str, Any]) -> set[str]:
    return {f["rule"] for f in page["findings"] if f["outcome"] == "violation"}


def _has(page: dict[str, Any], text: str) -> bool:
    """Whether a finding of ``page`` is on an element whose selector or code has ``text``."""
    return any(text in f["selector"] or text in f["snippet"] for f in page["findings"])


def _banner_on(page: dict[str, Any]) -> bool:
    return _has(page, "kakbanner")


def test_with_consent_the_banner_is_one_item_and_the_pages_are_seen_answered(
    klarsyn: Callable[..., Run], serve: Callable[..., SiteServer], tmp_path: Path,
) -> None:
    site = serve(_site("/js/kakbanner.js"))
    base = site.base_url
    # Third parties blocked: the banner is the site's own, so the click still works.
    run = _audit(klarsyn, tmp_path, base + "/", CONSENT, "--block-third-party")
    pages = run.pages()
    assert set(pages) >= {base + "/", base + "/om/", base + "/kontakt/"}
    consent = run.report()["consent"]
    assert consent["state"] == "given"
    assert consent["host"] == base.removeprefix("http://")
    assert consent["third_party"] is False
    assert consent["script_url"] == base + "/js/kakbanner.js"
    banner_rules = {f["rule"] for f in consent["findings"] if f["outcome"] == "violation"}
    assert banner_rules >= BANNER_RULES
    for url in (base + "/", base + "/om/", base + "/kontakt/"):
        assert not _banner_on(pages[url]), url
        assert not _rules(pages[url]) & BANNER_RULES, url
    # Behind the modal banner: found once it is answered.
    assert "image-alt" in _rules(pages[base + "/om/"])
    # "Endast nödvändiga" was the answer: no tracking pixel (it comes with "Godkänn alla").
    assert not any(_has(p, "besoksstatistik") for p in pages.values())
    html = (run.out / "report.html").read_text(encoding="utf-8")
    section = html.split('<section id="kakbanner"')[1].split("</section>")[0]
    assert "webbplatsen själv" in section
    assert "Avvisa kakor (endast nödvändiga)" in section
    assert "<code>#kakor-nodvandiga</code>" in section
    assert "Varning" not in section


def test_without_consent_the_banner_is_on_every_page_and_hides_the_content(
    klarsyn: Callable[..., Run], serve: Callable[..., SiteServer], tmp_path: Path,
) -> None:
    site = serve(_site("/js/kakbanner.js"))
    base = site.base_url
    run = _audit(klarsyn, tmp_path, base + "/", "")
    pages = run.pages()
    for url in (base + "/", base + "/om/", base + "/kontakt/"):
        assert _banner_on(pages[url]), url
        assert "button-name" in _rules(pages[url]), url
    assert "image-alt" not in _rules(pages[base + "/om/"])
    assert run.report()["consent"] is None
    assert 'id="kakbanner"' not in (run.out / "report.html").read_text(encoding="utf-8")


def test_a_banner_from_another_host_is_a_third_partys_and_accept_clicks_accept(
    klarsyn: Callable[..., Run], serve: Callable[..., SiteServer], tmp_path: Path,
) -> None:
    vendor = serve({"/kakbanner.js": (BANNER, "text/javascript")})
    site = serve(_site(vendor.base_url + "/kakbanner.js"))
    base = site.base_url
    run = _audit(klarsyn, tmp_path, base + "/", CONSENT + 'action = "accept"\n')
    consent = run.report()["consent"]
    assert consent["state"] == "given"
    assert consent["host"] == vendor.base_url.removeprefix("http://")
    assert consent["third_party"] is True
    pages = run.pages()
    for url in (base + "/", base + "/om/", base + "/kontakt/"):
        assert not _banner_on(pages[url]), url
        # "Godkänn alla": every page then has the visitor statistics' pixel (no alt).
        assert _has(pages[url], "besoksstatistik"), url
    html = (run.out / "report.html").read_text(encoding="utf-8")
    assert "en annan webbplats (leverantörens)" in html
    assert "Godkänn alla kakor" in html


@pytest.mark.parametrize(
    ("selector", "warning"),
    [
        ("#finns-inte", "the reject button '#finns-inte' was not found on {url}; "
                        "the pages are audited as they come"),
        # querySelector throws on it: a warning too, never a browser that cannot start.
        ("##nej", "a [consent] selector is not a valid CSS selector"),
    ],
    ids=["missing", "invalid"],
)
def test_a_button_that_is_not_there_is_a_warning_and_the_browser_audits_on(
    serve: Callable[..., SiteServer], caplog: pytest.LogCaptureFixture, selector: str,
    warning: str,
) -> None:
    site = serve(_site("/js/kakbanner.js"))
    url = site.base_url + "/"
    assets = AxeAssets.load(installed_axe_dir())
    options = run_options()
    visit = ConsentVisit(Consent(reject=selector), url, frozenset({host_of(url)}),
                         options, wait=0.5)
    browser = ChromiumBrowser(assets, options, loopback_only=True, consent=visit)
    try:
        with caplog.at_level(logging.WARNING):
            page = browser.audit(site.base_url + "/kontakt/")
    finally:
        browser.close()
    assert visit.banner is not None
    assert visit.banner.state == NOT_FOUND
    assert visit.banner.results is None
    assert caplog.messages == ["cookie banner: " + warning.format(url=url)]
    # Nothing was clicked: the page is audited with the banner open.
    assert "button-name" in {f.rule for f in findings_from_results(page.results)}


def test_the_answer_keeps_the_cookies_of_in_scope_hosts_only(
    serve: Callable[..., SiteServer],
) -> None:
    """A consent vendor's cookies for its own host (planted here as its script would leave
    them) are dropped; the site's own, old and new, stay for every page of the browser."""
    site = serve(_site("/js/kakbanner.js"))
    url = site.base_url + "/"
    assets = AxeAssets.load(installed_axe_dir())
    options = run_options()
    visit = ConsentVisit(Consent(reject="#kakor-nodvandiga"), url, frozenset({host_of(url)}),
                         options)
    browser = ChromiumBrowser(assets, options, loopback_only=True)
    try:
        browser.warm()
        driver = browser._driver
        assert driver is not None
        for name, where in (("leverantor", "https://cdn.cookievendor.example/"),
                            ("sessionid", url)):
            driver.execute_cdp_cmd("Network.setCookie",
                                   {"name": name, "value": "1", "url": where})
        assert visit.give(driver, assets) == "given"
        cookies = driver.execute_cdp_cmd("Network.getAllCookies", {})["cookies"]
        page = browser.audit(site.base_url + "/om/")
    finally:
        browser.close()
    assert sorted((c["name"], c["value"], c["domain"]) for c in cookies) == [
        ("kakval", "nodvandiga", "127.0.0.1"), ("sessionid", "1", "127.0.0.1")]
    # The answer holds on the next page: no banner, and what it hid is judged.
    rules = {f.rule for f in findings_from_results(page.results)}
    assert "image-alt" in rules
    assert "button-name" not in rules
