"""Whole crawls with real Scrapy, real Chromium and a real SQLite store, on 127.0.0.1."""

from __future__ import annotations

import gzip
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.localserver import Files, SiteServer
from reports.store import SCHEMA_VERSION
from tests.conftest import HTML, LoggedFiles, Run, html_page

pytestmark = [pytest.mark.browser]


def _site(base: str, other: str) -> Files:
    """A small site: sitemap index with a gzipped child, robots.txt, a trap of links."""
    index = (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"<sitemap><loc>{base}/sitemap-sidor.xml.gz</loc></sitemap></sitemapindex>"
    )
    child = (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"<url><loc>{base}/bara-i-sitemap/</loc></url>"
        f"<url><loc>{base}/</loc></url></urlset>"
    )
    start = html_page(
        "Startsida",
        "<p>Välkommen.</p><ul>"
        "<li><a href='/om/#kontakt'>Om kommunen</a></li>"
        "<li><a href='/om/'>Om kommunen igen</a></li>"
        "<li><a href='/nyheter/?b=2&amp;a=1&amp;utm_source=nyhetsbrev'>Nyheter</a></li>"
        "<li><a href='/nyheter/?a=1&amp;b=2'>Nyheter sorterade</a></li>"
        "<li><a href='/taxa.pdf'>Taxa (pdf)</a></li>"
        "<li><a href='/finns-inte/'>Gammal sida</a></li>"
        "<li><a href='/intern/lista/'>Intern lista</a></li>"
        f"<li><a href='{other}/annan-sajt/'>Annan webbplats</a></li>"
        "<li><a href='mailto:info@example.se'>E-post</a></li>"
        "</ul>",
    )
    return {
        "/": (start, HTML),
        "/om/": (html_page("Om kommunen", "<p><a href='/om/djup/'>Djupare</a></p>"), HTML),
        "/om/djup/": (html_page("Djupare", "<img src='/bild.png'>"), HTML),
        "/nyheter/": (html_page("Nyheter", "<p>Inga nyheter.</p>"), HTML),
        "/bara-i-sitemap/": (html_page("Bara i sitemap", "<p>Hittas via sitemap.</p>"), HTML),
        "/intern/lista/": (html_page("Intern", "<p>Hemligt.</p>"), HTML),
        "/taxa.pdf": (b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        "/robots.txt": (
            f"User-agent: *\nDisallow: /intern/\nSitemap: {base}/sitemap.xml\n".encode(),
            "text/plain",
        ),
        "/sitemap.xml": (index.encode(), "application/xml"),
        "/sitemap-sidor.xml.gz": (gzip.compress(child.encode()), "application/gzip"),
    }


@pytest.fixture
def site(serve: Callable[[Files], SiteServer]) -> tuple[SiteServer, SiteServer]:
    other = serve({"/annan-sajt/": (html_page("Annan", "<p>Annan.</p>"), HTML)})
    main = serve({})
    main.files = _site(main.base_url, other.base_url)
    return main, other


def test_every_url_met_ends_in_the_ledger_with_its_outcome(
    site: tuple[SiteServer, SiteServer], klarsyn: Callable[..., Run]
) -> None:
    main, other = site
    base = main.base_url
    run = klarsyn("audit", base + "/", "--loopback-only")
    assert run.code == 2, run.stderr  # the image without alt is a violation
    pages = run.pages()
    outcome = {url: (p["outcome"], p["reason"]) for url, p in pages.items()}
    assert outcome == {
        f"{base}/": ("audited", ""),
        f"{base}/om/": ("audited", ""),
        f"{base}/om/djup/": ("audited", ""),
        f"{base}/nyheter/?a=1&b=2": ("audited", ""),
        f"{base}/bara-i-sitemap/": ("audited", ""),
        f"{base}/taxa.pdf": ("skipped", "not_html"),
        f"{base}/finns-inte/": ("failed", "http_404"),
        f"{base}/intern/lista/": ("skipped", "robots_txt"),
        f"{other.base_url}/annan-sajt/": ("skipped", "out_of_scope"),
    }
    assert pages[f"{base}/finns-inte/"]["referrer"] == f"{base}/"
    assert pages[f"{base}/finns-inte/"]["status"] == 404
    assert pages[f"{base}/taxa.pdf"]["content_type"] == "application/pdf"
    assert pages[f"{base}/taxa.pdf"]["status"] == 200
    assert pages[f"{base}/om/djup/"]["depth"] == 2
    djup = pages[f"{base}/om/djup/"]["findings"]
    assert [(f["rule"], f["outcome"], f["selector"]) for f in djup] == [
        ("image-alt", "violation", "img")
    ]


def test_budget_depth_and_patterns_are_recorded_as_skips(
    site: tuple[SiteServer, SiteServer], klarsyn: Callable[..., Run]
) -> None:
    main, _ = site
    base = main.base_url
    run = klarsyn(
        "audit", base + "/", "--loopback-only", "--max-depth", "1", "--exclude", "/nyheter/"
    )
    pages = run.pages()
    assert pages[f"{base}/om/djup/"]["outcome"] == "skipped"
    assert pages[f"{base}/om/djup/"]["reason"] == "max_depth"
    assert pages[f"{base}/nyheter/?a=1&b=2"]["reason"] == "excluded"
    assert run.code == 0, run.stderr  # the faulty page was beyond the depth limit

    budget = klarsyn(
        "audit", base + "/", "--loopback-only", "--max-pages", "2", out=run.out.parent / "budget"
    )
    reasons = [p["reason"] for p in budget.report()["pages"]]
    fetched = [p for p in budget.report()["pages"] if p["status"] is not None]
    assert len(fetched) == 2
    assert "budget" in reasons


def test_fixed_url_list_audits_exactly_those_urls(
    site: tuple[SiteServer, SiteServer], klarsyn: Callable[..., Run], tmp_path: Path
) -> None:
    main, _ = site
    listing = tmp_path / "urval.txt"
    listing.write_text(f"# urval\n{main.base_url}/om/\n\n{main.base_url}/nyheter/\n")
    run = klarsyn("audit", "--urls", str(listing), "--loopback-only")
    assert run.code == 0, run.stderr
    assert sorted(run.pages()) == [f"{main.base_url}/nyheter/", f"{main.base_url}/om/"]
    assert all(p["outcome"] == "audited" for p in run.report()["pages"])


def test_the_store_holds_run_metadata_and_every_page(
    site: tuple[SiteServer, SiteServer], klarsyn: Callable[..., Run]
) -> None:
    main, _ = site
    run = klarsyn("audit", main.base_url + "/", "--loopback-only", "--format", "json")
    assert not (run.out / "report.html").exists()
    db = sqlite3.connect(run.out / "klarsyn.sqlite")
    version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert version == (str(SCHEMA_VERSION),)
    started, finished, axe, browser, partial = db.execute(
        "SELECT started, finished, axe_version, browser_version, partial FROM runs"
    ).fetchone()
    assert started <= finished
    assert axe == "4.14.1"
    assert browser.split(".")[0].isdigit()
    assert partial == 0
    assert db.execute("SELECT count(*) FROM pages").fetchone()[0] == len(run.pages())
    assert db.execute("SELECT rule, snippet FROM findings WHERE source = 'axe'").fetchall() == [
        ("image-alt", '<img src="/bild.png">')
    ]
    report = run.report()
    assert report["axe_version"] == "4.14.1"
    assert report["browser_version"] == browser


def test_swedish_pages_in_legacy_encodings_are_read_right(
    serve: Callable[[Files], SiteServer], klarsyn: Callable[..., Run]
) -> None:
    text = "Förskolan på Åsen har öppet året runt. Välkommen hit med ditt barn."
    latin1 = html_page("Förskola i Åsen", f"<p>{text}</p>").replace(b"<meta charset='utf-8'>", b"")
    cp1252 = html_page("Avgift – 25 € i månaden", f"<p>{text}</p>").replace(
        b"<meta charset='utf-8'>", b"<meta charset='windows-1252'>"
    )
    site = serve(
        {
            "/": (html_page("Start", "<a href='/latin1/'>A</a> <a href='/cp1252/'>B</a>"), HTML),
            "/latin1/": (latin1.decode().encode("iso-8859-1"), "text/html; charset=iso-8859-1"),
            "/cp1252/": (cp1252.decode().encode("cp1252"), "text/html"),
        }
    )
    run = klarsyn("audit", site.base_url + "/", "--loopback-only", "--format", "json")
    pages = run.pages()
    latin = pages[site.base_url + "/latin1/"]
    assert latin["title"] == "Förskola i Åsen"
    assert [b["text"] for b in latin["text"]] == ["Förskola i Åsen", text]
    windows = pages[site.base_url + "/cp1252/"]
    assert windows["title"] == "Avgift – 25 € i månaden"
    assert [b["text"] for b in windows["text"]][1] == text


def test_robots_txt_is_fetched_once_and_its_sitemaps_are_read(
    serve: Callable[[Files], SiteServer], klarsyn: Callable[..., Run]
) -> None:
    main = serve({})
    base = main.base_url
    karta = (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"<url><loc>{base}/bara-i-kartan/</loc></url></urlset>"
    )
    files = LoggedFiles(
        {
            "/": (html_page("Start", "<p><a href='/stangd/'>Stängd</a></p>"), HTML),
            "/bara-i-kartan/": (html_page("Bara i kartan", "<p>Hittas via kartan.</p>"), HTML),
            "/stangd/": (html_page("Stängd", "<p>Får inte hämtas.</p>"), HTML),
            # The sitemap is named only here (and relative): robots.txt must be read for it.
            "/robots.txt": (
                b"User-agent: *\nDisallow: /stangd/\nSitemap: /karta.xml\n",
                "text/plain",
            ),
            "/karta.xml": (karta.encode(), "application/xml"),
        }
    )
    main.files = files
    run = klarsyn("audit", base + "/", "--loopback-only")
    assert run.code == 0, run.stderr
    pages = run.pages()
    assert pages[f"{base}/bara-i-kartan/"]["outcome"] == "audited"
    assert pages[f"{base}/bara-i-kartan/"]["found_by"] == "sitemap"
    assert (pages[f"{base}/stangd/"]["outcome"], pages[f"{base}/stangd/"]["reason"]) == (
        "skipped",
        "robots_txt",
    )
    assert files.asked.count("/robots.txt") == 1
    assert "/stangd/" not in files.asked
