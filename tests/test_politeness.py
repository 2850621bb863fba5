"""Politeness, proven by what the fault server saw: robots.txt, Crawl-delay, a cap per
host, back-off on 429 and 503, and a User-Agent that names klarsyn and a contact.

Each test is one real crawl (the ``klarsyn`` command, real Scrapy and Chromium on
127.0.0.1). Gaps between requests are asserted to be *at least* a delay; nothing is
asserted to be fast.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import pytest

from audits.model import Reason
from crawler import settings
from tests.conftest import Run
from tests.faultserver import FaultServer, Hit

pytestmark = [pytest.mark.browser]

#: Server and client clocks differ by the time a request takes to arrive.
SLACK = 0.1


def from_crawler(hit: Hit) -> bool:
    return "klarsyn" in hit.headers.get("User-Agent", "")


def gaps(hits: list[Hit]) -> list[float]:
    times = sorted(hit.time for hit in hits)
    return [b - a for a, b in pairwise(times)]


def test_robots_txt_is_obeyed_with_its_crawl_delay_and_the_agent_names_a_contact(
    klarsyn: Callable[..., Run],
) -> None:
    with FaultServer(crawl_delay=2, pages=3, faults=("/privat/sida", "/latin1"),
                     mount_browser_pages=False) as site:
        run = klarsyn("audit", site.base_url + "/", "--loopback-only", "--format", "json",
                      "--contact", "webb@kommun.example")
        hits = [hit for hit in site.hits if from_crawler(hit)]
    pages = run.pages()
    assert run.code in (0, 2), run.stderr
    assert pages[site.base_url + "/privat/sida"]["reason"] == Reason.ROBOTS_TXT
    assert not [hit for hit in site.hits if hit.path.startswith("/privat/")]
    audited = [url for url, page in pages.items() if page["outcome"] == "audited"]
    assert len(audited) == 5  # /, /latin1, /p/0, /p/1, /p/2

    # Once robots.txt is read, no two requests are closer than its Crawl-delay (2 s),
    # though AutoThrottle alone would go faster (it starts at 1 s, with jitter).
    last_robots = max(i for i, hit in enumerate(hits) if hit.path == "/robots.txt")
    after = hits[last_robots + 1:]
    assert len(after) >= 5
    assert min(gaps(after)) >= 2 - SLACK

    agents = {hit.headers["User-Agent"] for hit in hits}
    assert len(agents) == 1
    (agent,) = agents
    assert agent.startswith("klarsyn/")
    assert "webb@kommun.example" in agent


def test_429_and_503_are_retried_once_after_their_retry_after(
    klarsyn: Callable[..., Run],
) -> None:
    faults = ("/status/429/1", "/status/503/1", "/status/503/99")
    with FaultServer(retry_after=3, faults=faults, mount_browser_pages=False) as site:
        run = klarsyn("audit", site.base_url + "/", "--loopback-only", "--format", "json")
        hits = [hit for hit in site.hits if from_crawler(hit)]
    outcome = {url.removeprefix(site.base_url): (p["outcome"], p["reason"])
               for url, p in run.pages().items()}
    assert outcome["/status/429/1"] == ("audited", "")
    assert outcome["/status/503/1"] == ("audited", "")
    assert outcome["/status/503/99"] == ("failed", "http_503")
    for path in faults:
        tries = [hit for hit in hits if hit.path == path]
        assert len(tries) == 2, path  # RETRY_TIMES = 1
        # The retry waited for the Retry-After (3 s), not just AutoThrottle's delay.
        assert gaps(tries)[0] >= 3 - SLACK, path


def test_no_more_requests_at_once_than_the_cap_per_host(klarsyn: Callable[..., Run]) -> None:
    slow = tuple(f"/slow?n={n}" for n in range(10))
    with FaultServer(slow_seconds=1.5, faults=slow, mount_browser_pages=False) as site:
        run = klarsyn("audit", site.base_url + "/", "--loopback-only", "--format", "json")
        peak = site.max_concurrent(from_crawler)
    assert run.code in (0, 2), run.stderr
    assert sum(p["outcome"] == "audited" for p in run.report()["pages"]) == 11
    assert 1 <= peak <= settings.CONCURRENT_REQUESTS_PER_DOMAIN
