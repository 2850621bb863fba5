"""Shared fixtures: local sites on 127.0.0.1 and the klarsyn command as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from crawler.localserver import Files, SiteServer
from tests.redisserver import RedisServer

REPO = Path(__file__).resolve().parents[1]
#: UD Swedish-Talbanken's dev part (CC BY-SA), read by the tests from shared/ beside the repo.
TALBANKEN_DEV = REPO.parent / "shared" / "data" / "talbanken" / "sv_talbanken-ud-dev.conllu"


def html_page(title: str, body: str, *, lang: str = "sv", head: str = "") -> bytes:
    """A small, accessible page around ``body`` (header, nav, main, footer)."""
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        f"<title>{title}</title>{head}</head><body>"
        "<header><nav aria-label='Huvudmeny'><a href='/'>Startsida</a></nav></header>"
        f"<main><h1>{title}</h1>{body}</main>"
        "<footer><p>Testkommunen</p></footer></body></html>"
    ).encode()


HTML = "text/html; charset=utf-8"


class LoggedFiles(dict[str, tuple[bytes, str]]):
    """A site that remembers every path asked for (SiteServer looks each one up)."""

    def __init__(self, files: Files) -> None:
        super().__init__(files)
        self.asked: list[str] = []
        self._lock = threading.Lock()

    def __contains__(self, path: object) -> bool:
        with self._lock:
            self.asked.append(str(path))
        return super().__contains__(path)


@pytest.fixture
def serve() -> Iterator[Callable[[Files], SiteServer]]:
    """Start servers for in-memory sites; all are stopped after the test."""
    servers: list[SiteServer] = []

    def start(files: Files) -> SiteServer:
        server = SiteServer(files).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@dataclass
class Run:
    """The result of one ``klarsyn`` command: exit code, stderr and the output folder."""

    code: int
    stderr: str
    out: Path

    def report(self) -> dict[str, Any]:
        return json.loads((self.out / "report.json").read_text(encoding="utf-8"))

    def pages(self) -> dict[str, dict[str, Any]]:
        return {page["url"]: page for page in self.report()["pages"]}


@pytest.fixture
def klarsyn(tmp_path: Path) -> Callable[..., Run]:
    """Run the klarsyn CLI in a subprocess (a Twisted reactor runs once per process)."""

    def run(*args: str, out: Path | None = None, timeout: float = 300) -> Run:
        out = out or tmp_path / "out"
        argv = [sys.executable, "-m", "klarsyn", *args]
        if args and args[0] == "audit" and "--out" not in args:
            argv += ["--out", str(out)]
        env = dict(os.environ, PYTHONPATH=str(REPO))
        done = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=tmp_path,
            env=env,
            check=False,
        )
        return Run(done.returncode, done.stderr, out)

    return run


@dataclass(frozen=True)
class DemoAudit:
    """The one real audit of the bundled demo site that the tests share (see ``demo_audit``)."""

    code: int
    stderr: str
    #: The output folder: report.html, report.json, findings.csv, klarsyn.sqlite.
    out: Path

    @property
    def store(self) -> Path:
        return self.out / "klarsyn.sqlite"


@pytest.fixture(scope="session")
def demo_audit(tmp_path_factory: pytest.TempPathFactory) -> DemoAudit:
    """``klarsyn audit --best-practice`` of the bundled demo site, once per test session:
    tests that need a real run's store (other formats, other languages) render it again
    with ``klarsyn report`` instead of crawling once more. Mark such tests ``browser``."""
    out = tmp_path_factory.mktemp("demo")
    done = subprocess.run(
        [sys.executable, "-m", "klarsyn", "audit", "--best-practice", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=out,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )
    return DemoAudit(done.returncode, done.stderr, out)


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A real redis-server on 127.0.0.1 and a free port, no persistence; stopped after."""
    server = RedisServer().start()
    yield server
    server.stop()


#: The password of ``redis_with_password`` (a test value, not a secret).
REDIS_TEST_PASSWORD = "klarsyn-test-lösen"  # noqa: S105 (a test server's)


@pytest.fixture
def redis_with_password() -> Iterator[RedisServer]:
    """Like ``redis_server``, with ``requirepass`` set to REDIS_TEST_PASSWORD."""
    server = RedisServer(password=REDIS_TEST_PASSWORD).start()
    yield server
    server.stop()


@pytest.fixture
def redis_over_tls() -> Iterator[RedisServer]:
    """Like ``redis_with_password``, speaking TLS only (``rediss://``), its certificate
    signed by a CA of the test's (``tls_files.ca``: give it in KLARSYN_REDIS_CA)."""
    server = RedisServer(password=REDIS_TEST_PASSWORD, tls=True).start()
    yield server
    server.stop()
