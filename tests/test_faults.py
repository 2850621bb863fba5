"""Fetch-side faults and traps: one real crawl of the fault server, every outcome asserted.

The crawl runs once per module (``hostile``) through the ``klarsyn`` command in a
subprocess, with real Scrapy and real Chromium on 127.0.0.1; each test reads its
fault's ledger row and the server's request log. Limits are small so the crawl is:
``download_timeout = 2`` (the slow page sleeps 6 s) and ``max_query_variants = 3``.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from audits.model import Reason
from crawler.politeness import retry_after_seconds
from crawler.scope import MAX_SEGMENT_REPEATS, Traps, looks_like_logout
from crawler.spiders.site import looks_like_text
from tests.conftest import REPO, Run
from tests.faultserver import CP1252_EXTRA, FAULT_LINKS, LOGOUT_PATHS, SWEDISH, FaultServer, Hit

OUTCOMES = {"audited", "failed", "skipped"}


def from_crawler(hit: Hit) -> bool:
    """Requests Scrapy sent (the browser's have Chromium's User-Agent)."""
    return "klarsyn" in hit.headers.get("User-Agent", "")


def audit(out: Path, *args: str) -> Run:
    """``klarsyn audit`` in a subprocess, like the ``klarsyn`` fixture, for a shared crawl."""
    argv = [sys.executable, "-m", "klarsyn", "audit", *args, "--out", str(out)]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(argv, capture_output=True, text=True, timeout=600, cwd=out.parent,
                          env=env, check=False)
    return Run(done.returncode, done.stderr, out)


class Hostile:
    """The shared crawl: the fault server, the other host, and the run."""

    def __init__(self, site: FaultServer, other: FaultServer, run: Run) -> None:
        self.site, self.other, self.run = site, other, run
        self.pages: dict[str, dict[str, Any]] = run.pages()

    def row(self, path: str) -> dict[str, Any]:
        return self.pages[self.site.base_url + path]

    def outcome(self, path: str) -> tuple[str, str]:
        row = self.row(path)
        return row["outcome"], row["reason"]

    def crawler_paths(self) -> list[str]:
        return self.site.paths(from_crawler)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    tmp = tmp_path_factory.mktemp("hostile")
    config = tmp / "klarsyn.toml"
    config.write_text("[audit]\ndownload_timeout = 2\nmax_query_variants = 3\n")
    with FaultServer() as other, FaultServer(other=other, slow_seconds=6,
                                             mount_browser_pages=False) as site:
        run = audit(tmp / "out", site.base_url + "/", "--loopback-only", "--config",
                    str(config), "--format", "json")
        yield Hostile(site, other, run)


# -- the whole ledger -----------------------------------------------------------------


@pytest.mark.browser
def test_every_url_met_is_in_the_ledger_exactly_once(hostile: Hostile) -> None:
    assert hostile.run.code in (1, 2), hostile.run.stderr  # failed pages: never a pass
    rows = hostile.run.report()["pages"]
    urls = [row["url"] for row in rows]
    assert len(urls) == len(set(urls))
    assert {row["outcome"] for row in rows} == OUTCOMES
    assert all(row["reason"] for row in rows if row["outcome"] != "audited")
    # Every fault the start page links is accounted for.
    for path in FAULT_LINKS:
        assert hostile.site.url(path) in hostile.pages or path == "/kalender?month=2026-11"
    assert hostile.outcome("/kalender?month=2026-11") == ("audited", "")


# -- fetch faults -----------------------------------------------------------------------


@pytest.mark.browser
def test_a_page_slower_than_the_download_timeout_fails_as_timeout(hostile: Hostile) -> None:
    assert hostile.outcome("/slow") == ("failed", Reason.TIMEOUT)
    assert hostile.crawler_paths().count("/slow") == 2  # retried once


@pytest.mark.browser
@pytest.mark.parametrize("code", [500, 503, 429])
def test_a_server_error_is_retried_once_then_failed_with_its_status(
    hostile: Hostile, code: int
) -> None:
    path = f"/status/{code}/99"
    assert hostile.outcome(path) == ("failed", f"http_{code}")
    assert hostile.row(path)["status"] == code
    assert hostile.crawler_paths().count(path) == 2


@pytest.mark.browser
@pytest.mark.parametrize("code", [503, 429])
def test_a_busy_server_that_recovers_on_the_retry_is_audited(hostile: Hostile, code: int) -> None:
    path = f"/status/{code}/1"
    assert hostile.outcome(path) == ("audited", "")
    assert hostile.row(path)["title"] == f"Åter efter {code}"
    assert hostile.crawler_paths().count(path) == 2


@pytest.mark.browser
def test_a_reset_connection_fails_as_connection(hostile: Hostile) -> None:
    assert hostile.outcome("/reset") == ("failed", Reason.CONNECTION)


@pytest.mark.browser
def test_a_redirect_chain_within_the_limit_is_followed_to_its_page(hostile: Hostile) -> None:
    row = hostile.row("/redirect/3")
    assert (row["outcome"], row["status"], row["title"]) == ("audited", 200, "Slutet på kedjan")
    assert row["final_url"] == hostile.site.base_url + "/redirect/0"


@pytest.mark.browser
def test_a_chain_longer_than_ten_redirects_fails_without_its_last_hops(hostile: Hostile) -> None:
    assert hostile.outcome("/redirect/15") == ("failed", Reason.TOO_MANY_REDIRECTS)
    chain = [p for p in hostile.crawler_paths() if p.startswith("/redirect/")]
    # /redirect/15 and its ten redirects; /redirect/4 (the 11th) is never asked for.
    assert [p for p in chain if int(p.rsplit("/", 1)[1]) >= 4] == [
        f"/redirect/{n}" for n in range(15, 4, -1)
    ]


@pytest.mark.browser
def test_a_redirect_loop_is_stopped_at_its_first_repeat(hostile: Hostile) -> None:
    assert hostile.outcome("/loop/a") == ("failed", Reason.REDIRECT_LOOP)
    loop = [p for p in hostile.crawler_paths() if p.startswith("/loop/")]
    assert loop == ["/loop/a", "/loop/b"]


@pytest.mark.browser
def test_a_50_mb_page_fails_as_too_large_and_is_not_read_to_its_end(hostile: Hostile) -> None:
    assert hostile.outcome("/stor") == ("failed", Reason.TOO_LARGE)
    # DOWNLOAD_MAXSIZE (25 MB) cancels the download: the server is stopped well short of 50 MB.
    assert 0 < hostile.site.big_sent < 40 * 1024 * 1024


@pytest.mark.browser
def test_binary_data_served_as_html_is_skipped_as_not_text(hostile: Hostile) -> None:
    assert hostile.outcome("/binar") == ("skipped", Reason.NOT_TEXT)
    assert hostile.row("/binar")["status"] == 200


@pytest.mark.browser
def test_malformed_html_is_still_audited(hostile: Hostile) -> None:
    row = hostile.row("/trasig")
    assert (row["outcome"], row["title"]) == ("audited", "Trasig sida")
    # Its link, inside a broken table, was still found and followed.
    assert hostile.outcome("/trasig-mal") == ("audited", "")


@pytest.mark.browser
def test_swedish_in_iso_8859_1_and_windows_1252_is_read_right(hostile: Hostile) -> None:
    latin = hostile.row("/latin1")
    assert latin["title"] == "Förskola i Åsen"
    assert SWEDISH in [block["text"] for block in latin["text"]]
    windows = hostile.row("/cp1252")
    assert windows["title"] == "Avgift – 25 € i månaden"
    assert [block["text"] for block in windows["text"]][1:] == [SWEDISH, CP1252_EXTRA]


# -- traps --------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize(
    ("audited", "trapped"),
    [
        (("/kalender?month=2026-10", "/kalender?month=2026-11", "/kalender?month=2026-12"),
         ("/kalender?month=2026-09", "/kalender?month=2027-01")),
        (("/sok?page=1", "/sok?page=2", "/sok?page=3"), ("/sok?page=4",)),
    ],
)
def test_query_traps_are_cut_off_after_max_query_variants(
    hostile: Hostile, audited: tuple[str, ...], trapped: tuple[str, ...]
) -> None:
    for path in audited:
        assert hostile.outcome(path) == ("audited", "")
    for path in trapped:
        assert hostile.outcome(path) == ("skipped", Reason.TRAP)
        assert path not in hostile.site.paths()


@pytest.mark.browser
def test_a_repeating_path_is_a_trap(hostile: Hostile) -> None:
    trap = "/upprepa" + "/a" * (MAX_SEGMENT_REPEATS + 1) + "/"
    assert hostile.outcome(trap) == ("skipped", Reason.TRAP)
    assert hostile.outcome("/upprepa" + "/a" * MAX_SEGMENT_REPEATS + "/") == ("audited", "")
    assert trap not in hostile.site.paths()


@pytest.mark.browser
def test_an_overlong_url_is_skipped_and_never_requested(hostile: Hostile) -> None:
    long = [url for url in hostile.pages if "/langt-mal" in url]
    assert len(long) == 1
    assert (hostile.pages[long[0]]["outcome"], hostile.pages[long[0]]["reason"]) == (
        "skipped", Reason.URL_TOO_LONG
    )
    assert not [p for p in hostile.site.paths() if p.startswith("/langt-mal")]


# -- what the crawler must never do -----------------------------------------------------


@pytest.mark.browser
def test_logout_links_are_skipped_and_never_requested(hostile: Hostile) -> None:
    logouts = [*LOGOUT_PATHS, "/konto/logga-ut?next=%2F", "/Logout.aspx", "/user/logoff",
               "/sign-out"]
    for path in logouts:
        assert hostile.outcome(path) == ("skipped", Reason.LOGOUT), path
    asked = hostile.site.paths()
    assert not [p for p in asked if looks_like_logout(p)]
    assert hostile.outcome("/mina-sidor/") == ("audited", "")  # account pages are fine


@pytest.mark.browser
def test_forms_are_never_submitted(hostile: Hostile) -> None:
    assert hostile.outcome("/formular") == ("audited", "")
    hits = hostile.site.hits
    assert not [hit for hit in hits if hit.method != "GET"]
    assert not [hit for hit in hits if hit.path.startswith("/skicka")]


@pytest.mark.browser
def test_links_to_another_host_are_recorded_but_never_requested(hostile: Hostile) -> None:
    other = hostile.other.base_url
    row = hostile.pages[f"{other}/annan-sida"]
    assert (row["outcome"], row["reason"], row["referrer"]) == (
        "skipped", Reason.OUT_OF_SCOPE, hostile.site.base_url + "/extern"
    )
    assert hostile.pages[f"{other}/annan-sida?fran=felservern"]["reason"] == Reason.OUT_OF_SCOPE
    assert hostile.other.hits == []


@pytest.mark.browser
def test_disallowed_pages_are_skipped_and_never_requested(hostile: Hostile) -> None:
    assert hostile.outcome("/privat/sida") == ("skipped", Reason.ROBOTS_TXT)
    assert not [p for p in hostile.site.paths() if p.startswith("/privat/")]


@pytest.mark.browser
def test_the_page_budget_holds_while_traps_are_present(klarsyn: Callable[..., Run]) -> None:
    with FaultServer(pages=50, mount_browser_pages=False,
                     faults=("/kalender?month=2026-11", "/sok?page=1", "/upprepa/")) as site:
        run = klarsyn("audit", site.base_url + "/", "--loopback-only", "--max-pages", "6",
                      "--format", "json")
        pages = run.report()["pages"]
        fetched = [p for p in pages if p["status"] is not None]
        assert len(fetched) == 6
        assert {p["reason"] for p in pages} >= {"budget"}
        page_requests = [p for p in site.paths(from_crawler)
                         if p not in ("/robots.txt", "/sitemap.xml")]
        assert len(page_requests) == 6
    assert run.code in (0, 2), run.stderr  # finished: no technical failure
    assert json.loads((run.out / "report.json").read_text())["partial"] is False


# -- the rules themselves (no crawl) ---------------------------------------------------


def test_text_is_told_from_binary_data() -> None:
    assert looks_like_text("<p>Förskolan på Åsen</p>".encode("cp1252"), "cp1252")
    assert looks_like_text("<p>“Avgift” – 25 €</p>".encode("cp1252"), "cp1252")
    assert looks_like_text(b"", "utf-8")
    assert not looks_like_text(b"<p>text\x00</p>", "utf-8")
    assert not looks_like_text(bytes(range(1, 32)) * 20 + b"<p>lite text</p>", "utf-8")
    # A Swedish UTF-8 page under a wrong charset is still text; random bytes are not,
    # even without a NUL.
    assert looks_like_text(("<p>" + "åäö ÅÄÖ " * 200 + "</p>").encode(), "ascii")
    noise = bytes(b for b in random.Random(7).randbytes(8192) if b)  # noqa: S311 - test data
    assert not looks_like_text(noise, "cp1252")
    assert not looks_like_text(noise, "utf-8")


@pytest.mark.parametrize(
    "url",
    [
        "https://kommun.se/logout", "https://kommun.se/Log-Out", "https://kommun.se/logoff",
        "https://kommun.se/signout", "https://kommun.se/sign-out/", "https://kommun.se/logga-ut",
        "https://kommun.se/loggaut", "https://kommun.se/logga_ut", "https://kommun.se/utloggning",
        "https://kommun.se/konto?action=logout", "https://kommun.se/Logout.aspx",
    ],
)
def test_logout_links_are_recognised(url: str) -> None:
    assert looks_like_logout(url)


@pytest.mark.parametrize(
    "url",
    ["https://kommun.se/blogout/", "https://kommun.se/login", "https://kommun.se/logga-in",
     "https://kommun.se/katalog-utbud", "https://kommun.se/utloggningsinfo"],
)
def test_ordinary_links_are_not_taken_for_logout(url: str) -> None:
    assert not looks_like_logout(url)


def test_trap_limits_count_query_variants_per_path() -> None:
    traps = Traps(max_query_variants=2, max_url_length=60)
    base = "https://kommun.se/kalender"
    assert traps.verdict(base) is None  # the bare path is not a variant
    assert [traps.verdict(f"{base}?m={m}") for m in range(4)] == [
        None, None, Reason.TRAP, Reason.TRAP
    ]
    assert traps.verdict("https://kommun.se/sok?q=1") is None  # another path, its own count
    assert traps.verdict("https://kommun.se/" + "x" * 60) is Reason.URL_TOO_LONG
    assert traps.verdict("https://kommun.se/a/b/a/b/a/b/a/") is Reason.TRAP
    assert traps.verdict("https://kommun.se/a/b/a/b/a/b/") is None


def test_retry_after_is_read_as_seconds_or_a_date() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Thu, 26 Nov 2026 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Thu, 26 Nov 2026 11:00:00 GMT", now) == 0.0
    assert retry_after_seconds("snart") is None
