"""Speed of the text audits (extraction, readability, klarspråk) against the browser stage.

    .venv/bin/python bench/bench_text.py [--pages 10000] [--browser-sample 40] [--browsers 2]

Builds N pages of Swedish municipal HTML from the bundled demo site (each page
varied so no two are the same text), runs the crawl's text audit on each
(``extract_page`` + ``audit_text``) in one process, and prints pages per second.
Then audits a sample of demo pages in a pool of real headless Chromium browsers
(axe-core, as in an audit) and prints that stage's pages per second and the ratio:
the text audits must never be the bottleneck.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audits.axe import run_options  # noqa: E402 - after the path set-up above
from audits.extract import extract_page  # noqa: E402
from audits.model import TextBlock  # noqa: E402
from audits.sitetext import audit_text  # noqa: E402
from crawler.browser.chromium import ChromiumBrowser  # noqa: E402
from crawler.browser.pool import BrowserPool  # noqa: E402
from crawler.browser.scripts import AxeAssets  # noqa: E402
from crawler.demo import build_site, html_pages  # noqa: E402
from crawler.localserver import serve  # noqa: E402

PLACES = ("Älvbyn", "Norrby", "Strandvik", "Åsen", "Lilla Edet", "Granbacka", "Östra Holm")


def demo_pages() -> list[tuple[str, str]]:
    """The demo's pages, less the documents its frames embed."""
    return [(path, html) for path, html in html_pages() if not path.startswith("/inbaddat/")]


def varied(html: str, n: int) -> str:
    """The page with its numbers and a place name changed, so each copy is new text."""
    html = re.sub(r"\b\d{2,4}\b", lambda m: str((int(m.group()) + n) % 10_000), html)
    return html.replace("Älvbyn", PLACES[n % len(PLACES)])


def bench_text(pages: list[tuple[str, str]], count: int) -> tuple[float, int]:
    corpus = [varied(pages[n % len(pages)][1], n) for n in range(count)]
    words = 0
    started = time.perf_counter()
    for html in corpus:
        page = extract_page(html)
        blocks = tuple(TextBlock(b.kind, b.text) for b in page.blocks)
        readability, _ = audit_text(blocks, page.lang, 50)
        words += readability.words
    return time.perf_counter() - started, words


def bench_browser(pages: list[tuple[str, str]], sample: int, browsers: int) -> float:
    server = serve(build_site)
    try:
        assets = AxeAssets.load(ROOT / "node_modules" / "axe-core")
        options = run_options()
        pool = BrowserPool(lambda: ChromiumBrowser(assets, options, loopback_only=True), browsers)
        urls = [server.base_url + path for path, _ in pages][:sample]
        with ThreadPoolExecutor(browsers) as threads:
            list(threads.map(pool.audit, urls[:browsers]))  # start the browsers first
            started = time.perf_counter()
            list(threads.map(pool.audit, urls))
            elapsed = time.perf_counter() - started
        pool.close()
        return len(urls) / elapsed
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--browser-sample", type=int, default=40)
    parser.add_argument("--browsers", type=int, default=2)
    args = parser.parse_args()
    pages = demo_pages()
    audit_text((TextBlock("p", "Värm upp ordlistorna."),), "sv", 1)  # load word lists once
    seconds, words = bench_text(pages, args.pages)
    text_rate = args.pages / seconds
    print(
        f"text audits: {args.pages} pages, {words} words in {seconds:.1f} s "
        f"= {text_rate:.0f} pages/s ({words / seconds:,.0f} words/s), one process"
    )
    if args.browser_sample:
        browser_rate = bench_browser(pages, args.browser_sample, args.browsers)
        print(
            f"browser stage: {args.browser_sample} pages with {args.browsers} Chromium "
            f"= {browser_rate:.1f} pages/s"
        )
        print(
            f"ratio: the text audits are {text_rate / browser_rate:.0f}x faster than the "
            "browser stage"
        )


if __name__ == "__main__":
    main()
