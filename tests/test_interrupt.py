"""Ctrl-C, SIGTERM, a forced stop, kill -9 and --resume, on real crawls in a subprocess.

The site is slow on purpose (every request waits), so the crawl can be stopped half-way;
its server logs every request with whether Scrapy or Chromium made it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.browser.launch import profile_of
from crawler.processes import descendants, read_process
from tests.conftest import HTML, REPO, Run, html_page

pytestmark = [pytest.mark.browser]

PAGES = 24


class _Handler(BaseHTTPRequestHandler):
    server: SlowSite
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        browser = "HeadlessChrome" in self.headers.get("User-Agent", "")
        self.server.log.append((path, browser))
        time.sleep(self.server.browser_delay if browser else self.server.delay)
        body, content_type = self.server.files.get(path, (b"not found", "text/plain"))
        self.send_response(200 if path in self.server.files else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the crawler may be gone (that is the test)
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


class SlowSite(ThreadingHTTPServer):
    """A site whose every answer waits; ``log`` holds (path, made by the browser)."""

    daemon_threads = True

    def __init__(self, delay: float, browser_delay: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.delay, self.browser_delay = delay, browser_delay
        self.log: list[tuple[str, bool]] = []
        # Every page has one WCAG violation (an image without alt): a stored page must
        # come with its findings.
        links = "".join(f"<li><a href='/sida-{n}/'>Sida {n}</a></li>" for n in range(PAGES))
        self.files = {"/": (html_page("Start", f"<ul>{links}</ul><img src='/a.png'>"), HTML)}
        for n in range(PAGES):
            body = f"<p>Text {n}.</p><img src='/a.png'><a href='/sida-{(n + 1) % PAGES}/'>Nästa</a>"
            self.files[f"/sida-{n}/"] = (html_page(f"Sida {n}", body), HTML)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def urls(self) -> set[str]:
        return {self.base + path for path in self.files}

    def crawled(self) -> list[str]:
        """Pages Scrapy fetched (not robots.txt, not the browser)."""
        return [p for p, browser in self.log if not browser and p in self.files]


@pytest.fixture
def slow_site() -> Iterator[Callable[..., SlowSite]]:
    sites: list[SlowSite] = []

    def start(delay: float = 0.3, browser_delay: float = 0.0) -> SlowSite:
        sites.append(SlowSite(delay, browser_delay))
        return sites[-1]

    yield start
    for site in sites:
        site.browser_delay = 0.0
        site.shutdown()
        site.server_close()


def _start(out: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "klarsyn", "audit", *args, "--loopback-only", "--out", str(out)],
        cwd=out.parent,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(condition: Callable[[], bool], process: subprocess.Popen[str]) -> None:
    """Poll until ``condition`` holds (the crawl has got somewhere); fail if it ended first."""
    deadline = time.monotonic() + 180
    while not condition():
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "the crawl never got there"
        time.sleep(0.2)


def _audited(out: Path) -> int:
    try:
        with sqlite3.connect(out / "klarsyn.sqlite") as db:
            return int(
                db.execute("SELECT count(*) FROM pages WHERE status = 'audited'").fetchone()[0]
            )
    except sqlite3.Error:
        return 0  # not created yet


def _descendants(pid: int) -> dict[int, list[str]]:
    """Every process below ``pid`` with its command line."""
    return {process.pid: list(process.command) for process in descendants(pid)}


def _alive(pid: int) -> bool:
    process = read_process(pid)
    return process is not None and process.alive


def _profiles(processes: dict[int, list[str]]) -> set[str]:
    return {profile for command in processes.values() if (profile := profile_of(command))}


def _report(out: Path) -> dict[str, object]:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_ctrl_c_writes_a_partial_report_and_resume_finishes_the_run(
    slow_site: Callable[..., SlowSite], klarsyn: Callable[..., Run], tmp_path: Path
) -> None:
    site = slow_site()
    out = tmp_path / "out"
    process = _start(out, site.base + "/", "--browsers", "1")
    _wait_for(lambda: _audited(out) >= 3, process)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=180)

    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "interrupted" in stderr
    assert "--resume" in stderr
    report = _report(out)
    assert report["partial"] is True
    assert report["finished"]
    assert "Ofullständig granskning" in (out / "report.html").read_text(encoding="utf-8")
    rows = {page["url"]: page for page in report["pages"]}  # type: ignore[attr-defined]
    assert set(rows) == site.urls()  # the start page linked to all: every URL met has a row
    done = {url for url, page in rows.items() if page["outcome"] == "audited"}
    rest = {url: (page["outcome"], page["reason"]) for url, page in rows.items() if url not in done}
    assert len(done) >= 3
    assert rest
    assert set(rest.values()) == {("skipped", "interrupted")}
    before = len(site.crawled())

    resumed = klarsyn("audit", "--resume", "--out", str(out))

    assert resumed.code == 2, resumed.stderr  # complete now; the images lack alt texts
    assert "Traceback" not in resumed.stderr
    report = _report(out)
    assert report["partial"] is False
    assert report["run_id"] == 1
    urls = [page["url"] for page in report["pages"]]  # type: ignore[attr-defined]
    assert len(urls) == len(set(urls))
    assert set(urls) == site.urls()
    assert {page["outcome"] for page in report["pages"]} == {"audited"}  # type: ignore[attr-defined]
    again = {site.base + path for path in site.crawled()[before:]}
    assert not again & done  # no page audited before the interruption was fetched again
    with sqlite3.connect(out / "klarsyn.sqlite") as db:
        assert db.execute("SELECT count(*), min(partial) FROM runs").fetchone() == (1, 0)


def test_a_second_sigterm_forces_the_stop_and_leaves_no_browser_behind(
    slow_site: Callable[..., SlowSite], tmp_path: Path
) -> None:
    # The browser waits a long time for every page: a graceful stop would wait for it.
    site = slow_site(delay=0.1, browser_delay=600)
    out = tmp_path / "out"
    process = _start(out, site.base + "/", "--browsers", "2", "--page-timeout", "600")
    # The start page is in the browser (its links are read from the page it renders).
    _wait_for(lambda: sum(browser for _, browser in site.log) >= 1, process)
    below = _descendants(process.pid)
    profiles = _profiles(below)
    assert profiles  # the browsers are running
    process.send_signal(signal.SIGTERM)
    _wait_for(lambda: "shutting down gracefully" in (out / "klarsyn.log").read_text(), process)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)

    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert not [pid for pid in below if _alive(pid)]
    assert not [profile for profile in profiles if Path(profile).exists()]
    report = _report(out)
    assert report["partial"] is True
    rows = {page["url"]: page for page in report["pages"]}  # type: ignore[attr-defined]
    # Every URL met has its row: the start page, whose links the browser never gave back.
    assert set(rows) == {site.base + "/"}
    assert {(p["outcome"], p["reason"]) for p in rows.values()} == {("skipped", "interrupted")}


def test_after_kill_9_the_store_is_whole_readable_and_resumable(
    slow_site: Callable[..., SlowSite], klarsyn: Callable[..., Run], tmp_path: Path
) -> None:
    site = slow_site()
    out = tmp_path / "out"
    process = _start(out, site.base + "/", "--browsers", "1")
    _wait_for(lambda: _audited(out) >= 3, process)
    below = _descendants(process.pid)
    process.kill()
    process.communicate(timeout=60)
    # kill -9 gives klarsyn no chance to stop its browsers: the test does, and removes
    # their profiles.
    for pid in below:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    for profile in _profiles(below):
        shutil.rmtree(profile, ignore_errors=True)

    db = sqlite3.connect(out / "klarsyn.sqlite")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT finished, partial FROM runs").fetchall() == [(None, 1)]
        stored = db.execute(
            "SELECT p.url, count(f.id) FROM pages p LEFT JOIN findings f ON f.page_id = p.id"
            " AND f.rule = 'image-alt' WHERE p.status = 'audited' GROUP BY p.id"
        ).fetchall()
    finally:
        db.close()
    assert len(stored) >= 3
    assert all(count == 1 for _, count in stored)  # every committed page is whole

    report = klarsyn("report", str(out / "klarsyn.sqlite"))
    assert report.code == 130, report.stderr
    assert "partial" in report.stderr
    assert "Traceback" not in report.stderr
    assert _report(out)["partial"] is True
    assert "Ofullständig granskning" in (out / "report.html").read_text(encoding="utf-8")

    resumed = klarsyn("audit", "--resume", "--out", str(out))
    assert resumed.code == 2, resumed.stderr
    pages = _report(out)["pages"]
    urls = [page["url"] for page in pages]  # type: ignore[attr-defined]
    assert len(urls) == len(set(urls))
    assert set(urls) == site.urls()
    assert {page["outcome"] for page in pages} == {"audited"}  # type: ignore[attr-defined]
    assert _report(out)["partial"] is False


def test_ctrl_c_during_a_url_list_records_every_listed_url_and_resume_finishes_it(
    slow_site: Callable[..., SlowSite], klarsyn: Callable[..., Run], tmp_path: Path
) -> None:
    # The list is fed to the crawl a window at a time (16 pages with one browser): when
    # stopped, most of it was never requested, and the last five are over the budget.
    site = slow_site()
    pages = [site.base + "/", *(f"{site.base}/sida-{n}/" for n in range(PAGES))]
    missing = [f"{site.base}/saknas-{n}/" for n in range(40)]
    listed = [*pages, *missing]
    listing = tmp_path / "lista.txt"
    listing.write_text("".join(f"{url}\n" for url in listed), encoding="utf-8")
    out = tmp_path / "out"
    budget = len(listed) - 5
    process = _start(out, "--urls", str(listing), "--max-pages", str(budget), "--browsers", "1")
    _wait_for(lambda: _audited(out) >= 3, process)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=180)

    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    rows = {page["url"]: page for page in _report(out)["pages"]}  # type: ignore[attr-defined]
    assert set(rows) == set(listed)  # every listed URL has its row, requested or not
    outcome = {url: (page["outcome"], page["reason"]) for url, page in rows.items()}
    assert {outcome[url] for url in listed[budget:]} == {("skipped", "budget")}
    assert ("audited", "") in {outcome[url] for url in pages}
    assert ("skipped", "interrupted") in {outcome[url] for url in listed[:budget]}
    # The crawl stopped long before it was fed the end of the list.
    requested = {site.base + path for path, browser in site.log if not browser}
    assert not requested & set(missing[-10:])
    done = {url for url, o in outcome.items() if o[0] == "audited"}
    before = len(site.crawled())

    resumed = klarsyn("audit", "--resume", "--out", str(out))

    assert resumed.code == 2, resumed.stderr
    report = _report(out)["pages"]
    urls = [page["url"] for page in report]  # type: ignore[attr-defined]
    assert len(urls) == len(set(urls))
    assert set(urls) == set(listed)
    outcome = {p["url"]: (p["outcome"], p["reason"]) for p in report}  # type: ignore[index]
    assert {outcome[url] for url in pages} == {("audited", "")}
    assert {outcome[url][0] for url in listed[len(pages) : budget]} == {"failed"}
    assert {outcome[url] for url in listed[budget:]} == {("skipped", "budget")}
    again = {site.base + path for path in site.crawled()[before:]}
    assert not again & done
