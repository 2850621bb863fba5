"""The report as a document: the site's name in its heading and <title>, and its print.

The name is a view-model value (``reports.sections.site``), one host or a count, never a
list of start URLs. The print rules are checked in the report's own <style>, and once in
real Chromium: printed to PDF without JavaScript, the first page names the site and the
date, and the content of closed <details> is printed.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from audits.model import RunInfo
from reports.reporters.files import write_reports
from reports.reporters.htmlreport import render_html
from reports.sections.site import site_name
from reports.view import build_view
from tests.test_reports import CHROMEDRIVER, CHROMIUM, PAGES, RULES, RUN, chromium_driver

PDFTOTEXT = shutil.which("pdftotext")


def _run(start_urls: list[str], *, fixed: bool = False, site: str | None = None) -> RunInfo:
    return RunInfo(
        id=3,
        site=", ".join(start_urls) if site is None else site,
        started="2026-05-04T02:00:00+02:00",
        finished="2026-05-04T02:14:09+02:00",
        tool_version="0.1.0",
        axe_version="4.14.1",
        browser_version="156.0",
        settings={"start_urls": start_urls, "fixed_urls": fixed},
    )


class _Heads(HTMLParser):
    """The text of the report's <title> and <h1>, and of its <style> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.text: dict[str, str] = {"title": "", "h1": "", "style": ""}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.text:
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open:
            self.text[self._open[-1]] += data


def _heads(html: str) -> dict[str, str]:
    parser = _Heads()
    parser.feed(html)
    return parser.text


THOUSAND = [f"https://www.alvbyn.se/sida-{n}" for n in range(1000)]


@pytest.mark.parametrize(
    ("start_urls", "fixed", "name"),
    [
        (["https://www.alvbyn.se/"], False, "www.alvbyn.se"),
        (
            [
                "https://www.alvbyn.se/",
                "https://WWW.Alvbyn.se/nyheter",
                "https://www.alvbyn.se/sitemap.xml",
            ],
            False,
            "www.alvbyn.se",
        ),
        (["https://a.se/", "https://b.se/", "https://a.se/x"], False, "a.se och b.se"),
        (["https://a.se/", "https://b.se/", "https://c.se/"], False, "a.se, b.se och c.se"),
        ([f"https://{h}.se/" for h in "abcde"], False, "a.se, b.se, c.se och 2 till"),
        (
            ["http://127.0.0.1:8765/", "http://127.0.0.1:9000/"],
            False,
            "127.0.0.1:8765 och 127.0.0.1:9000",
        ),
        (THOUSAND, True, "1000 adresser från en lista"),
        (["https://www.alvbyn.se/", "https://annan.se/"], True, "2 adresser från en lista"),
        (["https://www.alvbyn.se/"], True, "1 adress från en lista"),
    ],
)
def test_site_name_is_a_host_or_a_count(start_urls: list[str], fixed: bool, name: str) -> None:
    assert site_name(start_urls, from_list=fixed) == name
    view = build_view(_run(start_urls, fixed=fixed), PAGES, RULES)
    assert view.site_name == name
    heads = _heads(render_html(view))
    assert heads["h1"] == f"Tillgänglighet och läsbarhet: {name}"
    assert heads["title"] == f"Tillgänglighet och läsbarhet – {name}"


def test_a_url_list_is_never_written_out_in_the_heading() -> None:
    html = render_html(build_view(_run(THOUSAND, fixed=True), PAGES, RULES))
    heads = _heads(html)
    assert "sida-" not in heads["h1"] + heads["title"] + heads["style"]
    assert len(heads["title"]) < 80


def test_an_older_store_without_start_urls_is_named_from_the_runs_site() -> None:
    assert RUN.settings.get("start_urls") is None
    assert build_view(RUN, PAGES, RULES).site_name == "kommun.example"
    older = _run([], site="https://a.se/, https://b.se/")
    assert build_view(older, PAGES, RULES).site_name == "a.se och b.se"


def test_owner_report_names_the_owner_and_the_site() -> None:
    owner = "ingen ägare"
    view = build_view(_run(["https://www.alvbyn.se/"]), PAGES, RULES, owner=owner)
    heads = _heads(render_html(view))
    assert heads["h1"] == f"Tillgänglighet och läsbarhet: {owner}"
    assert heads["title"] == f"Tillgänglighet och läsbarhet – {owner} – www.alvbyn.se"


def _block(css: str, prelude: str) -> str:
    """The body of the first ``prelude { … }`` block of ``css``, nested braces included."""
    start = css.index(prelude)
    opening = css.index("{", start)
    depth = 0
    for i in range(opening, len(css)):
        depth += {"{": 1, "}": -1}.get(css[i], 0)
        if depth == 0:
            return css[opening + 1 : i]
    raise AssertionError(f"{prelude} is not closed")


def _rule(css: str, selector: str) -> str:
    """The declarations of the rule whose selector list holds ``selector``."""
    uncommented = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", uncommented):
        if selector in (s.strip() for s in selectors.split(",")):
            return body
    raise AssertionError(f"no rule for {selector}")


@pytest.fixture(scope="module")
def style() -> str:
    # A start URL without a host is named as given: stored text, escaped in the CSS too.
    run = _run(["https://www.alvbyn.se/", 'x"\\</style>'])
    return _heads(render_html(build_view(run, PAGES, RULES)))["style"]


def test_report_css_has_the_print_rules(style: str) -> None:
    printed = _block(style, "@media print")
    assert "break-inside: avoid" in _rule(printed, "tr")
    assert "display: table-header-group" in _rule(printed, "thead")
    assert "content-visibility: visible" in _rule(printed, "details::details-content")
    assert "display: none" in _rule(printed, "nav.toc")
    assert "display: none" in _rule(printed, ".skip")
    external = _rule(printed, 'a[href^="http"]:not(.url)::after')
    assert 'content: " (" attr(href) ")"' in external
    assert "content: none" in _rule(printed, 'table a[href^="http"]::after')


def test_every_printed_page_has_the_site_and_the_date_in_its_header(style: str) -> None:
    pages = [_block(style[m.start() :], "@page") for m in re.finditer(r"@page\b", style)]
    headers = " ".join(
        _block(p, "@top-left") + _block(p, "@top-right") for p in pages if "content:" in p
    )
    assert "www.alvbyn.se och x" in headers
    assert '"granskad 2026-05-04 · sida " counter(page) " av " counter(pages)' in headers
    # Escaped, stored text can end neither the CSS string nor the <style> element.
    assert r"x\000022\00005c\00003c/style\00003e" in headers


NEEDS_PDF = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists() and PDFTOTEXT),
    reason="needs Debian chromium, chromium-driver and poppler-utils (pdftotext)",
)


def print_to_pdf(report: Path, pdf: Path) -> None:
    """Print ``report`` to ``pdf`` in real headless Chromium with JavaScript off."""
    with chromium_driver() as driver:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        driver.get(report.as_uri())
        printed = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    pdf.write_bytes(base64.b64decode(printed["data"]))


def _pdf_text(pdf: Path, *pages: str) -> str:
    assert PDFTOTEXT
    return subprocess.run(
        [PDFTOTEXT, *pages, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.browser
@NEEDS_PDF
def test_printed_report_names_the_site_and_date_and_prints_closed_sections(
    tmp_path: Path,
) -> None:
    report, _sidor = write_reports(RUN, PAGES, RULES, tmp_path, ["html"])
    pdf = tmp_path / "report.pdf"
    print_to_pdf(report, pdf)
    first = _pdf_text(pdf, "-f", "1", "-l", "1")
    assert "Tillgänglighet och läsbarhet: kommun.example" in first
    assert "granskad 2026-05-04 · sida 1 av" in first  # the page header
    assert "Hoppa till innehållet" not in first
    # Without JavaScript every closed <details> prints its content: each example's selector.
    everything = _pdf_text(pdf)
    html = report.read_text(encoding="utf-8")
    assert everything.count("Väljare:") == html.count("Väljare:") > 0
