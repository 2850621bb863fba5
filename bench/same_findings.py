"""Whether two klarsyn checkouts find the same on the demo site and on the fault server's pages.

Run from the repository root::

    .venv/bin/python bench/same_findings.py --against /tmp/base

Both checkouts audit the bundled demo site (``klarsyn audit --out DIR``, its own server on
a free port) and, with ``--faults``, the browser fault pages of tests/faultpages.py served
locally (``--urls``). Each finding is compared as (rule, outcome, page path, selector),
the page's host and port left out (every run has its own port); a page's outcome too.
Prints what only one side found and exits 1 if anything differs, 0 if nothing does.
A script for a change's review, not a test: it takes two full audits per site.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

Row = tuple[str, ...]


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def audit(checkout: Path, out: Path, extra: Sequence[str]) -> dict:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    if not (checkout / "node_modules").exists():
        env["KLARSYN_AXE_DIR"] = str(ROOT / "node_modules" / "axe-core")
    command = [sys.executable, "-m", "klarsyn", "audit", *extra, "--out", str(out)]
    command += ["--format", "json"]
    done = subprocess.run(command, env=env, cwd=checkout, capture_output=True, text=True)
    if done.returncode not in (0, 2):
        raise SystemExit(f"{checkout}: audit failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def rows(report: dict) -> set[Row]:
    """(kind, page path, outcome or rule, finding outcome, selector) of every page and finding."""
    found: set[Row] = set()
    for page in report["pages"]:
        where = path_of(page["url"])
        found.add(("page", where, page["outcome"], page.get("reason") or "", ""))
        for finding in page.get("findings") or ():
            found.add(
                ("finding", where, finding["rule"], finding["outcome"], finding["selector"] or "")
            )
    return found


def compare(name: str, a: set[Row], b: set[Row]) -> bool:
    def counts(side: set[Row]) -> str:
        pages = sum(1 for row in side if row[0] == "page")
        return f"{pages} pages, {len(side) - pages} findings"

    print(f"{name}: A {counts(a)}; B {counts(b)}")
    for label, only in (("only in A", a - b), ("only in B", b - a)):
        for row in sorted(only):
            print(f"  {label}: {row}")
    same = a == b
    print(f"  {'same' if same else 'DIFFERENT'}")
    return same


def fault_urls(folder: Path) -> tuple[object, Path]:
    from crawler.localserver import SiteServer
    from tests.faultpages import PAGES

    server = SiteServer(dict(PAGES)).start()
    listing = folder / "urls.txt"
    skip = {"/browser/crash.html"}  # its heap fills at a speed that depends on the load
    listing.write_text(
        "\n".join(server.base_url + path for path in sorted(PAGES) if path not in skip) + "\n"
    )
    return server, listing


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, required=True, help="the other checkout (B)")
    parser.add_argument("--faults", action="store_true", help="also the browser fault pages")
    args = parser.parse_args(argv)
    same = True
    with tempfile.TemporaryDirectory(prefix="klarsyn-same-") as tmp:
        folder = Path(tmp)
        reports = [
            audit(side, folder / f"demo-{n}", []) for n, side in enumerate((ROOT, args.against))
        ]
        same &= compare("demo site", rows(reports[0]), rows(reports[1]))
        if args.faults:
            server, listing = fault_urls(folder)
            try:
                extra = ["--urls", str(listing), "--loopback-only", "--page-timeout", "6"]
                reports = [
                    audit(side, folder / f"faults-{n}", extra)
                    for n, side in enumerate((ROOT, args.against))
                ]
            finally:
                server.stop()  # type: ignore[attr-defined]
            same &= compare("fault pages", rows(reports[0]), rows(reports[1]))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
