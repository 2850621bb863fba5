"""The report's "Resurser från andra webbplatser": per site and per page, from stored pages."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from audits.model import PageResult, PageStatus, RunInfo
from crawler.localserver import SiteServer
from reports.reporters.files import write_reports
from reports.reporters.jsonreport import report_json
from reports.sections.thirdparty import third_party_view
from reports.view import build_view
from tests.conftest import HTML, Run, html_page
from tests.htmlfiles import render_all

SITE = "https://www.kommun.example"
HOSTILE_HOST = "evil.example\"><script>alert(1)</script>"


def _page(path: str, hosts: list[str] | None, blocked: bool = False) -> PageResult:
    facts: dict[str, object] = {}
    if hosts is not None:
        facts = {"third_party_hosts": hosts, "third_party_blocked": blocked}
    return PageResult(url=f"{SITE}{path}", status=PageStatus.AUDITED, http_status=200,
                      content_type="text/html", title=f"Sida {path}", facts=facts)


PAGES = [
    _page("/", ["cookies.leverantor.example", "karta.example:8443"]),
    _page("/bygga", ["cookies.leverantor.example", "video.example"]),
    _page("/skola", ["cookies.leverantor.example"]),
    _page("/kontakt", ["cookies.leverantor.example", "karta.example:8443"]),
    _page("/om", []),
    _page("/gammal", None),  # stored before the browser recorded hosts
]
RUN = RunInfo(1, SITE, "2026-05-01T02:00:00+02:00", "2026-05-01T02:10:00+02:00", "0.1.0",
              "4.14.1", "156.0")


def test_hosts_are_counted_per_page_most_pages_first_with_a_few_examples() -> None:
    view = third_party_view(PAGES, {p.url: f"sida-{n}" for n, p in enumerate(PAGES)})
    assert [(h.host, h.pages) for h in view.hosts] == [
        ("cookies.leverantor.example", 4), ("karta.example:8443", 2), ("video.example", 1)]
    assert view.pages == 4
    assert view.blocked_pages == 0
    cookies = view.hosts[0]
    assert [e.page.text for e in cookies.examples] == [
        f"{SITE}/", f"{SITE}/bygga", f"{SITE}/kontakt"]
    assert not cookies.blocked


def test_a_host_is_blocked_only_when_it_was_blocked_on_every_page() -> None:
    view = third_party_view([_page("/a", ["x.example"], blocked=True),
                             _page("/b", ["x.example", "y.example"], blocked=False),
                             _page("/c", ["y.example"], blocked=True)], {})
    assert {h.host: h.blocked for h in view.hosts} == {"x.example": False, "y.example": False}
    view = third_party_view([_page("/a", ["x.example"], blocked=True)], {})
    assert view.hosts[0].blocked
    assert view.blocked_pages == 1


def test_the_html_report_explains_and_lists_them_per_site_and_per_page() -> None:
    html = render_all(build_view(RUN, PAGES, {}))
    assert "Resurser från andra webbplatser" in html
    assert "rättas av leverantören" in html
    row = '<th scope="row" class="url">cookies.leverantor.example</th><td class="num">4</td>'
    assert row in html
    # per page: the page's own hosts
    assert "<dd>cookies.leverantor.example, video.example (<a " in html


def test_a_host_name_from_a_page_is_text_and_never_a_link() -> None:
    html = render_all(build_view(RUN, [_page("/", [HOSTILE_HOST])], {}))
    assert "<script>alert(1)" not in html
    assert "evil.example&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="evil' not in html


def test_report_json_has_the_site_summary_and_each_pages_hosts(tmp_path: Path) -> None:
    data = report_json(RUN, PAGES)
    assert data["third_party"][0] == {
        "host": "cookies.leverantor.example", "pages": 4, "blocked": False,
        "examples": [f"{SITE}/", f"{SITE}/bygga", f"{SITE}/kontakt"]}
    pages = {p["url"]: p for p in data["pages"]}  # type: ignore[attr-defined]
    assert pages[f"{SITE}/bygga"]["third_party"] == {
        "hosts": ["cookies.leverantor.example", "video.example"], "blocked": False}
    assert pages[f"{SITE}/gammal"]["third_party"] == {"hosts": [], "blocked": False}
    written = write_reports(RUN, PAGES, {}, tmp_path, ("json",))
    assert json.loads(written[0].read_text(encoding="utf-8"))["third_party"][2]["host"] == (
        "video.example")


def test_without_other_hosts_the_section_says_so() -> None:
    html = render_all(build_view(RUN, [_page("/", [])], {}))
    assert "Inga granskade sidor hämtade resurser från andra webbplatser." in html


@pytest.mark.browser
def test_a_real_crawl_reports_the_other_host_its_pages_load_from(
    klarsyn: Callable[..., Run], serve: Callable[..., SiteServer],
) -> None:
    other = serve({"/karta.png": (b"\x89PNG\r\n\x1a\n", "image/png"),
                   "/banner.js": (b"window.banner = 1;", "text/javascript")})
    o = other.base_url
    site = serve({
        "/": (html_page("Start", f"<p><a href='/karta'>Karta</a></p><script src='{o}/banner.js'>"
                        "</script>"), HTML),
        "/karta": (html_page("Karta", f"<img src='{o}/karta.png' alt='Karta över centrum'>"),
                   HTML),
    })
    run = klarsyn("audit", site.base_url + "/", "--loopback-only")
    assert run.code in (0, 2), run.stderr
    host = o.removeprefix("http://")
    summary = run.report()["third_party"]
    assert [(h["host"], h["pages"], h["blocked"]) for h in summary] == [(host, 2, False)]
    assert run.pages()[site.base_url + "/karta"]["third_party"] == {
        "hosts": [host], "blocked": False}
    html = (run.out / "report.html").read_text(encoding="utf-8")
    assert f'<th scope="row" class="url">{host}</th><td class="num">2</td>' in html
