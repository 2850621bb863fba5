"""Page content is untrusted: a hostile site audited for real, its reports opened in Chromium.

Every string the site controls (titles, URLs, alt texts, link texts, element snippets,
document names, text) tries to run script that calls a canary server, sets
``window.__pwned`` and opens an alert. The reports (report.html, one owner's report.html,
report.json, findings.csv) are opened as files in real headless Chromium: the canary
gets nothing, no alert opens, ``__pwned`` stays undefined, and the hostile strings are
in the page as text. The HTML report is also checked in its DOM, so the proof does not
rest on the Content-Security-Policy alone: no element from page content, no event
handler, and no link that is not http(s) or within the report.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from crawler.browser.launch import CHROMEDRIVER, CHROMIUM, CHROMIUM_FLAGS, LOOPBACK_ONLY_FLAG
from crawler.localserver import SiteServer
from reports.reporters.textreport import plain
from reports.store import STORE_NAME
from tests.conftest import HTML, REPO, Run, html_page
from tests.test_documents import FONT, build_pdf, pdf_string, stream, text_content

pytestmark = [pytest.mark.browser]


class _Canary(BaseHTTPRequestHandler):
    server: Canary

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


class Canary(ThreadingHTTPServer):
    """Counts every request: any of them means page content ran as script."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Canary)
        self.hits: list[str] = []
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return int(self.server_address[1])


@pytest.fixture
def canary() -> Iterator[Canary]:
    server = Canary()
    yield server
    server.shutdown()
    server.server_close()


def payloads(port: int) -> dict[str, str]:
    js = f"fetch('http://127.0.0.1:{port}/x');window.__pwned=1;alert(1)"
    return {
        "title": f"</title><script>{js}</script>",
        "attribute": f"\"'><img src=x onerror={js}>",
        "svg": f"<svg onload={js}>",
        "javascript": f"javascript:{js}",
        "data": f"data:text/html,<script>{js}</script>",
        "script": f"<script>{js}</script>",
        # a spreadsheet runs a cell that starts with "=" (a broken link's text starts one)
        "formula": f'=HYPERLINK("http://127.0.0.1:{port}/x";"Öppna")',
    }


def hostile_pdf(title: str) -> bytes:
    content = text_content(["Taxa"])
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            stream(content),
            FONT,
            b"<< /Title " + pdf_string(title) + b" >>",
        ],
        info=6,
    )


def hostile_site(p: dict[str, str]) -> dict[str, tuple[bytes, str]]:
    """Pages whose strings carry the payloads; none runs when the site itself is loaded."""
    t, a, s = escape(p["title"]), escape(p["attribute"]), escape(p["svg"])
    text = (
        f"<p>Kommunen skriver {escape(p['script'])} i en mening om bygglov och avgifter. "
        "Här finns fler ord så att texten får ett läsbarhetsvärde för rapporten, med "
        "information om handläggning, tider, avgifter och hur du ansöker om lov.</p>"
    )
    start = html_page(t, text + (
        "<p>"
        f"<a href='/bilder'>{a}</a> "
        f"<a href='/saknas'>{s}</a> "
        f"<a href='/saknas-ocksa'>{escape(p['formula'])}</a> "
        # links without a name: axe-core reports them, quoting the href
        f"<a href=\"{escape(p['javascript'])}\"></a> "
        f"<a href=\"{escape(p['data'])}\"></a> "
        "<a href='/sok?q=%22%27%3E%3Csvg%20onload%3Dalert(1)%3E'>Sök</a> "
        "<a href='/dokument/taxa%22%27%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E.pdf'>Taxa</a>"
        "</p>"
        f"<img src='/saknas.png' data-x=\"{escape(p['script'])}\" data-y=\"{a}\">"
        f"<a href='/bilder'><img src='/saknas.png' alt=\"{a}\"></a>"
    ))
    pages = {
        "/": (start, HTML),
        "/bilder": (html_page(a, f"<p>{s}</p><img src='/x.png' alt=\"{s}\">"), HTML),
        "/sok": (html_page(s, "<p>Sökresultat</p>"), HTML),
        # as Scrapy asks for it (w3lib's canonical form)
        "/dokument/taxa%22'%3E%3Cimg%20src=x%20onerror=alert(1)%3E.pdf": (
            hostile_pdf(p["attribute"]), "application/pdf"),
    }
    return pages


def _browser(profile: Path) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*CHROMIUM_FLAGS, LOOPBACK_ONLY_FLAG, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    # Leave any alert open, so the test can see it.
    options.set_capability("unhandledPromptBehavior", "ignore")
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


@pytest.fixture
def chromium() -> Iterator[webdriver.Chrome]:
    profile = Path(tempfile.mkdtemp(prefix="klarsyn-test-profile-"))
    driver = _browser(profile)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _open(driver: webdriver.Chrome, path: Path) -> str:
    """Open a report file; return its text (closed <details> too) once scripts had time."""
    driver.get(path.as_uri())
    # An asynchronous handler (an image's onerror, a fetch) has its turn before this returns.
    driver.execute_async_script("setTimeout(arguments[0], 300)")
    try:
        alert = driver.switch_to.alert.text
    except NoAlertPresentException:
        alert = None
    assert alert is None, f"{path.name} opened an alert: {alert!r}"
    assert driver.execute_script("return typeof window.__pwned") == "undefined", path.name
    return str(driver.execute_script("return document.documentElement.textContent"))


def _check_html_dom(driver: webdriver.Chrome, name: str) -> None:
    """What escaping must give, whatever the CSP would have blocked."""
    scripts = driver.find_elements(By.TAG_NAME, "script")
    assert len(scripts) == 1, f"{name}: a script element from page content"
    for tag in ("img", "iframe", "object", "embed", "form", "base", "meta[http-equiv=refresh]"):
        assert driver.find_elements(By.CSS_SELECTOR, tag) == [], f"{name}: a <{tag}>"
    # svg: only our own charts (class "chart"), never one from page content.
    for svg in driver.find_elements(By.TAG_NAME, "svg"):
        assert svg.get_attribute("onload") is None, name
    handlers = driver.execute_script(
        "return [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
        ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))")
    assert handlers == [], f"{name}: event handler attributes {handlers}"
    hrefs = driver.execute_script(
        "return [...document.querySelectorAll('[href]')].map(e => e.getAttribute('href'))")
    # Within the report: an anchor, or a file of the report's folder (report.html, sidor/).
    local = re.compile(r"(\.\./report\.html|(sidor/)?[a-z0-9-]+\.html)?(#[\w-]+)?")
    bad = [h for h in hrefs
           if not h.startswith(("http://", "https://")) and not local.fullmatch(h)]  # fmt: skip
    assert bad == [], f"{name}: links that are not http(s) or within the report: {bad}"


def test_hostile_page_content_never_acts_in_any_report(
    klarsyn: Callable[..., Run], tmp_path: Path, canary: Canary, chromium: webdriver.Chrome,
) -> None:
    p = payloads(canary.port)
    config = tmp_path / "klarsyn.toml"
    config.write_text('[[owner]]\nname = "Kultur"\npatterns = ["/"]\n', encoding="utf-8")
    site = SiteServer(hostile_site(p)).start()
    try:
        run = klarsyn("audit", site.base_url + "/", "--loopback-only", "--config", str(config))
        owner = klarsyn("report", str(tmp_path / "out" / STORE_NAME), "--owner", "Kultur",
                        "--out", str(tmp_path / "agare"))
        # A second run with a new fault whose snippet carries terminal escapes, for diff.
        body, kind = site.files["/"]
        site.files = {**site.files, "/": (body.replace(b"</main>", ESCAPES + b"</main>"), kind)}
        again = klarsyn("audit", site.base_url + "/", "--loopback-only", "--config",
                        str(config))
    finally:
        site.stop()
    assert run.code in (0, 1, 2), run.stderr
    assert "Traceback" not in run.stderr + owner.stderr + again.stderr
    assert (run.out / "report.html").is_file(), run.stderr
    assert (tmp_path / "agare" / "report.html").is_file(), owner.stderr
    canary.hits.clear()  # the audit's own browser may have met the site's pages; not counted

    # The hostile strings are stored: the test cannot pass by dropping them.
    report = run.report()
    titles = {page["title"] for page in report["pages"]}
    assert p["title"] in titles
    assert p["attribute"] in titles
    snippets = " ".join(f["snippet"] for page in report["pages"] for f in page["findings"])
    # axe-core quotes elements as Chromium serialises them (< and > in attributes as
    # entities, which the reports must show as typed, not decode); the PDF's title and
    # a link text reach klarsyn's own findings raw.
    quoted = "data-x=\"&lt;script&gt;fetch("
    assert quoted in snippets
    assert f'<a href="{p["javascript"]}"></a>' in snippets
    assert f"titel ”{p['attribute']}”" in snippets
    assert f"{p['svg']} →" in snippets

    shown: dict[str, str] = {}
    for name, folder in (("report.html", run.out), ("owner report.html", tmp_path / "agare")):
        # The report is report.html and the files of sidor/ beside it: each opened, each
        # checked; what a name shows is all of its files' text.
        texts = []
        for path in (folder / "report.html", *sorted((folder / "sidor").glob("*.html"))):
            texts.append(_open(chromium, path))
            _check_html_dom(chromium, f"{name}: {path.name}")
        shown[name] = "\n".join(texts)
    shown["report.json"] = _open(chromium, run.out / "report.json")
    # Chromium downloads a .csv instead of showing it; the same bytes as text/plain.
    as_text = tmp_path / "findings.csv.txt"
    shutil.copyfile(run.out / "findings.csv", as_text)
    shown["findings.csv"] = _open(chromium, as_text)

    assert canary.hits == [], f"page content ran as script: {canary.hits}"
    for name in ("report.html", "owner report.html"):
        assert p["title"] in shown[name], name
        assert p["attribute"] in shown[name], name
        assert p["svg"] in shown[name], name
        assert quoted in shown[name], name
        assert p["javascript"] in shown[name], name
    # JSON and CSV write a quote doubled or escaped; what follows it is verbatim.
    assert p["title"].replace("'", "\\'")[:20] in shown["report.json"].replace("\\/", "/")
    assert "'><img src=x onerror=fetch(" in shown["report.json"]
    assert quoted.replace('"', '""') in shown["findings.csv"]
    assert "'><img src=x onerror=fetch(" in shown["findings.csv"]

    # In a spreadsheet: no cell starts a formula; the link text is kept behind an apostrophe.
    with (run.out / "findings.csv").open(encoding="utf-8-sig", newline="") as handle:
        cells = [c for row in csv.reader(handle, delimiter=";") for c in row]
    assert [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))] == []
    assert any(c.startswith("'" + p["formula"]) for c in cells)


    # klarsyn history and diff: the new fault is listed, its escapes are not.
    store = str(tmp_path / "out" / STORE_NAME)
    # This tree's klarsyn, as the klarsyn fixture starts it, not an installed one.
    env = dict(os.environ, PYTHONPATH=str(REPO))
    history = subprocess.run([sys.executable, "-m", "klarsyn", "history", store],
                             capture_output=True, text=True, check=False, cwd=tmp_path, env=env)
    diff = subprocess.run([sys.executable, "-m", "klarsyn", "diff", "1", "2", "--db", store],
                          capture_output=True, text=True, check=False, cwd=tmp_path, env=env)
    assert history.returncode == 0, history.stderr
    assert diff.returncode == 0, diff.stderr
    assert 'data-esc="' in diff.stdout  # the new fault's snippet is there
    for out in (history.stdout, diff.stdout):
        assert not _TERMINAL_CONTROL.search(out)
        assert "[2J" not in out
        assert "]0;" not in out


# An element with an ESC sequence (clear screen, set the window title, bell) and a bidi
# override in an attribute: axe-core reports it (an image without alt) with its snippet.
ESCAPES = (b"<img src='/ny.png' data-esc='&#27;[2J&#27;]0;pwned&#7;&#x202e;exe.txt'>")
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_terminal_text_loses_escape_sequences_but_keeps_the_text() -> None:
    hostile = "http://x/\x1b]0;pwned\x07\x1b[2J\x1b[31mröd\u202etxt.exe\x9b31m"
    assert plain(hostile) == "http://x/röd txt.exe"
