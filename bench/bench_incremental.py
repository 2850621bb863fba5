"""First audit against incremental re-audit of an unchanged generated site.

Run from the repository root::

    .venv/bin/python bench/bench_incremental.py [--pages 1000] [--browsers 2] [--json FILE]
        [--validators] [--weight light|real]

Serves bench/benchsite.py's site on 127.0.0.1, runs ``klarsyn audit --incremental`` into
one output folder twice (the first run audits every page, the second finds them all
unchanged), and prints both wall times, their ratio, the pages re-used and whether the
two runs' findings are identical, with the machine's load (the timings are noisy on a
shared machine). ``--validators`` makes the server send ETag and Last-Modified and answer
conditional requests with 304 (without it, unchanged pages are told by their body hash).
``measure`` is the measurement, for bench_audit.py's ``--incremental`` run.

A script, not a test: it prints figures and asserts nothing about them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.benchsite import Weight, add_meta_files, build_site  # noqa: E402
from crawler.localserver import SiteServer, _Handler  # noqa: E402


class _Validating(_Handler):
    def _send(self, status: int, body: bytes, content_type: str, send_body: bool) -> None:
        if status != 200:
            super()._send(status, body, content_type, send_body)
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        if send_body:
            self.wfile.write(body)


def audit(start: str, out: Path, pages: int, browsers: int) -> tuple[float, float, dict[str, Any]]:
    """Wall seconds, CPU seconds of the process tree (klarsyn, chromedriver, Chromium) and
    the report of one ``klarsyn audit --incremental``."""
    command = [
        sys.executable,
        "-m",
        "klarsyn",
        "audit",
        start,
        "--incremental",
        "--out",
        str(out),
        "--browsers",
        str(browsers),
        "--loopback-only",
        "--max-pages",
        str(pages + 50),
        "--format",
        "json",
    ]
    began = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    took = time.monotonic() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if not (out / "report.json").is_file():
        sys.exit(f"klarsyn failed (exit {done.returncode}): {done.stderr[-500:]}")
    return took, cpu, json.loads((out / "report.json").read_text(encoding="utf-8"))


def findings(report: dict[str, Any]) -> list[tuple[str, ...]]:
    return sorted(
        (page["url"], f["rule"], f["selector"], f["snippet"], f["fingerprint"])
        for page in report["pages"]
        for f in page["findings"]
    )


def measure(
    pages: int, browsers: int = 2, validators: bool = False, weight: Weight = "light"
) -> dict[str, Any]:
    """A first audit and an incremental re-audit of the unchanged site: the figures."""
    server = SiteServer(build_site(pages, weight=weight))
    if validators:
        server.RequestHandlerClass = _Validating
    server.start()
    add_meta_files(server.files, server.base_url)  # type: ignore[arg-type]
    try:
        with tempfile.TemporaryDirectory(prefix="klarsyn-incr-") as tmp:
            out = Path(tmp) / "out"
            load_before = os.getloadavg()
            first, cpu_a, report_a = audit(server.base_url + "/", out, pages, browsers)
            second, cpu_b, report_b = audit(server.base_url + "/", out, pages, browsers)
            load_after = os.getloadavg()
    finally:
        server.stop()
    audited = [p for p in report_b["pages"] if p["audited"]]
    return {
        "pages": pages,
        "weight": weight,
        "browsers": browsers,
        "validators": validators,
        "first_audit_s": round(first, 1),
        "incremental_s": round(second, 1),
        "speed_up": round(first / second, 1),
        "first_audit_cpu_s": round(cpu_a, 1),
        "incremental_cpu_s": round(cpu_b, 1),
        "cpu_ratio": round(cpu_a / cpu_b, 1),
        "audited_first": sum(p["audited"] for p in report_a["pages"]),
        "reused_second": sum(p.get("result_from") == "reused" for p in audited),
        "audited_second": sum(p.get("result_from") == "audited" for p in audited),
        "identical_findings": findings(report_a) == findings(report_b),
        "load_1min_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
    }


def summary(f: dict[str, Any]) -> str:
    """measure()'s figures in one line."""
    return (
        f"first audit {f['first_audit_s']} s, incremental {f['incremental_s']} s:"
        f" {f['speed_up']}x (CPU {f['first_audit_cpu_s']} s against {f['incremental_cpu_s']} s:"
        f" {f['cpu_ratio']}x); re-used {f['reused_second']}, audited {f['audited_second']};"
        f" identical findings: {f['identical_findings']}; load {f['load_1min_before_after']}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="HTML pages in the site")
    parser.add_argument("--browsers", type=int, default=2)
    parser.add_argument("--validators", action="store_true", help="ETag and 304s")
    parser.add_argument("--weight", choices=("light", "real"), default="light")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args(argv)
    figures = measure(args.pages, args.browsers, args.validators, args.weight)
    print(summary(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
