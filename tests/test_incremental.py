"""``klarsyn audit --incremental``: real crawls, real Chromium, a real store, run twice.

The site's server answers conditional requests (ETag, Last-Modified, 304) when asked to,
and logs every request with its User-Agent, so a test can count the pages Chromium loaded
(each axe-core run loads its page in Chromium; klarsyn's own fetches say ``klarsyn/``).
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.localserver import SiteServer, _Handler
from tests.conftest import HTML, Run, html_page

pytestmark = [pytest.mark.browser]

LAST_MODIFIED = "Mon, 02 Nov 2026 08:00:00 GMT"
PAGES = ("/", "/a1/", "/a2/", "/b1/", "/b2/")


class _ValidatingHandler(_Handler):
    server: ValidatingServer

    def _send(self, status: int, body: bytes, content_type: str, send_body: bool) -> None:
        path = self.path.split("?")[0]
        with self.server.lock:
            self.server.hits.append((path, self.headers.get("User-Agent", "")))
        if not self.server.validators or status != 200:
            super()._send(status, body, content_type, send_body)
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            with self.server.lock:
                self.server.not_modified.append(path)
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", LAST_MODIFIED)
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class ValidatingServer(SiteServer):
    """SiteServer with ETag/Last-Modified and 304s (when ``validators``) and a hit log."""

    def __init__(self, files: dict[str, tuple[bytes, str]], validators: bool) -> None:
        super().__init__(files)
        self.RequestHandlerClass = _ValidatingHandler
        self.validators = validators
        self.lock = threading.Lock()
        self.hits: list[tuple[str, str]] = []
        self.not_modified: list[str] = []

    def browser_loads(self) -> set[str]:
        """The page paths Chromium requested since the last :meth:`reset`."""
        return {p for p, agent in self.hits if "Chrome" in agent and p in PAGES}

    def reset(self) -> None:
        with self.lock:
            self.hits.clear()
            self.not_modified.clear()


def _css(colour: str) -> bytes:
    return f"body {{ color: {colour}; background: #fff; }}".encode()


def _site() -> dict[str, tuple[bytes, str]]:
    """Five pages: "/", /a1/ and /a2/ use a.css, /b1/ and /b2/ use b.css; /a2/ has a fault."""

    def page(title: str, css: str, body: str) -> bytes:
        head = f"<link rel='stylesheet' href='/{css}'>"
        return html_page(title, body, head=head)

    links = "".join(f"<li><a href='{p}'>Sida {p.strip('/')}</a></li>" for p in PAGES[1:])
    return {
        "/": (page("Startsida", "a.css", f"<ul>{links}</ul>"), HTML),
        "/a1/": (page("Bygglov", "a.css", "<p>Så söker du bygglov.</p>"), HTML),
        "/a2/": (page("Förskola", "a.css", "<p>Ansök om plats.</p><img src='/x.png'>"), HTML),
        "/b1/": (page("Simhall", "b.css", "<p>Öppettider för simhallen.</p>"), HTML),
        "/b2/": (page("Bibliotek", "b.css", "<p>Lånetider och e-böcker.</p>"), HTML),
        "/a.css": (_css("#111"), "text/css"),
        "/b.css": (_css("#222"), "text/css"),
        "/x.png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    }


@pytest.fixture
def site() -> Iterator[Callable[[bool], ValidatingServer]]:
    servers: list[ValidatingServer] = []

    def start(validators: bool) -> ValidatingServer:
        server = ValidatingServer(_site(), validators)
        servers.append(server)
        return server.start()  # type: ignore[return-value]

    yield start
    for server in servers:
        server.stop()


def _audit(klarsyn: Callable[..., Run], server: SiteServer, out: Path, *extra: str) -> Run:
    done = klarsyn(
        "audit", server.base_url + "/", "--incremental", "--loopback-only", *extra, out=out
    )
    assert done.code in (0, 2), done.stderr  # 2: violations remain (the gate)
    return done


def _results(run: Run) -> dict[str, str]:
    """result_from of every audited page of the run's report, by path."""
    return {
        "/" + url.split("/", 3)[3]: str(page["result_from"])
        for url, page in run.pages().items()
        if page["audited"]
    }


#: What a finding is, apart from its status against the runs before.
_FINDING_KEYS = ("rule", "source", "outcome", "impact", "selector", "snippet", "message")


def _findings(run: Run) -> list[tuple[Any, ...]]:
    """Every finding of the report with its page and fingerprint, comparable across runs."""
    return sorted(
        (url, f["fingerprint"], *(str(f[k]) for k in _FINDING_KEYS))
        for url, page in run.pages().items()
        for f in page["findings"]
    )


def test_an_unchanged_site_is_reused_whole_through_304s(
    site: Callable[[bool], ValidatingServer], klarsyn: Callable[..., Run], tmp_path: Path
) -> None:
    server = site(True)
    out = tmp_path / "out"
    first = _audit(klarsyn, server, out)
    assert set(_results(first).values()) == {"audited"}
    assert server.browser_loads() == set(PAGES)
    first_findings = _findings(first)
    assert any(f[2] == "image-alt" for f in first_findings)
    server.reset()

    second = _audit(klarsyn, server, out)
    results = _results(second)
    assert results == dict.fromkeys(PAGES, "reused")
    # Chromium loaded none of the pages: axe-core ran on none.
    assert server.browser_loads() == set()
    assert set(server.not_modified) >= {*PAGES, "/a.css", "/b.css"}
    assert _findings(second) == first_findings
    pages = second.pages()
    assert {p["reused_from"] for p in pages.values() if p["audited"]} == {1}
    db = sqlite3.connect(out / "klarsyn.sqlite")
    how = db.execute(
        "SELECT DISTINCT json_extract(facts, '$.unchanged_by') FROM pages WHERE run_id = 2"
        " AND status = 'audited'"
    ).fetchall()
    assert how == [("304",)]
    # The history sees the fault persist, not fixed and found again.
    counts = db.execute(
        "SELECT p.run_id, count(*) FROM findings f JOIN pages p ON p.id = f.page_id"
        " WHERE f.rule = 'image-alt' GROUP BY p.run_id"
    ).fetchall()
    db.close()
    assert counts == [(1, 1), (2, 1)]
    # ...and so does the report: every fault persists, none is fixed or new.
    changes = second.report()["changes"]
    assert changes["totals"].get("fixed", 0) == changes["totals"].get("new", 0) == 0
    assert changes["totals"]["persisting"] >= 1
    statuses = {f["status"] for page in pages.values() for f in page["findings"]}
    assert statuses <= {"persisting", None}


def test_a_changed_stylesheet_reaudits_exactly_the_pages_that_use_it(
    site: Callable[[bool], ValidatingServer], klarsyn: Callable[..., Run], tmp_path: Path
) -> None:
    # No validators: unchanged is told by the body's hash.
    server = site(False)
    out = tmp_path / "out"
    _audit(klarsyn, server, out)
    server.files["/b.css"] = (_css("#bbb"), "text/css")  # type: ignore[index]
    server.reset()

    second = _audit(klarsyn, server, out)
    expected = dict.fromkeys(PAGES, "reused") | {"/b1/": "audited", "/b2/": "audited"}
    assert _results(second) == expected
    assert server.browser_loads() == {"/b1/", "/b2/"}
    db = sqlite3.connect(out / "klarsyn.sqlite")
    how = db.execute(
        "SELECT json_extract(facts, '$.unchanged_by'), count(*) FROM pages WHERE run_id = 2"
        " AND status = 'audited' GROUP BY 1 ORDER BY 1"
    ).fetchall()
    db.close()
    assert how == [(None, 2), ("sha256", 3)]
    # The contrast of b.css's new grey is a fault on both of its pages, and only there.
    contrast = {f[0] for f in _findings(second) if f[2] == "color-contrast"}
    assert contrast == {server.base_url + "/b1/", server.base_url + "/b2/"}

    # One page's HTML changed: that page alone is audited.
    title, _ = server.files["/a1/"]
    server.files["/a1/"] = (title.replace(b"bygglov.", b"bygglov i dag."), HTML)  # type: ignore[index]
    server.reset()
    third = _audit(klarsyn, server, out)
    assert _results(third) == dict.fromkeys(PAGES, "reused") | {"/a1/": "audited"}
    assert server.browser_loads() == {"/a1/"}


def test_a_changed_setting_audits_every_page_again(
    site: Callable[[bool], ValidatingServer], klarsyn: Callable[..., Run], tmp_path: Path
) -> None:
    server = site(True)
    out = tmp_path / "out"
    _audit(klarsyn, server, out)
    server.reset()
    second = _audit(klarsyn, server, out, "--best-practice")
    assert set(_results(second).values()) == {"audited"}
    assert server.browser_loads() == set(PAGES)
