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
        samples: list[tuple[float, int, int, int]] = []  # seconds, pages, rss, hwm (KiB)
        last_stored = 0
        while proc.poll() is None:
            status = _status(proc.pid)
            stored = _stored(out / STORE)
            last_stored = stored if stored >= 0 else last_stored
            if status:
                samples.append(
                    (time.monotonic() - start, last_stored, status["VmRSS"], status["VmHWM"])
                )
            time.sleep(0.25)
        seconds = time.monotonic() - start
        server.stop()
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""

    def mib(kib: int) -> float:
        return round(kib / 1024, 1)

    def at(count: int) -> float | None:
        for _, stored, rss, _ in samples:
            if stored >= count:
                return mib(rss)
        return None

    first = next((s for s, stored, _, _ in samples if stored >= 1), None)
    crawl_end = max((stored for _, stored, _, _ in samples), default=0)
    before_report = [rss for _, stored, rss, _ in samples if stored >= crawl_end]
    return {
        "checkout": str(checkout),
        "pages_in_site": pages,
        "browsers": browsers,
        "exit_code": proc.returncode,
        "seconds": round(seconds, 1),
        "pages_stored": crawl_end,
        "first_page_stored_s": round(first, 1) if first is not None else None,
        "rss_mib_at_pages": {str(m): at(m) for m in marks},
        "rss_mib_crawl_done": mib(before_report[0]) if before_report else None,
        "peak_rss_mib": mib(max((hwm for *_, hwm in samples), default=0)),
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
