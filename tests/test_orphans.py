"""Browsers orphaned by ``kill -9`` of klarsyn are reaped at the next start, by their marked
profile, and never another live run's: real processes, real klarsyn runs, real Chromium."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler.browser.launch import CHROMEDRIVER, profile_of
from crawler.browser.profiles import (
    OWNER_FILE,
    Owner,
    make_profile,
    orphaned_profiles,
    reap_orphans,
    remove_profiles,
)
from crawler.localserver import Files, SiteServer
from crawler.processes import descendants, read_process, start_ticks
from tests.conftest import HTML, REPO, Run, html_page


def _alive(pid: int) -> bool:
    process = read_process(pid)
    return process is not None and process.alive


def _dead_owner() -> Owner:
    """A process that ran and is gone: its (pid, start) names no live process."""
    child = subprocess.Popen(["sleep", "30"])
    started = start_ticks(child.pid)
    assert started is not None
    child.kill()
    child.wait()
    return Owner(child.pid, started)


def _mark(profile: Path, owner: Owner) -> None:
    (profile / OWNER_FILE).write_text(f"{owner.pid} {owner.started}\n", encoding="ascii")


def _browser_like(profile: Path) -> subprocess.Popen[bytes]:
    """A stand-in for chromedriver: its own session, ``TMPDIR`` inside the profile."""
    (profile / "tmp").mkdir(exist_ok=True)
    return subprocess.Popen(
        ["sleep", "300"],
        env={"PATH": os.environ["PATH"], "TMPDIR": str(profile / "tmp")},
        start_new_session=True,
    )


def _chromium_like(profile: Path) -> subprocess.Popen[bytes]:
    """A stand-in for Chromium: names the profile on its command line only."""
    return subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(300)", f"--user-data-dir={profile}"],
        env={"PATH": os.environ["PATH"]},
        start_new_session=True,
    )


def test_only_profiles_whose_owner_is_dead_are_reaped(tmp_path: Path) -> None:
    orphan = make_profile("klarsyn-chromium-", tmp_path)
    _mark(orphan, _dead_owner())
    live = make_profile("klarsyn-chromium-", tmp_path)  # this process's: alive
    printer = make_profile("klarsyn-print-", tmp_path)
    _mark(printer, _dead_owner())
    unmarked = tmp_path / "klarsyn-chromium-unmarked"
    unmarked.mkdir()
    # A reused pid: a live process's pid with another start time is not that process.
    reused = make_profile("klarsyn-chromium-", tmp_path)
    _mark(reused, Owner(os.getpid(), Owner.this_process().started + 1))
    processes = {
        "orphan": _browser_like(orphan),
        "orphan chromium": _chromium_like(orphan),
        "printer": _chromium_like(printer / "browser"),
        "live": _browser_like(live),
        "live chromium": _chromium_like(live),
        "unmarked": _browser_like(unmarked),
    }
    try:
        assert orphaned_profiles(tmp_path) == sorted([orphan, printer, reused])
        assert reap_orphans(tmp_path) == sorted([orphan, printer, reused])
        for process in processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.5)  # reap the killed: they are this test's children
        gone = {name for name, process in processes.items() if process.returncode is not None}
        assert gone == {"orphan", "orphan chromium", "printer"}
        assert [p for p in (orphan, printer, reused) if p.exists()] == []
        assert [p for p in (live, unmarked) if not p.is_dir()] == []
        assert owner_pid(live) == os.getpid()
        assert reap_orphans(tmp_path) == []
    finally:
        for process in processes.values():
            process.kill()
            process.wait()


def test_a_profile_is_removed_even_while_its_processes_fork_and_write_into_it(
    tmp_path: Path,
) -> None:
    """Like a Chromium shutting down: processes that keep forking writers into the folder
    (each fork inherits TMPDIR) must not leave it behind half-removed and unmarked."""
    profile = make_profile("klarsyn-chromium-", tmp_path)
    (profile / "tmp").mkdir()
    # Each child waits a moment before it writes, as Chromium writes its state at exit:
    # one forked after remove_profiles looked at the process table writes after rmtree.
    writer = (
        "import os, time\n"
        "state = os.path.join(os.environ['TMPDIR'], '..', 'Default')\n"
        "while True:\n"
        "    if os.fork() == 0:\n"
        "        time.sleep(0.2)\n"
        "        os.makedirs(state, exist_ok=True)\n"
        "        open(os.path.join(state, str(os.getpid())), 'w').close()\n"
        "        os._exit(0)\n"
        "    time.sleep(0.001)\n"
        "    while True:\n"
        "        try:\n"
        "            if os.waitpid(-1, os.WNOHANG)[0] == 0:\n"
        "                break\n"
        "        except ChildProcessError:\n"
        "            break\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", writer],
        env={"PATH": os.environ["PATH"], "TMPDIR": str(profile / "tmp")},
        start_new_session=True,
    )
    try:
        _wait_until(
            lambda: (profile / "Default").is_dir() and len(os.listdir(profile / "Default")) > 5
        )
        remove_profiles([profile])
        process.wait(timeout=5)
        time.sleep(0.5)  # a writer that escaped would have written by now
        assert not profile.exists()
    finally:
        process.kill()
        process.wait()


def owner_pid(profile: Path) -> int:
    return int((profile / OWNER_FILE).read_text(encoding="ascii").split()[0])


# -- real klarsyn runs ----------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: _SlowForBrowsers
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if "HeadlessChrome" in self.headers.get("User-Agent", ""):
            self.server.browser_requests += 1
            self.server.release.wait(600)
        body = html_page("Långsam", "<p>Den här sidan tar tid i webbläsaren.</p>")
        self.send_response(200)
        self.send_header("Content-Type", HTML)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


class _SlowForBrowsers(ThreadingHTTPServer):
    """A one-page site that answers Scrapy at once and a browser only when released, so a
    klarsyn's browser is busy for as long as the test needs."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.browser_requests = 0
        self.release = threading.Event()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def slow_site() -> Iterator[_SlowForBrowsers]:
    site = _SlowForBrowsers()
    yield site
    site.release.set()
    site.shutdown()
    site.server_close()


def _start(out: Path, url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "klarsyn",
            "audit",
            url,
            "--loopback-only",
            "--browsers",
            "1",
            "--page-timeout",
            "600",
            "--format",
            "json",
            "--out",
            str(out),
        ],
        cwd=out.parent,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _browsers_of(process: subprocess.Popen[bytes]) -> tuple[list[int], list[int], set[Path]]:
    """Once its browser is up: the processes below klarsyn, the lasting core of them
    (chromedriver and the Chromium it started; helpers may come and go) and their
    profile folders."""
    deadline = time.monotonic() + 180
    while True:
        assert process.poll() is None, "klarsyn ended before its browser was up"
        below = descendants(process.pid)
        profiles = {Path(p) for proc in below if (p := profile_of(proc.command))}
        drivers = [p.pid for p in below if p.command[:1] == (CHROMEDRIVER,)]
        core = drivers + [p.pid for p in below if p.parent in drivers]
        if profiles and drivers and len(core) > len(drivers):
            return [p.pid for p in below], core, profiles
        assert time.monotonic() < deadline, "no browser started"
        time.sleep(0.2)


def _wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 180
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.2)


@pytest.mark.browser
@pytest.mark.slow
def test_a_new_klarsyn_reaps_the_browsers_of_a_killed_one_and_spares_a_live_run(
    slow_site: _SlowForBrowsers,
    serve: Callable[[Files], SiteServer],
    klarsyn: Callable[..., Run],
    tmp_path: Path,
) -> None:
    killed = _start(tmp_path / "killed", slow_site.base + "/")
    live = _start(tmp_path / "live", slow_site.base + "/")
    live_pids: list[int] = []
    try:
        killed_pids, killed_core, killed_profiles = _browsers_of(killed)
        live_pids, live_core, live_profiles = _browsers_of(live)
        # Both browsers are in the page (the site holds them there).
        _wait_until(lambda: slow_site.browser_requests >= 2)
        assert {owner_pid(p) for p in killed_profiles} == {killed.pid}
        assert {owner_pid(p) for p in live_profiles} == {live.pid}

        killed.kill()
        killed.wait()
        time.sleep(1)
        orphans = [pid for pid in killed_pids if _alive(pid)]
        assert all(_alive(pid) for pid in killed_core), "kill -9 took the browser along"
        assert all(p.is_dir() for p in killed_profiles)

        site = serve({"/": (html_page("Startsida", "<p>Hej.</p>"), HTML)})
        run = klarsyn("audit", site.base_url + "/", "--loopback-only", "--format", "json")
        assert run.code == 0, run.stderr

        assert [pid for pid in orphans if _alive(pid)] == []
        assert [p for p in killed_profiles if p.exists()] == []
        # The live run's browser is untouched: same processes, same profile, still running.
        assert live.poll() is None
        assert all(_alive(pid) for pid in live_core)
        assert all(p.is_dir() for p in live_profiles)
    finally:
        for process in (killed, live):
            if process.poll() is None:
                process.kill()
                process.wait()
        # The live run was killed too: its browsers are orphans now, and this reaps them.
        with contextlib.suppress(ProcessLookupError):
            for pid in live_pids:
                os.kill(pid, signal.SIGKILL)
        reap_orphans()
