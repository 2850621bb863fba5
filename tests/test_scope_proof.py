"""Scope proof: a second server stands for every other host and logs what it gets.

A real ``klarsyn audit`` of a site whose pages link to the other host, submit a
form to it, and load a stylesheet, script, image, iframe and fetch() from it. By
default Scrapy sends the other host nothing and the browser only the resources an
audited page loads; with ``--block-third-party`` it gets no request at all. The
report names the other host for the page that loads from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from tests.conftest import HTML, Run
from tests.faultpages import third_party_files, third_party_page
from tests.faultserver import FaultServer, Hit

THIRD_PARTY = "/browser/third-party.html"
#: What a visitor's browser loads for that page from the other host, and nothing more.
RESOURCES = {"/tp/bild.png", "/tp/ram.html", "/tp/skript.js", "/tp/data.json", "/tp/stil.css"}


@dataclass
class Sites:
    site: FaultServer
    other: FaultServer

    def audit(self, klarsyn: Callable[..., Run], *args: str) -> Run:
        return klarsyn("audit", self.site.base_url + "/", "--loopback-only", "--format", "json",
                       *args)


@pytest.fixture
def sites() -> Iterator[Sites]:
    with FaultServer(files=third_party_files(), mount_browser_pages=False) as other:
        files = {THIRD_PARTY: (third_party_page(other.base_url), HTML)}
        with FaultServer(other=other, faults=("/extern", "/formular"), files=files,
                         mount_browser_pages=False) as site:
            yield Sites(site, other)


def _from_crawler(hit: Hit) -> bool:
    return "klarsyn" in hit.headers.get("User-Agent", "")


def _other_host(sites: Sites) -> str:
    return sites.other.base_url.removeprefix("http://")


@pytest.mark.browser
def test_by_default_the_other_host_gets_only_what_an_audited_page_loads(
    sites: Sites, klarsyn: Callable[..., Run]
) -> None:
    run = sites.audit(klarsyn)
    assert run.code in (0, 2), run.stderr
    hits = sites.other.hits
    assert [hit for hit in hits if _from_crawler(hit)] == []  # Scrapy: nothing at all
    assert all(hit.method == "GET" for hit in hits)  # never a form submission
    paths = {hit.path for hit in hits}
    # Only the page's own resources: never the linked pages of /extern, never the form.
    assert paths == RESOURCES, paths
    for hit in hits:
        assert "Cookie" not in hit.headers
        assert "Authorization" not in hit.headers

    pages = run.pages()
    row = pages[sites.site.url(THIRD_PARTY)]
    assert row["outcome"] == "audited"
    assert row["third_party"] == {"hosts": [_other_host(sites)], "blocked": False}
    # The links to the other host are ledger rows, never requests.
    linked = [url for url, page in pages.items() if url.startswith(sites.other.base_url)]
    assert linked
    assert all(pages[url]["reason"] == "out_of_scope" for url in linked)
    summary = run.report()["third_party"]
    assert [(h["host"], h["pages"], h["blocked"]) for h in summary] == [
        (_other_host(sites), 1, False)
    ]


@pytest.mark.browser
def test_block_third_party_leaves_the_other_host_without_a_single_request(
    sites: Sites, klarsyn: Callable[..., Run]
) -> None:
    run = sites.audit(klarsyn, "--block-third-party")
    assert run.code in (0, 2), run.stderr
    assert sites.other.hits == []
    row = run.pages()[sites.site.url(THIRD_PARTY)]
    assert row["outcome"] == "audited"
    # Still named, so an auditor knows what the audit left out.
    assert row["third_party"] == {"hosts": [_other_host(sites)], "blocked": True}
