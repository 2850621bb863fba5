"""The distributed audit end to end: a real redis-server on loopback, ``klarsyn audit
--queue`` as the coordinator and ``klarsyn worker`` processes, on a local site.

Three workers audit every page exactly once with the findings a run in one process
finds; a worker killed with SIGKILL (with its browsers, as when its machine dies) loses
no page; a wrong password is one sentence.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import redis

from crawler.demo import FILES_DIR
from crawler.distributed.connection import CA_VARIABLE, PASSWORD_VARIABLE, USER_VARIABLE
from crawler.distributed.frontier import LEASES_KEY, SEEN_KEY, JsonSerializer
from crawler.localserver import Files, SiteServer
from tests.conftest import HTML, REDIS_TEST_PASSWORD, REPO, Run, html_page
from tests.faultserver import FaultServer
from tests.redisserver import RedisServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: The ACL user's password in the TLS test (a test value, not a secret).
ACL_PASSWORD = "granskarens-lösen-2718"  # noqa: S105

#: Pages of the test site of most tests here.
PAGES = 40
#: Pages of the site three workers share (the issue's size).
MANY_PAGES = 300


#: The demo's cookie banner (a modal dialog with faults of its own: tests/test_consent_browser.py)
#: and the [consent] that answers it.
BANNER = (FILES_DIR / "js" / "kakbanner.js").read_bytes()
PIXEL = (FILES_DIR / "bilder" / "besok.gif").read_bytes()
CONSENT = '[consent]\nreject = "#kakor-nodvandiga"\n'


def _site(pages: int = PAGES, *, banner: bool = False) -> Files:
    """``pages`` pages in a tree (each links to its two children and back to the start);
    every fifth has an image without alt text, every seventh a link without text; with
    ``banner``, every page opens the demo's cookie banner."""
    head = "<script src='/js/kakbanner.js' defer></script>" if banner else ""
    files: dict[str, tuple[bytes, str]] = {}
    if banner:
        files["/js/kakbanner.js"] = (BANNER, "text/javascript")
        files["/bilder/besok.gif"] = (PIXEL, "image/gif")
    for n in range(pages):
        links = "".join(
            f"<li><a href='/sida/{child}/'>Sida nummer {child}</a></li>"
            for child in (2 * n + 1, 2 * n + 2)
            if child < pages
        )
        faults = "<img src='/bild.png'>" if n % 5 == 0 else ""
        faults += "<a href='/'></a>" if n % 7 == 0 else ""
        body = (
            f"<p>Det här är sidan {n} på kommunens webbplats. Här finns information"
            " om hur du söker bygglov och vart du vänder dig med frågor.</p>"
            f"<ul>{links}<li><a href='/'>Till startsidan</a></li></ul>{faults}"
        )
        path = "/" if n == 0 else f"/sida/{n}/"
        files[path] = (html_page(f"Sida {n}", body, head=head), HTML)
    files["/bild.png"] = (b"\x89PNG\r\n\x1a\n", "image/png")
    return files


@pytest.fixture
def site(serve: Callable[[Files], SiteServer]) -> SiteServer:
    return serve(_site())


class Processes:
    """klarsyn subprocesses, each in its own session so a kill takes its browsers too."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.started: list[subprocess.Popen[str]] = []

    def start(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-m", "klarsyn", *args],
            cwd=self.cwd,
            env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    started = Processes(tmp_path)
    yield started
    started.stop_all()


def _ledger(out: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """Every ledger row of the store's one run: URL, status and facts."""
    with closing(sqlite3.connect(out / "klarsyn.sqlite")) as db:
        rows = db.execute("SELECT url, status, facts FROM pages").fetchall()
    return [(url, status, json.loads(facts)) for url, status, facts in rows]


def _stored(out: Path) -> int:
    """Ledger rows stored so far (0 before the store exists or while it is locked)."""
    try:
        with closing(sqlite3.connect(f"file:{out / 'klarsyn.sqlite'}?mode=ro", uri=True)) as db:
            return int(db.execute("SELECT count(*) FROM pages").fetchone()[0])
    except sqlite3.Error:
        return 0


def _findings(report: dict[str, Any]) -> dict[str, list[tuple[str, ...]]]:
    return {
        page["url"]: sorted(
            (f["rule"], f["outcome"], f["selector"], str(f.get("impact")))
            for f in page["findings"]
        )
        for page in report["pages"]
    }


def _coordinate(
    processes: Processes, redis_server: RedisServer, site: SiteServer, out: Path, *extra: str
) -> subprocess.Popen[str]:
    return processes.start(
        "audit", site.base_url + "/", "--loopback-only", "--queue", redis_server.url,
        "--out", str(out), *extra,
    )


def _wait_for_run(redis_server: RedisServer) -> None:
    """Until the coordinator has announced its run (workers would wait for it anyway)."""
    client = redis.Redis(port=redis_server.port)
    try:
        while not client.exists("klarsyn:run"):
            time.sleep(0.1)
    finally:
        client.close()


def test_three_workers_audit_every_page_once_with_the_findings_of_one_process(
    serve: Callable[[Files], SiteServer],
    redis_server: RedisServer,
    processes: Processes,
    klarsyn: Callable[..., Run],
    tmp_path: Path,
) -> None:
    site = serve(_site(MANY_PAGES, banner=True))
    config = tmp_path / "consent.toml"
    config.write_text(CONSENT, encoding="utf-8")
    alone = klarsyn(
        "audit", site.base_url + "/", "--loopback-only", "--format", "json",
        "--config", str(config),
    )
    assert alone.code == 2, alone.stderr
    out = tmp_path / "distributed"
    coordinator = _coordinate(processes, redis_server, site, out, "--config", str(config))
    _wait_for_run(redis_server)
    workers = [
        processes.start("worker", redis_server.url, "--browsers", "1") for _ in range(3)
    ]
    _, stderr = coordinator.communicate(timeout=600)
    assert coordinator.returncode == 2, stderr
    for worker in workers:
        _, worker_err = worker.communicate(timeout=120)
        assert worker.returncode == 0, worker_err
        assert "ended: worker" in worker_err

    ledger = _ledger(out)
    urls = [url for url, _, _ in ledger]
    assert len(urls) == len(set(urls))
    assert set(urls) == set(alone.pages())
    audited = [row for row in ledger if row[1] == "audited"]
    assert len(audited) == MANY_PAGES
    distributed = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert _findings(distributed) == _findings(alone.report())
    # Each page names the worker that audited it (this machine and its process id), in
    # the store and the report. How the pages were shared is up to who asked first.
    started = {f"{socket.gethostname()}:{worker.pid}" for worker in workers}
    assert {facts["worker"] for _, _, facts in audited} <= started
    assert {page["worker"] for page in distributed["pages"]} <= started
    # The coordinator's klarsyn.log names the workers that took part.
    log = (out / "klarsyn.log").read_text(encoding="utf-8")
    for name in {facts["worker"] for _, _, facts in audited}:
        assert f"worker {name} joined run " in log
    assert f"{MANY_PAGES} pages stored from the queue" in log
    # The cookie banner, answered by each worker's browser, is one item, as in one process.
    banner = distributed["consent"]
    assert banner == alone.report()["consent"]
    assert banner["state"] == "given"
    assert {f["rule"] for f in banner["findings"]} >= {"button-name", "color-contrast"}
    # The report names the versions the workers audited with, as one process's does.
    for version in ("axe_version", "browser_version"):
        assert distributed[version] == alone.report()[version] != ""


def test_a_worker_killed_mid_run_loses_no_page(
    site: SiteServer, redis_server: RedisServer, processes: Processes, tmp_path: Path
) -> None:
    out = tmp_path / "killed"
    coordinator = _coordinate(processes, redis_server, site, out, "--lease", "10")
    _wait_for_run(redis_server)
    doomed = processes.start("worker", redis_server.url, "--browsers", "1")
    client = redis.Redis(port=redis_server.port)
    try:
        # Mid-run: the doomed worker has met a part of the site and holds leased pages.
        while client.hlen(SEEN_KEY) < 5 or client.zcard(LEASES_KEY) == 0:
            assert doomed.poll() is None, doomed.communicate()[1]
            time.sleep(0.01)
        held = client.zrange(LEASES_KEY, 0, -1)
        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.communicate()
        survivor = processes.start("worker", redis_server.url, "--browsers", "1")
        _, stderr = coordinator.communicate(timeout=600)
    finally:
        client.close()
    assert coordinator.returncode == 2, stderr
    _, survivor_err = survivor.communicate(timeout=120)
    assert survivor.returncode == 0, survivor_err
    ledger = _ledger(out)
    urls = [url for url, _, _ in ledger]
    assert len(urls) == len(set(urls))
    # The pages the killed worker held came back through their leases and were audited.
    assert held
    audited = {url for url, status, _ in ledger if status == "audited"}
    assert {lease.decode() for lease in held} <= audited
    assert sorted(url for url, status, _ in ledger if status == "audited") == sorted(
        site.base_url + path for path in _site() if path.endswith("/")
    )


def test_a_wrong_password_is_one_clear_sentence(
    redis_with_password: RedisServer, processes: Processes, site: SiteServer, tmp_path: Path
) -> None:
    wrong = {PASSWORD_VARIABLE: "inte-" + REDIS_TEST_PASSWORD}
    worker = processes.start("worker", redis_with_password.url, env=wrong)
    _, stderr = worker.communicate(timeout=60)
    assert worker.returncode == 1
    assert stderr == (
        f"klarsyn: error: the queue at {redis_with_password.url} refused the password in"
        f" {PASSWORD_VARIABLE} (or the user in KLARSYN_REDIS_USER)\n"
    )
    coordinator = processes.start(
        "audit", site.base_url + "/", "--queue", redis_with_password.url,
        "--out", str(tmp_path / "out"), env=wrong,
    )
    _, stderr = coordinator.communicate(timeout=60)
    assert coordinator.returncode == 1
    assert stderr.splitlines()[-1].startswith(
        f"klarsyn: error: the queue at {redis_with_password.url} refused the password"
    )
    assert REDIS_TEST_PASSWORD not in stderr


def test_two_workers_keep_the_crawl_delay_of_one_host_between_them(
    redis_server: RedisServer, processes: Processes, tmp_path: Path
) -> None:
    with FaultServer(
        crawl_delay=1, faults=(), mount_browser_pages=False, files=dict(_site())
    ) as site:
        coordinator = processes.start(
            "audit", site.base_url + "/", "--loopback-only", "--queue", redis_server.url,
            "--format", "json", "--out", str(tmp_path / "out"),
        )
        _wait_for_run(redis_server)
        workers = [
            processes.start("worker", redis_server.url, "--browsers", "1") for _ in range(2)
        ]
        _, stderr = coordinator.communicate(timeout=600)
        hits = [hit for hit in site.hits if "klarsyn" in hit.headers.get("User-Agent", "")]
    assert coordinator.returncode in (0, 2), stderr
    for worker in workers:
        _, worker_err = worker.communicate(timeout=120)
        assert worker.returncode == 0, worker_err
    # Both workers fetched from the host (each reads robots.txt itself; a worker takes
    # at most 8 requests at once, and the site's frontier grows past that)...
    assert len([hit for hit in hits if hit.path == "/robots.txt"]) == 2
    # ...and once the first had read its Crawl-delay (1 s), no two requests of either
    # came closer than that, though each worker alone would keep it only for its own.
    # The times are arrivals at the server: a loaded machine may hold a request for a
    # while after it took its turn, so the margin is a quarter of the delay. Two workers
    # that each kept the delay only for their own requests would interleave, with a gap
    # of at most half their period somewhere: under 0.75 s, so this still tells them apart.
    first_robots = min(i for i, hit in enumerate(hits) if hit.path == "/robots.txt")
    after = hits[first_robots + 1:]
    assert len(after) >= 5
    times = sorted(hit.time for hit in after)
    assert min(b - a for a, b in pairwise(times)) >= 0.75


def _queue_contents(client: redis.Redis) -> bytes:
    """Every value of klarsyn's keys in the queue, read by type, as one blob."""
    parts: list[bytes] = []
    for key in client.scan_iter(match="klarsyn:*"):
        kind = client.type(key)
        if kind == b"string":
            parts.append(client.get(key) or b"")
        elif kind == b"hash":
            for field, value in client.hgetall(key).items():
                parts += [field, value]
        elif kind == b"list":
            parts += client.lrange(key, 0, -1)
        elif kind == b"zset":
            parts += client.zrange(key, 0, -1)
        elif kind == b"set":
            parts += list(client.smembers(key))
    # Requests are JSON with bytes in base64 (frontier.JsonSerializer): read them decoded.
    decoded = [
        repr(JsonSerializer.loads(part)).encode() if part.startswith(b'{"url"') else part
        for part in parts
    ]
    return b"\n".join(decoded)


def test_over_tls_no_credential_reaches_the_queue_or_a_log(
    redis_over_tls: RedisServer,
    processes: Processes,
    serve: Callable[[Files], SiteServer],
    tmp_path: Path,
) -> None:
    """A run through a queue that speaks TLS only (rediss://), as an ACL user who may
    touch klarsyn's keys and run no dangerous command, the worker holding the site's
    credentials: the run works, and none of the secrets is in the queue or a log."""
    assert redis_over_tls.tls_files is not None
    ca = str(redis_over_tls.tls_files.ca)
    client = redis.Redis(
        port=redis_over_tls.port, password=REDIS_TEST_PASSWORD, ssl=True, ssl_ca_certs=ca
    )
    client.acl_setuser(
        "granskare", enabled=True, passwords=["+" + ACL_PASSWORD], keys=["klarsyn:*"],
        commands=["+@all", "-@dangerous"],
    )
    queue_env = {USER_VARIABLE: "granskare", PASSWORD_VARIABLE: ACL_PASSWORD, CA_VARIABLE: ca}
    files = dict(_site())
    # A link without its slash: the server redirects it, and a redirect is a copy of
    # the request as sent, credentials and all, that goes back to the scheduler.
    files["/"] = (html_page("Start", "<p><a href='/sida/1'>Sida ett</a></p>"), HTML)
    site = serve(files)
    secrets = {
        **queue_env,
        "KLARSYN_HEADER": "X-Api-Key: hemlig-nyckel-4711",
        "KLARSYN_COOKIE": "sessionid=hemlig-kaka-0815",
    }
    out = tmp_path / "out"
    coordinator = processes.start(
        "audit", site.base_url + "/", "--loopback-only", "--queue", redis_over_tls.url,
        "--max-pages", "8", "--out", str(out), env=queue_env,
    )
    try:
        while not client.exists("klarsyn:run"):
            time.sleep(0.1)
        worker = processes.start("worker", redis_over_tls.url, "--browsers", "1", env=secrets)
        seen = b""
        while coordinator.poll() is None:
            seen += _queue_contents(client)
            time.sleep(0.05)
    finally:
        client.close()
    _, coordinator_err = coordinator.communicate()
    _, worker_err = worker.communicate(timeout=120)
    assert coordinator.returncode == 2, coordinator_err
    assert worker.returncode == 0, worker_err
    # The queue was read while it held the run's requests, the redirect among them.
    assert b"'redirect_urls': ['" + site.base_url.encode() + b"/sida/1']" in seen
    logs = coordinator_err + worker_err + "".join(
        path.read_text(encoding="utf-8", errors="replace") for path in out.rglob("*.log")
    )
    for value in ("hemlig-nyckel-4711", "hemlig-kaka-0815", ACL_PASSWORD):
        assert value.encode() not in seen
        assert value not in logs


def test_ctrl_c_on_the_coordinator_writes_a_partial_report_and_resume_finishes_the_run(
    site: SiteServer,
    redis_server: RedisServer,
    processes: Processes,
    tmp_path: Path,
) -> None:
    out = tmp_path / "stopped"
    coordinator = _coordinate(processes, redis_server, site, out)
    _wait_for_run(redis_server)
    worker = processes.start("worker", redis_server.url, "--browsers", "1")
    # Mid-run: a few pages stored, most of the site not.
    while _stored(out) < 5:
        assert coordinator.poll() is None
        time.sleep(0.05)
    coordinator.send_signal(signal.SIGINT)
    _, stderr = coordinator.communicate(timeout=600)
    assert coordinator.returncode == 130, stderr
    _, worker_err = worker.communicate(timeout=120)
    assert worker.returncode == 0, worker_err  # the run it joined ended

    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["partial"] is True
    ledger = _ledger(out)
    urls = [url for url, _, _ in ledger]
    assert len(urls) == len(set(urls))
    statuses = {status for _, status, _ in ledger}
    assert statuses <= {"audited", "skipped"}
    before = {url: facts["worker"] for url, status, facts in ledger if status == "audited"}
    assert len(before) < PAGES

    # --resume --queue goes on through the queue, with a worker that joins it.
    resumed = processes.start(
        "audit", "--resume", "--out", str(out), "--queue", redis_server.url
    )
    _wait_for_run(redis_server)
    second = processes.start("worker", redis_server.url, "--browsers", "1")
    _, stderr = resumed.communicate(timeout=600)
    assert resumed.returncode == 2, stderr  # complete now; some images lack alt texts
    _, worker_err = second.communicate(timeout=120)
    assert second.returncode == 0, worker_err
    ledger = _ledger(out)
    urls = [url for url, _, _ in ledger]
    assert len(urls) == len(set(urls))
    assert sorted(url for url, status, _ in ledger if status == "audited") == sorted(
        site.base_url + path for path in _site() if path.endswith("/")
    )
    # What the first worker audited was kept, not audited again; the rest is the second's.
    after = {url: facts["worker"] for url, status, facts in ledger if status == "audited"}
    assert {url: after[url] for url in before} == before
    assert {after[url] for url in after.keys() - before.keys()} == {
        f"{socket.gethostname()}:{second.pid}"
    }
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["partial"] is False


def test_a_coordinator_that_died_frees_its_workers_and_the_queue(
    site: SiteServer,
    redis_server: RedisServer,
    processes: Processes,
    klarsyn: Callable[..., Run],
    tmp_path: Path,
) -> None:
    doomed = _coordinate(processes, redis_server, site, tmp_path / "doomed")
    _wait_for_run(redis_server)
    worker = processes.start("worker", redis_server.url, "--browsers", "1")
    while _stored(tmp_path / "doomed") < 3:
        assert doomed.poll() is None
        time.sleep(0.05)
    os.killpg(doomed.pid, signal.SIGKILL)
    doomed.communicate()
    # Its run's record lapses: the worker ends as after any run...
    _, worker_err = worker.communicate(timeout=300)
    assert worker.returncode == 0, worker_err
    # ...and a new coordinator is not refused by the dead one's run.
    out = tmp_path / "next"
    coordinator = _coordinate(processes, redis_server, site, out)
    _wait_for_run(redis_server)
    processes.start("worker", redis_server.url, "--browsers", "1")
    _, stderr = coordinator.communicate(timeout=600)
    assert coordinator.returncode == 2, stderr
    assert len([row for row in _ledger(out) if row[1] == "audited"]) == PAGES
    # The dead coordinator's run is unfinished in its store: --resume finishes it.
    resumed = klarsyn("audit", "--resume", "--out", str(tmp_path / "doomed"))
    assert resumed.code == 2, resumed.stderr
    ledger = _ledger(tmp_path / "doomed")
    assert len({url for url, _, _ in ledger}) == len(ledger)
    assert len([row for row in ledger if row[1] == "audited"]) == PAGES
