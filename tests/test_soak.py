"""Soak: 2,000 pages mixing every fault, crawled and audited for real, everything accounted for.

One ``klarsyn audit`` of a FaultServer with 2,000 generated pages, each of which also
links one fault (fetch faults, traps, browser faults, other hosts). The run must end
on its own with the report written, every URL in the ledger once with an outcome and a
reason, no crawler request to the other host, and the crawler's memory bounded
(sampled from /proc while it runs). Slow by nature (several minutes): CI runs it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audits.model import Reason
from crawler.processes import descendants, process_table
from tests.conftest import REPO, Run
from tests.faultserver import FaultServer, Hit

PAGES = 2000
#: Generous: the crawler process (Scrapy, Lingua's models, the item queue) peaked at
#: 660 MiB on this soak, flat after its first minute; a leak that grows with the page
#: count breaks this.
MAX_CRAWLER_RSS = 1536 * 1024 * 1024
#: One browser's processes (chromedriver, Chromium, its renderers), RSS summed, which
#: counts their shared pages once per process: about 1.1 GiB on ordinary pages, flat
#: over the run (each browser restarts after 200 pages); 1.8 GiB at the peak, when the
#: crash page fills a renderer's JavaScript heap up to its 1 GiB cap.
MAX_BROWSER_TREE_RSS = 3072 * 1024 * 1024
#: Redirect hops are requested but the ledger holds the URL that was linked.
HOPS = re.compile(r"^/(redirect/\d+|loop/[ab])$")


def _rss(pid: int) -> int:
    """Resident bytes of one process (0 once it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) * 1024 if match else 0


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    return [process.pid for process in process_table().values() if process.parent == pid]


def _tree(pid: int) -> list[int]:
    return [pid, *(process.pid for process in descendants(pid))]


def _is_crawler(hit: Hit) -> bool:
    return "klarsyn" in hit.headers.get("User-Agent", "")


@pytest.mark.slow
@pytest.mark.browser
def test_2000_pages_of_faults_end_with_every_url_accounted_for(tmp_path: Path) -> None:
    config = tmp_path / "klarsyn.toml"
    config.write_text(
        "[audit]\ndownload_timeout = 3\npage_timeout = 8\nmax_query_variants = 5\n"
        "max_pages = 3000\nmax_depth = 50\n"
    )
    out = tmp_path / "out"
    argv = [sys.executable, "-m", "klarsyn", "audit", "--loopback-only",
            "--config", str(config), "--out", str(out)]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    crawler_peak = browser_peak = 0
    browsers_seen = False
    with FaultServer() as other, FaultServer(pages=PAGES, other=other, slow_seconds=4) as site:
        stderr = tmp_path / "stderr.txt"
        with stderr.open("w") as errors, subprocess.Popen(
            [*argv, site.base_url + "/"], cwd=tmp_path, env=env,
            stdout=subprocess.DEVNULL, stderr=errors,
        ) as process:
            while process.poll() is None:
                crawler_peak = max(crawler_peak, _rss(process.pid))
                # chromedriver and Chromium run under the crawler; a driver is one browser.
                drivers = _children(process.pid)
                browsers_seen = browsers_seen or bool(drivers)
                for child in drivers:
                    browser_peak = max(browser_peak, sum(_rss(p) for p in _tree(child)))
                time.sleep(1)
        run = Run(process.returncode, stderr.read_text(), out)
        crawler_requests = [hit for hit in site.hits if _is_crawler(hit)]
        other_from_crawler = [hit for hit in other.hits if _is_crawler(hit)]

    # Failed pages (exit 1) and violations (exit 2) are never a pass; the run ended by
    # itself (not partial).
    assert run.code in (1, 2), run.stderr
    assert "page(s) could not be scanned" in run.stderr
    assert "Traceback" not in run.stderr
    report = run.report()
    assert report["partial"] is False
    assert (out / "report.html").stat().st_size > 0
    assert (out / "findings.csv").stat().st_size > 0

    rows = report["pages"]
    urls = [row["url"] for row in rows]
    assert len(urls) == len(set(urls)), "a URL is in the ledger twice"
    for row in rows:
        assert row["outcome"] in ("audited", "failed", "skipped")
        assert row["outcome"] == "audited" or row["reason"], row

    ledger = set(urls)
    generated = {site.url(f"/p/{n}") for n in range(PAGES)}
    assert generated <= ledger
    by_url = {row["url"]: row for row in rows}
    assert all(by_url[url]["outcome"] == "audited" for url in generated)

    # Every page the crawler asked the server for is a ledger row (or a redirect hop).
    asked = {hit.path for hit in crawler_requests} - {"/robots.txt", "/sitemap.xml"}
    missing = [p for p in asked if site.url(p) not in ledger and not HOPS.match(p)]
    assert missing == []
    assert other_from_crawler == []
    assert not [hit for hit in site.hits if hit.method == "POST"]

    reasons = {row["reason"] for row in rows}
    for expected in (Reason.TIMEOUT, Reason.TRAP, Reason.TOO_LARGE, Reason.NOT_TEXT,
                     Reason.LOGOUT, Reason.OUT_OF_SCOPE, Reason.REDIRECT_LOOP,
                     Reason.CONNECTION, Reason.BROWSER_TIMEOUT, Reason.BROWSER_CRASH,
                     Reason.NAVIGATED_AWAY, Reason.TOO_MANY_REDIRECTS, Reason.URL_TOO_LONG):
        assert expected in reasons, expected

    assert browsers_seen  # the browser figure below measured something
    assert crawler_peak < MAX_CRAWLER_RSS, crawler_peak
    assert browser_peak < MAX_BROWSER_TREE_RSS, browser_peak
