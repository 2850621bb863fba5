"""Bad input: one clear sentence on stderr, exit code 1, never a traceback."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from audits.model import PageResult, PageStatus
from crawler.localserver import Files, SiteServer
from reports.store import Store
from tests.conftest import HTML, REPO, Run, html_page


def _one_sentence(run: Run, *expected: str) -> None:
    assert run.code == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert "internal error" not in run.stderr
    for text in expected:
        assert text in run.stderr


def _config(tmp_path: Path, text: str) -> str:
    path = tmp_path / "klarsyn.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_an_invalid_url(klarsyn: Callable[..., Run]) -> None:
    _one_sentence(klarsyn("audit", "www.example.se/start", "--loopback-only"),
                  "'www.example.se/start' is not an http or https URL")
    _one_sentence(klarsyn("audit", "http://127.0.0.1:99999/", "--loopback-only"),
                  "has an invalid port")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[audit\nmax_pages = 5\n", "is not valid TOML"),
        ("[audit]\nmax_pagez = 5\n", "unknown setting(s) max_pagez"),
        ("[audit]\nmax_pages = 'fem'\n", "'max_pages' must be a whole number"),
        ("[audit]\nmax_pages = 0\n", "'max_pages' must be at least 1"),
    ],
)
def test_a_broken_config_file(
    klarsyn: Callable[..., Run], tmp_path: Path, text: str, expected: str
) -> None:
    run = klarsyn("audit", "http://127.0.0.1:9/", "--config", _config(tmp_path, text))
    _one_sentence(run, expected)


@pytest.mark.parametrize(
    ("owner", "expected"),
    [
        ("name = 'Socialförvaltningen'\npattern = '/soc(ial'", "is not a valid regular expression"),
        ("pattern = '/skola/'", "every owner needs a name"),
        ("name = 'Barn'\npatterns = 5", "owner patterns must be strings"),
        ("name = 7\npattern = '/x/'", "every owner needs a name"),
        ("name = 'Kultur'\npattern = '/kultur/'\ncontact = ['a']", "contact must be a string"),
    ],
)
def test_a_broken_owner_map(
    klarsyn: Callable[..., Run], tmp_path: Path, owner: str, expected: str
) -> None:
    config = _config(tmp_path, f"[audit]\nmax_pages = 5\n\n[[owner]]\n{owner}\n")
    _one_sentence(klarsyn("audit", "http://127.0.0.1:9/", "--config", config), expected)


def test_a_broken_exceptions_file(klarsyn: Callable[..., Run], tmp_path: Path) -> None:
    broken = tmp_path / "undantag.toml"
    broken.write_text("[[exception]\nrule = 'image-alt'\n", encoding="utf-8")
    run = klarsyn("audit", "http://127.0.0.1:9/", "--exceptions", str(broken))
    _one_sentence(run, str(broken))
    missing = klarsyn("audit", "http://127.0.0.1:9/", "--exceptions", str(tmp_path / "nej.toml"))
    _one_sentence(missing, "nej.toml")


def test_an_output_folder_that_cannot_be_written(
    klarsyn: Callable[..., Run], tmp_path: Path
) -> None:
    # Tests run as root, which ignores file modes: a path under a file can never be a folder.
    blocker = tmp_path / "en-fil"
    blocker.write_text("", encoding="utf-8")
    run = klarsyn("audit", "http://127.0.0.1:9/", "--out", str(blocker / "rapport"))
    _one_sentence(run, f"cannot write to the output folder {blocker / 'rapport'}")


def test_resume_needs_an_unfinished_run(klarsyn: Callable[..., Run], tmp_path: Path) -> None:
    empty = tmp_path / "tom"
    empty.mkdir()
    _one_sentence(klarsyn("audit", "--resume", "--out", str(empty)),
                  f"there is no klarsyn store in {empty} to resume")
    _one_sentence(klarsyn("audit", "http://127.0.0.1:9/", "--resume", "--out", str(empty)),
                  "--resume continues a stored run", "drop URL")
    done = tmp_path / "klar"
    done.mkdir()
    store = Store(done / "klarsyn.sqlite")
    run_id = store.start_run("http://127.0.0.1:9/", "2026-11-26T10:00:00+01:00", "0", {})
    store.add_page(run_id, PageResult("http://127.0.0.1:9/", PageStatus.AUDITED))
    store.finish_run(run_id, "2026-11-26T10:05:00+01:00", partial=False, axe_version="",
                     browser_version="")
    store.close()
    _one_sentence(klarsyn("audit", "--resume", "--out", str(done)),
                  "there is nothing to resume")


class _Failing(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        body = b"<!doctype html><title>Fel</title><h1>Internt serverfel</h1>"
        self.send_response(500)
        self.send_header("Content-Type", HTML)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def failing_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_site_that_answers_only_errors(
    klarsyn: Callable[..., Run], failing_site: str
) -> None:
    run = klarsyn("audit", failing_site + "/", "--loopback-only")
    _one_sentence(run, f"nothing could be audited: {failing_site}/ failed (http_500)")
    assert run.report()["pages"][0]["reason"] == "http_500"


def _big_site(pages: int) -> Files:
    text = "<p>" + "Kommunen informerar om avfall, vatten och skola. " * 80 + "</p>"
    links = "".join(f"<a href='/sida-{n}/'>Sida {n}</a> " for n in range(pages))
    files = {"/": (html_page("Start", f"<nav>{links}</nav>{text}"), HTML)}
    for n in range(pages):
        files[f"/sida-{n}/"] = (html_page(f"Sida {n}", text), HTML)
    return files


@pytest.mark.browser
def test_a_full_disk_during_the_crawl_stops_it_and_keeps_the_store_readable(
    serve: Callable[[Files], SiteServer], tmp_path: Path
) -> None:
    site = serve(_big_site(150))
    out = tmp_path / "out"

    def small_files() -> None:
        # Every file klarsyn writes may grow to 1 MiB: then write() fails with EFBIG,
        # as it would with ENOSPC on a full disk.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024 * 1024, 1024 * 1024))

    done = subprocess.run(
        [sys.executable, "-m", "klarsyn", "audit", site.base_url + "/", "--loopback-only",
         "--out", str(out)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path, check=False,
        env=dict(os.environ, PYTHONPATH=str(REPO)), preexec_fn=small_files,
    )

    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "the audit stopped: cannot write to the store" in done.stderr
    assert "klarsyn audit --resume" in done.stderr
    db = sqlite3.connect(out / "klarsyn.sqlite")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # Chromium inherits the limit and fails its pages, so these rows are mostly
        # browser failures: what matters is that they were committed whole and stay readable.
        rows = db.execute("SELECT count(*) FROM pages").fetchone()[0]
        assert 0 < rows < 151
        assert db.execute("SELECT finished, partial FROM runs").fetchall() == [(None, 1)]
    finally:
        db.close()
