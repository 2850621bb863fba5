"""How the reports behave at real-site size: render a synthetic site of N pages (no crawl,
no browser for the audit) and print the files' sizes, the render time and peak memory,
and how long headless Chromium takes to open report.html from disk.

    PYTHONPATH=. .venv/bin/python bench/bench_report.py --pages 10000 --out /tmp/big
    PYTHONPATH=. .venv/bin/python bench/bench_report.py --pages 10000 --json figures.json

The rows come from tests/bigsite.py (every kind of finding on every page, 2 % failed or
skipped URLs, 20 owners) and go through a real SQLite store (reports.store), as an
audit's would. The open time is Chromium's navigation to ``load`` of report.html
(``performance.timing``), measured three times, in a fresh headless browser. A bench, not a
test: the figures depend on the machine and its load (printed beside them).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reports.reporters.files import write_reports  # noqa: E402
from reports.store import Store  # noqa: E402
from tests.bigsite import big_page, big_run  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def build_store(path: Path, pages: int) -> int:
    """A store with one finished run of ``pages`` synthetic rows; returns the run's id."""
    run = big_run(pages)
    with Store(path) as store:
        run_id = store.start_run(run.site, run.started, run.tool_version, run.settings)
        for n in range(pages):
            store.add_page(run_id, big_page(n))
        store.finish_run(
            run_id,
            str(run.finished),
            partial=False,
            axe_version=run.axe_version,
            browser_version=run.browser_version,
        )
    return run_id


def open_time(report: Path, tries: int = 3) -> list[float]:
    """Seconds from navigation start to the load event of ``report`` in headless Chromium."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="klarsyn-bench-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    times = []
    try:
        for _ in range(tries):
            driver.get("about:blank")
            driver.get(report.as_uri())
            ms = driver.execute_script(
                "const t = performance.timing; return t.loadEventEnd - t.navigationStart;"
            )
            times.append(round(ms / 1000, 3))
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=None, help="keep the reports here")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    parser.add_argument("--no-browser", action="store_true", help="skip the open time")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="klarsyn-bench-report-"))
    out = args.out or work / "out"
    try:
        started = time.perf_counter()
        run_id = build_store(work / "klarsyn.sqlite", args.pages)
        stored = time.perf_counter() - started
        with Store(work / "klarsyn.sqlite") as store:
            run, rows, rules = store.load_run(run_id), store.load_pages(run_id), {}
        loaded, cpu = time.perf_counter(), time.process_time()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        write_reports(run, rows, rules, out, ["html", "json", "csv"])
        rendered, cpu = time.perf_counter() - loaded, time.process_time() - cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        sidor = sorted((out / "sidor").iterdir())
        figures: dict[str, object] = {
            "pages": args.pages,
            "load": os.getloadavg(),
            "store_seconds": round(stored, 1),
            "render_seconds": round(rendered, 1),
            # CPU seconds of the render: what other load on the machine changes least.
            "render_cpu_seconds": round(cpu, 1),
            "peak_rss_mib_before_render": round(before / 1024),
            "peak_rss_mib": round(peak / 1024),
            "bytes": {p.name: p.stat().st_size for p in sorted(out.iterdir()) if p.is_file()},
            "sidor_files": len(sidor),
            "sidor_bytes": sum(p.stat().st_size for p in sidor),
            "largest_sidor_file": max((p.stat().st_size, p.name) for p in sidor),
        }
        if not args.no_browser and CHROMIUM.exists() and CHROMEDRIVER.exists():
            figures["open_seconds"] = open_time(out / "report.html")
            figures["open_seconds_index"] = open_time(out / "sidor" / "index.html")
            figures["open_seconds_detail"] = open_time(out / "sidor" / "sidor-1.html")
        print(json.dumps(figures, indent=1))
        if args.json:
            args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
