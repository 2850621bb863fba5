"""One page, one view: text, policy checks and links come from the page Chromium rendered.

The serialiser (crawler/browser/scripts.py, DOM_SCRIPT) is checked in a real Chromium on
its own; then one real crawl of a small site whose start page is built by script shows
what an editor gets from it: the rendered text scored, the script-made link crawled
and marked ``found_by: browser``, no finding that contradicts axe-core, and a page the
browser could not render read from its downloaded HTML, saying so.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup

from audits.axe import run_options
from crawler.browser.chromium import ChromiumBrowser
from crawler.browser.scripts import DOM_SCRIPT, AxeAssets
from crawler.localserver import Files, SiteServer
from tests.conftest import HTML, REPO, Run, html_page
from tests.htmlfiles import read_all

pytestmark = [pytest.mark.browser]

AXE_DIR = REPO / "node_modules" / "axe-core"

#: 68 words of stiff, passive officialese (LIX 57.7, five passives, stiff words).
STIFF_TEXT = (
    "Ansökan om bygglov ska inlämnas till kommunen senast den 1 mars. Beslut fattas av "
    "nämnden efter att handlingarna har granskats. Avgiften debiteras i enlighet med gällande "
    "taxa samt erläggs i samband med att beslutet meddelas. Kompletteringar kan komma att "
    "begäras om underlaget bedöms vara ofullständigt. Information tillhandahålls av "
    "handläggaren som ansvarar för ärendet och som kan kontaktas vardagar under ordinarie "
    "kontorstid för frågor som rör ansökan och dess hantering."
)

#: The served start page: a placeholder, and a script that builds the page a visitor sees.
SCRIPTED_START = f"""<!doctype html><html lang="sv"><head><meta charset="utf-8">
<title>Bygglov</title></head><body>
<header><nav aria-label="Huvudmeny"><a href="/ren/">Ren sida</a>
<a href="/lamnar/">Sidan som lämnar</a></nav></header>
<main><p>Välkommen. Laddar innehåll …</p></main>
<footer><p>Testkommunen</p></footer>
<script>
document.querySelector('main').innerHTML =
  '<h1>Bygglov</h1><p>{STIFF_TEXT}</p>' +
  '<p><a href="/bara-skript/">Läs mer</a></p>' +
  '<img src="/bild.png"><kommun-kort></kommun-kort>';
customElements.define('kommun-kort', class extends HTMLElement {{
  constructor() {{
    super();
    this.attachShadow({{mode: 'open'}}).innerHTML =
      '<p>Kortet: <a href="/skugga/">Kontakta oss om bygglov</a></p>';
  }}
}});
</script></body></html>""".encode()

#: A page that leaves itself at load: the browser fails it, the served HTML remains.
LEAVING = html_page(
    "Sidan som lämnar",
    "<p>Den här sidan byter adress så fort den laddas, så webbläsaren kan inte granska "
    "den. Texten finns ändå i HTML-koden som servern skickade.</p>"
    "<p><a href='/via-html/'>Sidan som HTML-koden länkar till</a></p>"
    "<script>location.replace('/ren/?fran=lamnar');</script>",
)


def scripted_site() -> Files:
    return {
        "/": (SCRIPTED_START, HTML),
        "/ren/": (html_page("Ren sida", "<p>En sida utan skript.</p>"), HTML),
        "/bara-skript/": (
            html_page(
                "Bara via skript", "<p>Hit leder bara skriptets länk.</p><img src='/bild.png'>"
            ),
            HTML,
        ),
        "/skugga/": (html_page("Skuggsidan", "<p>Länkad inifrån en skuggrot.</p>"), HTML),
        "/lamnar/": (LEAVING, HTML),
        "/via-html/": (html_page("Via HTML", "<p>Länkad från HTML-koden.</p>"), HTML),
        "/bild.png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    }


# -- the serialiser, in Chromium ----------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[ChromiumBrowser]:
    chromium = ChromiumBrowser(
        AxeAssets.load(AXE_DIR), run_options(), page_timeout=10, loopback_only=True
    )
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def server() -> Iterator[SiteServer]:
    site = SiteServer({}).start()
    yield site
    site.stop()


def test_the_rendered_page_is_the_flat_tree_axe_audits(
    browser: ChromiumBrowser, server: SiteServer
) -> None:
    server.files = {
        "/": (
            b"<!doctype html><html lang='sv'><head><title>Platt</title>"
            b"<style>p{color:#111}</style></head><body><main>"
            b"<!-- kommentar 19121212-1212 -->"
            b"<kort-x><span slot='namn'>Tilldelad text</span><i>utan plats</i></kort-x>"
            b"<iframe src='/ram/' title='Ram'></iframe>"
            b"<p title='a&quot;b'>1 &lt; 2 &amp; 3</p>"
            b"<script>var hemligt = '<p>inte text</p>';"
            b"customElements.define('kort-x', class extends HTMLElement { constructor() {"
            b" super(); this.attachShadow({mode: 'open'}).innerHTML ="
            b' \'<h2><slot name="namn">reserv</slot></h2><slot name="tom">Reservtext</slot>'
            b'<a href="/skugga/">Skugglank</a>\'; } });'
            b"</script></main></body></html>",
            HTML,
        ),
        "/ram/": (
            b"<!doctype html><html lang='en'><title>R</title><body><p>Frame text</p>"
            b"<a href='/i-ramen/'>In the frame</a></body></html>",
            HTML,
        ),
    }
    page = browser.audit(server.base_url + "/")
    assert page.dom is not None
    soup = BeautifulSoup(page.dom, "lxml")
    main = soup.main
    assert main is not None
    # The shadow root stands in for its host, each slot filled with what is assigned to it.
    assert main.find("kort-x").h2.get_text() == "Tilldelad text"
    assert "Reservtext" in main.get_text()
    assert "utan plats" not in main.get_text()  # a light child no slot takes is not shown
    assert main.find("a", href="/skugga/").get_text() == "Skugglank"
    # A same-origin frame's body, in place, with its document's language.
    frame = main.find("div", attrs={"data-klarsyn-frame": server.base_url + "/ram/"})
    assert frame is not None
    assert frame["lang"] == "en"
    assert frame.p.get_text() == "Frame text"
    assert frame.find("a", href="/i-ramen/") is not None
    # Text and attributes round-trip; scripts and style sheets are left empty; comments stay.
    assert main.find("p", title='a"b').get_text() == "1 < 2 & 3"
    assert soup.find("script").get_text() == ""
    assert soup.find("style").get_text() == ""
    assert "inte text" not in page.dom
    assert "19121212-1212" in page.dom
    assert soup.html["lang"] == "sv"
    assert soup.title.get_text() == "Platt"


def test_a_page_over_the_size_limit_or_that_breaks_the_serialiser_is_not_taken_back(
    browser: ChromiumBrowser, server: SiteServer
) -> None:
    server.files = {"/": (html_page("Stor", "<p>" + "ord " * 5000 + "</p>"), HTML)}
    browser.audit(server.base_url + "/")  # a loaded page to run the serialiser on
    driver = browser._driver
    assert driver is not None
    whole = driver.execute_script(DOM_SCRIPT, 10_000_000)
    assert isinstance(whole, str)
    assert len(whole) > 20_000
    assert driver.execute_script(DOM_SCRIPT, len(whole) - 1) is None
    assert driver.execute_script(DOM_SCRIPT, len(whole)) == whole
    # A page that breaks a built-in the serialiser uses gives nothing, not an error.
    driver.execute_script("String.prototype.replace = function () { throw 'kaputt'; };")
    assert driver.execute_script(DOM_SCRIPT, 10_000_000) is None


# -- one crawl of a script-made site --------------------------------------------


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Run, str]]:
    site = SiteServer(scripted_site()).start()
    out = tmp_path_factory.mktemp("rendered")
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "klarsyn",
                "audit",
                site.base_url + "/",
                "--out",
                str(out),
                "--loopback-only",
                "--best-practice",
                "--page-timeout",
                "10",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=out,
            check=False,
            env=dict(os.environ, PYTHONPATH=str(REPO)),
        )
        yield Run(done.returncode, done.stderr, out), site.base_url
    finally:
        site.stop()


@pytest.fixture(scope="module")
def pages(crawl: tuple[Run, str]) -> dict[str, dict[str, Any]]:
    run, base = crawl
    assert run.code == 2, run.stderr  # image-alt on two pages
    return {url.removeprefix(base): page for url, page in run.pages().items()}


def rules(page: dict[str, Any], source: str) -> list[str]:
    return [f["rule"] for f in page["findings"] if f["source"] == source]


def test_the_script_made_text_is_what_is_scored(pages: dict[str, dict[str, Any]]) -> None:
    start = pages["/"]
    assert start["text_view"] == "rendered"
    assert start["readability"]["words"] >= 68  # not the 4 words of the placeholder
    assert start["readability"]["lix"] > 50
    assert any("tillhandahålls av handläggaren" in block["text"] for block in start["text"])
    assert not any("Laddar innehåll" in block["text"] for block in start["text"])
    flags = rules(start, "klarsyn")
    assert flags.count("klarsprak-passive") >= 4
    assert "klarsprak-stiff-word" in flags


def test_links_added_by_script_or_in_a_shadow_root_are_crawled_and_marked(
    pages: dict[str, dict[str, Any]],
) -> None:
    for path in ("/bara-skript/", "/skugga/"):
        assert pages[path]["outcome"] == "audited", path
        assert pages[path]["found_by"] == "browser", path
        assert pages[path]["referrer"].endswith("/")
    # Only the script's link leads here, so only the rendered view finds its fault.
    assert "image-alt" in rules(pages["/bara-skript/"], "axe")
    assert pages["/ren/"]["found_by"] == "html"
    assert pages["/"]["found_by"] == "start"


def test_no_finding_contradicts_axe_on_the_same_page(pages: dict[str, dict[str, Any]]) -> None:
    start = pages["/"]
    axe, policy = rules(start, "axe"), rules(start, "klarsyn")
    # The h1 exists only after the script ran: neither axe nor the policy check misses it.
    assert "page-has-heading-one" not in axe
    assert "policy-h1-count" not in policy
    # The script's image: axe reports it, and the text view sees the same element.
    assert "image-alt" in axe
    # The script's vague link text is the policy's finding, on the link axe also saw.
    vague = [f for f in start["findings"] if f["rule"] == "policy-link-text"]
    assert [f["snippet"] for f in vague] == ['<a href="/bara-skript/">Läs mer</a>']
    assert "link-name" not in axe


def test_a_page_the_browser_could_not_render_falls_back_and_says_so(
    crawl: tuple[Run, str], pages: dict[str, dict[str, Any]]
) -> None:
    leaving = pages["/lamnar/"]
    assert (leaving["outcome"], leaving["reason"]) == ("failed", "navigated_away")
    assert leaving["text_view"] == "downloaded"
    assert any("byter adress så fort den laddas" in b["text"] for b in leaving["text"])
    assert leaving["readability"]["words"] > 20
    # The downloaded HTML's links are still followed.
    assert pages["/via-html/"]["outcome"] == "audited"
    assert pages["/via-html/"]["found_by"] == "html"
    html = read_all(crawl[0].out)  # report.html and the page files of sidor/
    assert "HTML-koden som servern skickade – sidan kunde inte läsas så som webbläsaren" in html
    assert "länk som bara finns i den visade sidan (skapad av skript)" in html
    # Täckning says how many URLs only the rendered view found, and how many fell back.
    assert "2 adresser hittades bara genom länkar som sidornas skript skapade" in html
    assert "För 1 sida lästes i stället HTML-koden som servern skickade" in html


def test_every_url_is_accounted_for_once(crawl: tuple[Run, str]) -> None:
    run, base = crawl
    urls = [page["url"] for page in run.report()["pages"]]
    assert len(urls) == len(set(urls))
    assert {u.removeprefix(base) for u in urls} >= {
        "/",
        "/ren/",
        "/bara-skript/",
        "/skugga/",
        "/lamnar/",
        "/via-html/",
    }
