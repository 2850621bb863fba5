"""Memory of klarsyn's own Python process over a crawl of the generated bench site.

Run from the repository root::

    .venv/bin/python bench/bench_memory.py [--pages 1000] [--browsers 2] [--checkout PATH]

It serves ``bench/benchsite.py``'s site on 127.0.0.1, runs ``klarsyn audit`` from its
start page (``--loopback-only --max-pages N+50 --format json``) as a subprocess with
``PYTHONPATH`` = the checkout (this one by default), and every 0.25 s reads the klarsyn
process's ``VmRSS`` and ``VmHWM`` from ``/proc`` and the number of pages stored so far
(the run's SQLite store, read-only). It prints, and writes as JSON with ``--json FILE``:
the seconds until the first page was stored, the RSS when 300, 1,000 (and each
``--marks``) pages were stored, the RSS just before the report is written and the
process's peak (VmHWM). Only klarsyn's own process: the browsers are not counted.
``watch`` and ``summarise`` are the sampling, for bench_audit.py's ``--scale`` run.

A script, not a test: it prints figures and asserts nothing about them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.benchsite import add_meta_files, build_site  # noqa: E402
from crawler.localserver import SiteServer  # noqa: E402

STORE = "klarsyn.sqlite"


def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of ``pid`` in KiB ({} once it is gone)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return {
        line.split(":")[0]: int(line.split()[1])
        for line in text.splitlines()
        if line.startswith(("VmRSS", "VmHWM"))
    }


def _stored(store: Path) -> int:
    """Pages stored so far (0 while the store does not exist or is locked)."""
    if not store.exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=0.1)
        with contextlib.closing(db):
            return int(db.execute("SELECT count(*) FROM pages").fetchone()[0])
    except sqlite3.Error:
        return -1


@dataclass(frozen=True)
class Sample:
    """One look at the klarsyn process: seconds since its start, pages stored so far,
    VmRSS and VmHWM (KiB)."""

    seconds: float
    stored: int
    rss: int
    hwm: int


def watch(
    proc: subprocess.Popen[bytes],
    store: Path,
    started: float,
    every: float = 0.25,
    also: Callable[[], None] | None = None,
) -> list[Sample]:
    """Sample ``proc`` (VmRSS, VmHWM) and the pages in ``store`` every ``every`` seconds
    until it ends; ``also`` is called at each sample (bench_audit samples the process tree
    there). ``started``: the time.monotonic() the command was started at."""
    samples: list[Sample] = []
    last_stored = 0
    while proc.poll() is None:
        status = _status(proc.pid)
        stored = _stored(store)
        last_stored = stored if stored >= 0 else last_stored
        if status:
            samples.append(
                Sample(time.monotonic() - started, last_stored, status["VmRSS"], status["VmHWM"])
            )
        if also is not None:
            also()
        time.sleep(every)
    return samples


def _mib(kib: int) -> float:
    return round(kib / 1024, 1)


def rss_at(samples: list[Sample], count: int) -> float | None:
    """RSS in MiB at the first sample with at least ``count`` pages stored (None: never)."""
    return next((_mib(s.rss) for s in samples if s.stored >= count), None)


def summarise(samples: list[Sample], marks: list[int]) -> dict[str, object]:
    """The figures of a watched run: pages stored, seconds to the first stored page, RSS at
    each mark, RSS when the crawl was done (just before the report) and the peak (VmHWM)."""
    first = next((s.seconds for s in samples if s.stored >= 1), None)
    crawl_end = max((s.stored for s in samples), default=0)
    before_report = [s.rss for s in samples if s.stored >= crawl_end]
    return {
        "pages_stored": crawl_end,
        "first_page_stored_s": round(first, 1) if first is not None else None,
        "rss_mib_at_pages": {str(m): rss_at(samples, m) for m in marks},
        "rss_mib_crawl_done": _mib(before_report[0]) if before_report else None,
        "peak_rss_mib": _mib(max((s.hwm for s in samples), default=0)),
    }


def measure(checkout: Path, pages: int, browsers: int, marks: list[int]) -> dict[str, object]:
    site = build_site(pages)
    server = SiteServer(site).start()
    add_meta_files(site, server.base_url)
    with tempfile.TemporaryDirectory(prefix="klarsyn-bench-mem-") as tmp:
        out = Path(tmp) / "out"
        argv = [
            sys.executable, "-m", "klarsyn", "audit", server.base_url + "/", "--out", str(out),
            "--browsers", str(browsers), "--loopback-only", "--max-pages", str(pages + 50),
            "--format", "json",
        ]  # fmt: skip
        env = dict(os.environ, PYTHONPATH=str(checkout))
        start = time.monotonic()
        # cwd outside any checkout: ``python -m`` puts the cwd before PYTHONPATH.
        proc = subprocess.Popen(
            argv, env=env, cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        samples = watch(proc, out / STORE, start)
        seconds = time.monotonic() - start
        server.stop()
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    return {
        "checkout": str(checkout),
        "pages_in_site": pages,
        "browsers": browsers,
        "exit_code": proc.returncode,
        "seconds": round(seconds, 1),
        **summarise(samples, marks),
        "stderr_tail": stderr.strip().splitlines()[-2:],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--browsers", type=int, default=2)
    parser.add_argument("--checkout", type=Path, default=ROOT)
    parser.add_argument("--marks", type=int, nargs="*", default=[1, 100, 300, 600, 1000])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with Path("/proc/loadavg").open() as f:
        print("load:", f.read().strip())
    result = measure(args.checkout.resolve(), args.pages, args.browsers, args.marks)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
