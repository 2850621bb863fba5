"""Pages per second of a distributed audit with 1, 2, 3… worker processes, and the
coordinator's memory.

Run from the repository root::

    .venv/bin/python bench/bench_distributed.py [--pages 300] [--workers 1,2,3]
        [--browsers 1] [--json FILE]

For each worker count it serves ``bench/benchsite.py``'s light site on 127.0.0.1, starts
a fresh ``redis-server`` on loopback (no persistence), runs ``klarsyn audit --queue``
(``--loopback-only --max-pages N+50 --format json``) and that many ``klarsyn worker``
processes (``--browsers`` each), and measures the seconds from the first page stored to
the last (the crawl, not the reports) from the store, the audited pages per second over
them, the seconds from the workers' start to the coordinator's end (reports included), and
the coordinator's peak RSS (``VmHWM``; only its own process). It prints, and
writes as JSON with ``--json FILE``.

``--coordinator-pages N`` (e.g. 10000) measures the coordinator alone at N pages without
crawling N pages: after the runs above, a feeder takes the pages the last run stored (real
audited pages: findings, text blocks, links) and sends copies of them at distinct URLs
through the results list, as workers would, to a fresh coordinator; the figures are its
RSS when the N-th page is stored, and its peak over the whole run (text pass, site pass and
reports over N pages included).

A script, not a test: it prints figures and asserts nothing about them. On a machine of
two cores, workers beyond the cores' share only take turns: see bench/README.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.benchsite import add_meta_files, build_site  # noqa: E402
from crawler.localserver import SiteServer  # noqa: E402
from tests.redisserver import RedisServer  # noqa: E402


def _klarsyn(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "klarsyn", *args],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _peak_rss(pid: int) -> int:
    """The process's peak resident set (VmHWM) in KiB; 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(
    pages: int, workers: int, browsers: int, keep: Path | None = None
) -> dict[str, float]:
    site = build_site(pages)
    server = SiteServer(site).start()
    add_meta_files(site, server.base_url)
    queue = RedisServer().start()
    try:
        with tempfile.TemporaryDirectory(prefix="klarsyn-bench-dist-") as tmp:
            out = Path(tmp) / "out"
            coordinator = _klarsyn(
                "audit", server.base_url + "/", "--loopback-only", "--queue", queue.url,
                "--max-pages", str(pages + 50), "--format", "json", "--out", str(out),
            )
            began = time.monotonic()
            started = [_klarsyn("worker", queue.url, "--browsers", str(browsers))
                       for _ in range(workers)]
            store = out / "klarsyn.sqlite"
            seen: dict[int, float] = {}
            peak = 0
            while coordinator.poll() is None:
                peak = max(peak, _peak_rss(coordinator.pid))
                count = _stored(store)
                if count and count not in seen:
                    seen[count] = time.monotonic()
                time.sleep(0.25)
            wall = time.monotonic() - began
            for worker in started:
                worker.wait(timeout=120)
            audited = _audited(store)
            if keep is not None:
                shutil.copy(store, keep)
    finally:
        queue.stop()
        server.stop()
    span = max(seen.values()) - min(seen.values()) if len(seen) > 1 else float("nan")
    return {
        "workers": workers,
        "browsers_per_worker": browsers,
        "audited": audited,
        "crawl_seconds": round(span, 1),
        "wall_seconds_with_reports": round(wall, 1),
        "pages_per_second": round(audited / span, 2) if span == span and span else 0.0,
        "coordinator_peak_rss_mib": round(peak / 1024, 1),
    }


def coordinator_memory(total: int, sample: Path) -> dict[str, float]:
    """The coordinator's RSS when ``total`` pages (copies of ``sample``'s) are stored."""
    import redis

    from crawler.distributed.frontier import RESULTS_KEY, SEEDED_KEY
    from crawler.distributed.results import encode_page
    from reports.store import Store

    with Store(sample, create=False) as store:
        pages = [p for p in store.load_pages(store.latest_run_id()) if p.status == "audited"]
    server = SiteServer({"/": (b"<!doctype html><title>x</title>", "text/html")}).start()
    queue = RedisServer().start()
    try:
        with tempfile.TemporaryDirectory(prefix="klarsyn-bench-coord-") as tmp:
            out = Path(tmp) / "out"
            coordinator = _klarsyn(
                "audit", server.base_url + "/", "--loopback-only", "--queue", queue.url,
                "--format", "json", "--out", str(out),
            )
            client = redis.Redis(port=queue.port)
            while not client.exists("klarsyn:run"):
                time.sleep(0.1)
            for number in range(total):
                page = pages[number % len(pages)]
                url = f"{server.base_url}/kopia-{number}{page.url.split('/', 3)[-1]}"
                client.rpush(RESULTS_KEY, encode_page(dataclasses.replace(page, url=url), ()))
            client.set(SEEDED_KEY, "1")
            store = out / "klarsyn.sqlite"
            at_total = peak = 0
            while coordinator.poll() is None:
                peak = max(peak, _peak_rss(coordinator.pid))
                if not at_total and _stored(store) >= total:
                    at_total = _rss(coordinator.pid)
                time.sleep(0.25)
            client.close()
    finally:
        queue.stop()
        server.stop()
    return {
        "coordinator_pages": total,
        "rss_at_last_page_mib": round(at_total / 1024, 1),
        "peak_rss_mib": round(peak / 1024, 1),
    }


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _stored(store: Path) -> int:
    if not store.is_file():
        return 0
    try:
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=0.2) as db:
            return int(db.execute("SELECT count(*) FROM pages").fetchone()[0])
    except sqlite3.Error:
        return 0


def _audited(store: Path) -> int:
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
        return int(db.execute("SELECT count(*) FROM pages WHERE status='audited'").fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--workers", default="1,2,3", help="comma-separated worker counts")
    parser.add_argument("--browsers", type=int, default=1, help="browsers per worker")
    parser.add_argument("--coordinator-pages", type=int, help="the coordinator alone at N pages")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="klarsyn-bench-sample-") as tmp:
        sample = Path(tmp) / "sample.sqlite"
        for workers in (int(n) for n in args.workers.split(",")):
            result = measure(args.pages, workers, args.browsers, keep=sample)
            print(json.dumps(result), flush=True)
            results.append(result)
        if args.coordinator_pages:
            result = coordinator_memory(args.coordinator_pages, sample)
            print(json.dumps(result), flush=True)
            results.append(result)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
