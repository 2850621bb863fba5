"""Speed and memory of ``klarsyn audit`` on a generated local site, with the peers beside it.

Run from the repository root (see bench/README.md)::

    .venv/bin/python bench/bench_audit.py [--pages 300] [--browsers 2] [--peers]
        [--weight light|real|both] [--crawl] [--json FILE]
    .venv/bin/python bench/bench_audit.py --scale 10000 [--json FILE]
    .venv/bin/python bench/bench_audit.py --incremental 1000 [--json FILE]
    .venv/bin/python bench/bench_audit.py --suite --json FILE     # all of it, issue 14's figures
    .venv/bin/python bench/bench_audit.py --against /tmp/base [--rounds 3]

A script, not a test: it prints figures and asserts nothing about them; the targets of
issue 14 are printed (and written) beside the ratios they concern.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audits.axe import run_options  # noqa: E402
from bench import bench_incremental  # noqa: E402
from bench.bench_memory import STORE, Sample, rss_at, summarise, watch  # noqa: E402
from bench.benchsite import MIN_PAGES, WEIGHTS, Weight, add_meta_files, build_site  # noqa: E402
from crawler.browser import scripts as browser_scripts  # noqa: E402
from crawler.browser.launch import (  # noqa: E402
    CHROMEDRIVER,
    CHROMIUM,
    CHROMIUM_FLAGS,
    LOOPBACK_ONLY_FLAG,
)
from crawler.browser.scripts import AxeAssets  # noqa: E402
from crawler.localserver import SiteServer  # noqa: E402
from crawler.processes import descendants, process_table  # noqa: E402

PEERS_DIR = ROOT / "bench" / ".peers"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
#: The packages of a checkout; with --against each must come from the checkout under test.
PACKAGES = ("klarsyn", "crawler", "audits", "reports")
#: The rendered-DOM serialiser and klarsyn's cap on it (issue 11); None in an older checkout,
#: and the floor's serialise column then says "n/a".
DOM_SCRIPT: str | None = getattr(browser_scripts, "DOM_SCRIPT", None)
MAX_DOM_CHARS: int | None = getattr(browser_scripts, "MAX_DOM_CHARS", None)


# -- measuring a process tree ----------------------------------------------------------


def sample_tree(roots: Sequence[int], cpu_seen: dict[int, int]) -> tuple[int, int, int]:
    """(RSS, PSS, PSS of the processes that are not browsers) in KiB, summed over the roots
    and all their descendants; CPU into cpu_seen.

    The RSS sum counts pages shared between processes (Chromium's code, mostly) once per
    process; PSS splits each shared page between its sharers, so its sum is what the tree
    really holds. The third figure leaves out Chromium and chromedriver: for klarsyn, its
    own process and any worker it starts (a language-model worker, say).
    """
    table, rss, pss, other = process_table(), 0, 0, 0
    for pid in [*roots, *(p.pid for root in roots for p in descendants(root, table))]:
        cpu_seen[pid] = table[pid].cpu_ticks if pid in table else cpu_seen.get(pid, 0)
        command = table[pid].command if pid in table else ()
        browser = bool(command) and "chrom" in Path(command[0]).name
        with contextlib.suppress(OSError, ValueError):
            for row in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if row.startswith("Rss:"):
                    rss += int(row.split()[1])
                elif row.startswith("Pss:"):
                    pss += int(row.split()[1])
                    other += 0 if browser else int(row.split()[1])
    return rss, pss, other


@dataclass
class Run:
    seconds: float = 0.0
    peak_rss: int = 0
    peak_pss: int = 0
    #: The largest PSS sum of the tree's processes that are not browsers.
    peak_pss_other: int = 0
    outputs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    cpu_busy: float = 0.0
    cpu_tool: float = 0.0
    #: klarsyn's own process and its store over the run (bench_memory.watch), if watched.
    samples: list[Sample] = field(default_factory=list)


def cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return sum(values) - values[3] - values[4], sum(values)


def run_measured(
    commands: Sequence[Sequence[str]],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    store: Path | None = None,
) -> Run:
    """Run the commands at once: wall time until the last ends, peak memory of their trees.

    ``store``: the first command is klarsyn writing to this SQLite store; its own process
    and the pages stored are then sampled as bench_memory.py samples them (Run.samples),
    the tree as for any command.
    """
    run = Run()
    with contextlib.ExitStack() as stack:
        outs = [stack.enter_context(tempfile.TemporaryFile("w+")) for _ in commands]
        errs = [stack.enter_context(tempfile.TemporaryFile("w+")) for _ in commands]
        started, (busy, total) = time.monotonic(), cpu_times()
        procs = [
            subprocess.Popen(c, stdout=o, stderr=e, cwd=cwd, env=env)
            for c, o, e in zip(commands, outs, errs, strict=True)
        ]
        cpu_seen: dict[int, int] = {}

        def tree() -> None:
            rss, pss, other = sample_tree([p.pid for p in procs], cpu_seen)
            run.peak_rss, run.peak_pss = max(run.peak_rss, rss), max(run.peak_pss, pss)
            run.peak_pss_other = max(run.peak_pss_other, other)

        if store is not None:
            run.samples = watch(procs[0], store, started, every=0.2, also=tree)
        while any(p.poll() is None for p in procs):
            tree()
            time.sleep(0.2)
        run.seconds = time.monotonic() - started
        busy_end, total_end = cpu_times()
        run.cpu_busy = (busy_end - busy) / max(total_end - total, 1)
        run.cpu_tool = sum(cpu_seen.values()) / max(total_end - total, 1)
        run.codes = [p.returncode for p in procs]
        for log, into in (*((o, run.outputs) for o in outs), *((e, run.errors) for e in errs)):
            log.seek(0)
            into.append(log.read())
    return run


def steady_rate(samples: Sequence[Sample]) -> float | None:
    """Pages a second from the first page stored to the last: the crawl without klarsyn's
    fixed start-up (Python, browsers, first page) and the report at the end."""
    last = max((s.stored for s in samples), default=0)
    first = next((s for s in samples if s.stored >= 1), None)
    done = next((s for s in samples if s.stored >= last), None)
    if first is None or done is None or done.seconds <= first.seconds:
        return None
    return (done.stored - first.stored) / (done.seconds - first.seconds)


# -- the tools -------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchSite:
    """The served site: its start URL, its HTML pages and the file that lists them."""

    weight: Weight
    start: str
    urls: list[str]
    urls_file: Path


@dataclass(frozen=True)
class Checkout:
    """A klarsyn checkout, run with this repository's .venv and PYTHONPATH set to its root.

    PYTHONPATH comes before the editable install, which maps the packages to the checkout
    it was made from (and, made before a package had its ``__init__.py``, would resolve
    ``crawler`` as a namespace package, so that the CLI cannot start).
    """

    root: Path

    @property
    def axe_dir(self) -> Path:
        """Its own axe-core; ours if it has none (node_modules is git-ignored: a fresh worktree)."""
        own = self.root / "node_modules" / "axe-core"
        return own if (own / "axe.min.js").is_file() else AXE_JS.parent

    def env(self) -> dict[str, str]:
        return os.environ | {"PYTHONPATH": str(self.root), "KLARSYN_AXE_DIR": str(self.axe_dir)}

    def describe(self) -> str:
        """Its path, commit, whether it has uncommitted changes (to tracked files), its axe."""
        git = ["git", "-C", str(self.root)]
        head = (
            subprocess.run(
                [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
            ).stdout.strip()
            or "no git commit"
        )
        dirty = subprocess.run(
            [*git, "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        axe = "" if self.axe_dir.is_relative_to(self.root) else f", axe-core from {ROOT}"
        return f"{self.root} at {head}{' + uncommitted changes' if dirty else ''}{axe}"

    def prepare(self) -> str | None:
        """Compile its modules; None if this .venv runs it from here, else what is wrong.

        Compiled first, so that the first round of a fresh worktree does not pay for
        compiling every module (the __pycache__ folders are git-ignored).
        """
        if not (self.root / "klarsyn").is_dir():
            return f"{self.root} is not a klarsyn checkout (no klarsyn package)"
        strays = self.strays()
        if any(stray.startswith("klarsyn ") for stray in strays):
            return f"klarsyn does not run from {self.root}: {', '.join(strays)}"
        if strays:
            print(f"note: run from {self.root}, klarsyn imports {', '.join(strays)}")
        python = str(ROOT / ".venv" / "bin" / "python")
        folders = [str(self.root / name) for name in PACKAGES if (self.root / name).is_dir()]
        subprocess.run([python, "-m", "compileall", "-q", *folders], check=False)
        return None

    def strays(self) -> list[str]:
        """The packages klarsyn would import from somewhere else than this checkout."""
        # -P: no current directory in sys.path, as for the klarsyn script.
        find = (
            f"import importlib.util as u\nfor n in {PACKAGES!r}:\n s = u.find_spec(n)\n"
            " print(n, s and (s.origin or [*s.submodule_search_locations][0]))"
        )
        done = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), "-P", "-c", find],
            env=self.env(),
            capture_output=True,
            text=True,
            check=True,
        )
        found = dict(row.split(" ", 1) for row in done.stdout.splitlines())
        return [
            f"{name} from {where}" if where != "None" else f"{name} not found"
            for name, where in found.items()
            if where == "None" or not Path(where).resolve().is_relative_to(self.root.resolve())
        ]


def run_klarsyn(
    site: BenchSite,
    browsers: int,
    out: Path,
    checkout: Checkout,
    crawl: bool = False,
    formats: str | None = "json",
) -> tuple[Run, int]:
    """klarsyn as a user runs it: ``--urls`` with the site's pages (a list is audited whole),
    or with ``crawl`` from the start page (``--max-pages`` pages + 50). ``formats``: its
    ``--format`` (None: the default html,json,csv). Pages: audited in report.json."""
    command = [str(ROOT / ".venv" / "bin" / "klarsyn"), "audit"]
    if crawl:
        command += [site.start, "--max-pages", str(len(site.urls) + 50)]
    else:
        command += ["--urls", str(site.urls_file)]
    command += ["--out", str(out), "--browsers", str(browsers), "--loopback-only"]
    command += ["--format", formats] if formats else []
    run = run_measured([command], env=checkout.env(), store=out / STORE)
    if not (out / "report.json").is_file():
        sys.exit(f"klarsyn failed (exit {run.codes[0]}): {run.errors[0][-500:]}")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return run, sum(p["outcome"] == "audited" for p in report["pages"])


@dataclass(frozen=True)
class Floor:
    """The browser stage alone: mean seconds per page and browser of each step.

    ``serialise`` is ``execute_script(DOM_SCRIPT, MAX_DOM_CHARS)``, the transfer of the HTML
    over WebDriver included, and ``dom_kb`` the mean size of the HTML it returned (KB of
    UTF-8, over the pages where it was not null); both None when not measured.
    ``too_big``: pages where it returned null (over MAX_DOM_CHARS). ``busy``: how busy the
    whole machine was meanwhile. ``pages_per_s``: the pages over the wall time from the
    moment every browser was warm to the last page's axe result (the bare limit's figure).
    """

    load: float
    serialise: float | None
    inject: float
    axe: float
    dom_kb: float | None
    too_big: int
    busy: float
    pages_per_s: float

    def per_page(self, browsers: int) -> float:
        """Seconds per page over the pool: every step, divided by the number of browsers."""
        return (self.load + (self.serialise or 0.0) + self.inject + self.axe) / browsers


def browser_floor(
    urls: Sequence[str], browsers: int, preload: bool, serialise: bool = False
) -> Floor:
    """Warm browsers, nothing else: per page load, inject axe, run axe (the bare limit).

    ``preload``: axe is registered once per browser for every new document (CDP
    Page.addScriptToEvaluateOnNewDocument) instead of sent with each page.
    ``serialise``: also serialise the DOM right after the load, as klarsyn does (after
    load and settle, before axe); then it is no longer the bare limit. Skipped when this
    checkout has no DOM_SCRIPT. The clock starts when every browser has loaded its first
    page (a barrier), so browser start-up is not counted, and stops at the last result.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    serialise = serialise and DOM_SCRIPT is not None
    assets = AxeAssets.load(AXE_JS.parent)
    inject = (
        assets.script.read_text(encoding="utf-8")
        + f";axe.configure({{locale: {json.dumps(assets.locale)}}});"
    )
    run_js = f"axe.run(document, {run_options()}).then(arguments[arguments.length - 1]);"
    sums = {"load": 0.0, "serialise": 0.0, "inject": 0.0, "axe": 0.0, "bytes": 0.0}
    too_big = 0
    starts: list[float] = []
    ends: list[float] = []
    warm = threading.Barrier(browsers)

    def work(share: Sequence[str]) -> None:
        nonlocal too_big
        try:
            options = webdriver.ChromeOptions()
            options.binary_location = CHROMIUM
            for flag in (*CHROMIUM_FLAGS, LOOPBACK_ONLY_FLAG):
                options.add_argument(flag)
            driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
            # WebDriver's 30 s default would end the floor on a heavy page of a busy machine.
            driver.set_page_load_timeout(300)
            driver.set_script_timeout(300)
        except BaseException:
            warm.abort()
            raise
        if preload:
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": inject})
        try:
            driver.get(share[0])  # warm up
            if not preload:
                driver.execute_script(inject)
            warm.wait(timeout=300)
            starts.append(time.perf_counter())
            for url in share:
                t0 = time.perf_counter()
                driver.get(url)
                t1 = time.perf_counter()
                html = driver.execute_script(DOM_SCRIPT, MAX_DOM_CHARS) if serialise else None
                t2 = time.perf_counter()
                if not preload:
                    driver.execute_script(inject)
                t3 = time.perf_counter()
                driver.execute_async_script(run_js)
                t4 = time.perf_counter()
                with lock:
                    sums["load"] += t1 - t0
                    sums["serialise"] += t2 - t1
                    sums["inject"] += t3 - t2
                    sums["axe"] += t4 - t3
                    if isinstance(html, str):
                        sums["bytes"] += len(html.encode("utf-8"))
                    elif serialise:
                        too_big += 1
            ends.append(time.perf_counter())
        except BaseException:
            warm.abort()
            raise
        finally:
            driver.quit()

    lock, (busy, total) = threading.Lock(), cpu_times()
    with ThreadPoolExecutor(browsers) as pool:
        list(pool.map(work, [urls[i::browsers] for i in range(browsers)]))
    busy_end, total_end = cpu_times()
    serialised = len(urls) - too_big
    return Floor(
        load=sums["load"] / len(urls),
        serialise=sums["serialise"] / len(urls) if serialise else None,
        inject=sums["inject"] / len(urls),
        axe=sums["axe"] / len(urls),
        dom_kb=sums["bytes"] / serialised / 1024 if serialise and serialised else None,
        too_big=too_big,
        busy=(busy_end - busy) / max(total_end - total, 1),
        pages_per_s=len(urls) / max(max(ends) - min(starts), 1e-9),
    )


def chromium_wrapper(folder: Path) -> Path:
    """@axe-core/cli splits --chrome-options at commas, so the resolver rule goes in a wrapper."""
    wrapper = folder / "chromium-loopback"
    wrapper.write_text(f"#!/bin/sh\nexec {CHROMIUM} '{LOOPBACK_ONLY_FLAG}' \"$@\"\n")
    wrapper.chmod(0o755)
    return wrapper


def run_axe_cli(urls: Sequence[str], browsers: int, tmp: Path) -> tuple[Run, int]:
    """One @axe-core/cli process per browser, each with its share of the URLs."""
    flags = ",".join(f.removeprefix("--") for f in CHROMIUM_FLAGS if "headless" not in f)
    base = [
        str(PEERS_DIR / "node_modules" / ".bin" / "axe"),
        "--stdout",
        "--chromedriver-path",
        CHROMEDRIVER,
        "--chrome-path",
        str(chromium_wrapper(tmp)),
        "--chrome-options",
        flags,
        "--axe-source",
        str(AXE_JS),
        "--tags",
        ",".join(TAGS),
    ]
    run = run_measured([[*base, *urls[i::browsers]] for i in range(browsers)])
    return run, sum(len(json.loads(out)) for out in run.outputs if out.strip().startswith("["))


def run_pa11y_ci(urls: Sequence[str], browsers: int, tmp: Path) -> tuple[Run, int]:
    args = [*CHROMIUM_FLAGS, LOOPBACK_ONLY_FLAG]
    config = {
        "defaults": {
            "concurrency": browsers,
            "runners": ["axe"],
            "standard": "WCAG2AA",
            "timeout": 30000,
            "chromeLaunchConfig": {
                "executablePath": CHROMIUM,
                "args": [a for a in args if "headless" not in a],
            },
        },
        # URL objects, not strings: pa11y-ci 4.1.1 shares one options object between
        # concurrent string URLs, and one test then closes another's browser context.
        "urls": [{"url": url} for url in urls],
    }
    (tmp / "pa11y-ci.json").write_text(json.dumps(config), encoding="utf-8")
    run = run_measured(
        [
            [
                str(PEERS_DIR / "node_modules" / ".bin" / "pa11y-ci"),
                "--json",
                "--config",
                str(tmp / "pa11y-ci.json"),
            ]
        ],
        cwd=tmp,
    )
    results = json.loads(run.outputs[0][run.outputs[0].find("{") :] or "{}").get("results", {})
    scanned = [r for r in results.values() if not (len(r) == 1 and set(r[0]) == {"message"})]
    return run, len(scanned)


# -- main ------------------------------------------------------------------------------


HEADER = (
    f"{'tool':<14} {'pages':>5} {'seconds':>8} {'pages/s':>8} {'s/page':>7} "
    f"{'peak RSS MiB':>12} {'PSS MiB':>8} {'CPU: all':>8} {'tool':>5} {'CPU s/page':>10}"
    "  exit"
)


#: Issue 14's targets for the side-by-side: klarsyn's pages/s over the bare limit's (at
#: least), and over each peer's.
TARGETS = {"bare": 0.85, "axe_cli": 3.5, "pa11y_ci": 6.0}
#: And for the big run and the re-audit.
SCALE_TARGETS = {
    "peak_rss_mib": 350,
    "rss_growth_1000_to_end": 1.2,
    "tree_peak_pss_mib": 2.5 * 1024,
    "report_html_mb": 5.0,
    "open_seconds": 3.0,
}
INCREMENTAL_TARGET = 10.0


def cpu_per_page(run: Run, audited: int) -> float:
    """CPU seconds of the tool's process tree per page: the figure other load changes least."""
    return run.cpu_tool * (os.cpu_count() or 1) * run.seconds / max(audited, 1)


def line(name: str, run: Run, audited: int, klarsyn: float | None = None) -> dict[str, object]:
    """Print one row of HEADER and return it for the JSON; ``klarsyn``: its s/page, for the
    "s/page vs klarsyn" column."""
    per_page = run.seconds / max(audited, 1)
    versus = "" if klarsyn is None else f" {per_page / klarsyn:.2f}×"
    print(
        f"{name:<14} {audited:>5} {run.seconds:>8.1f} {audited / run.seconds:>8.2f} "
        f"{per_page:>7.3f} {run.peak_rss / 1024:>12.0f} {run.peak_pss / 1024:>8.0f} "
        f"{run.cpu_busy:>8.0%} {run.cpu_tool:>5.0%} {cpu_per_page(run, audited):>10.3f}  "
        f"{','.join(map(str, run.codes)):<5}{versus}",
        flush=True,
    )
    return {
        "tool": name,
        "pages": audited,
        "seconds": round(run.seconds, 2),
        "pages_per_s": round(audited / run.seconds, 3),
        "s_per_page": round(per_page, 4),
        "peak_rss_mib_sum": round(run.peak_rss / 1024),
        "peak_pss_mib": round(run.peak_pss / 1024),
        "cpu_all": round(run.cpu_busy, 3),
        "cpu_tool": round(run.cpu_tool, 3),
        "cpu_s_per_page": round(cpu_per_page(run, audited), 4),
        "exit": run.codes,
    }


def floor_line(name: str, floor: Floor, browsers: int) -> dict[str, object]:
    """Print one floor and return it for the JSON."""
    stage = floor.per_page(browsers)
    if floor.serialise is None:
        serialise = ""
    else:
        size = "n/a" if floor.dom_kb is None else f"{floor.dom_kb:.1f} KB"
        over = f", null on {floor.too_big} pages" if floor.too_big else ""
        serialise = f"+ serialise {floor.serialise * 1000:.1f} ms ({size}{over}) "
    print(
        f"floor, {name}: per page and browser load {floor.load * 1000:.0f} ms {serialise}"
        f"+ inject {floor.inject * 1000:.0f} ms + axe {floor.axe * 1000:.0f} ms → "
        f"{stage:.3f} s/page over {browsers} browsers ({1 / stage:.2f} pages/s from the steps, "
        f"{floor.pages_per_s:.2f} pages/s on the clock); bare axe {floor.axe / browsers:.3f} "
        f"s/page; CPU busy {floor.busy:.0%}",
        flush=True,
    )
    return {
        "floor": name,
        "load_ms": round(floor.load * 1000, 1),
        "serialise_ms": None if floor.serialise is None else round(floor.serialise * 1000, 1),
        "dom_kb": None if floor.dom_kb is None else round(floor.dom_kb, 1),
        "inject_ms": round(floor.inject * 1000, 1),
        "axe_ms": round(floor.axe * 1000, 1),
        "pages_per_s_steps": round(1 / stage, 3),
        "pages_per_s": round(floor.pages_per_s, 3),
        "cpu_busy": round(floor.busy, 3),
    }


# -- A/B against another checkout ------------------------------------------------------


def compare(
    site: BenchSite,
    browsers: int,
    tmp: Path,
    sides: Sequence[Checkout],
    rounds: int,
    crawl: bool,
) -> None:
    """Run klarsyn from each side in turn (A B A B …), ``rounds`` times each, and compare.

    Alternating spreads the load of a shared machine over both sides; one run before and
    one after would put whatever else ran at the time on one side only. The change is A / B
    of the medians: -1.8 % means this checkout audits 1.8 % fewer pages a second.
    """
    labels = "AB"
    for label, side in zip(labels, sides, strict=True):
        print(f"{label} = {side.describe()}")
    print(HEADER, flush=True)
    runs: dict[str, list[tuple[Run, int]]] = {label: [] for label in labels}
    for number in range(1, rounds + 1):
        for label, checkout in zip(labels, sides, strict=True):
            out = tmp / f"out-{label}{number}"
            run, audited = run_klarsyn(site, browsers, out, checkout, crawl)
            runs[label].append((run, audited))
            line(f"{label}, round {number}", run, audited)
    medians = {}
    print(
        f"{'medians':<14} {'rounds':>6} {'pages':>5} {'pages/s':>8} {'range':>11} "
        f"{'CPU s/page':>10}"
    )
    for label in labels:
        rates = [audited / run.seconds for run, audited in runs[label]]
        cpu = [cpu_per_page(run, audited) for run, audited in runs[label]]
        pages_seen = sorted({audited for _, audited in runs[label]})
        medians[label] = statistics.median(rates), statistics.median(cpu)
        print(
            f"{label:<14} {rounds:>6} {'/'.join(map(str, pages_seen)):>5} "
            f"{medians[label][0]:>8.2f} {min(rates):>5.2f}-{max(rates):<5.2f} "
            f"{medians[label][1]:>10.3f}"
        )
    if len({audited for side in runs.values() for _, audited in side}) > 1:
        print("note: the runs did not all audit the same number of pages")
    rate, cpu = ((medians["A"][i] / medians["B"][i] - 1) * 100 for i in (0, 1))
    print(
        f"pages/s change: {rate:+.1f} % (A / B of the medians); CPU s/page change: {cpu:+.1f} %",
        flush=True,
    )


def install_peers() -> str | None:
    """``npm ci`` the pinned peers into bench/.peers unless they are there; None if all right."""
    lock = ROOT / "bench" / "peers" / "package-lock.json"
    installed = PEERS_DIR / "package-lock.json"
    if installed.is_file() and installed.read_bytes() == lock.read_bytes():
        return None
    PEERS_DIR.mkdir(exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        (PEERS_DIR / name).write_bytes((lock.parent / name).read_bytes())
    env = os.environ | {"CHROMEDRIVER_SKIP_DOWNLOAD": "true", "PUPPETEER_SKIP_DOWNLOAD": "1"}
    try:
        done = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"],
            cwd=PEERS_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        done = subprocess.CompletedProcess([], 1, "", str(exc))
    if done.returncode != 0:
        installed.unlink()
        return f"npm ci failed in {PEERS_DIR}: {done.stderr.strip()[-300:]}"
    return None


def run_peers(
    urls: list[str], browsers: int, tmp: Path, klarsyn: float
) -> dict[str, dict[str, object]]:
    """@axe-core/cli and pa11y-ci on ``urls``: their rows by key ("axe_cli", "pa11y_ci"),
    or a row with a "problem" when a peer could not be run."""
    problem = install_peers()
    if problem:
        print(f"peers: not run: {problem}")
        return {"axe_cli": {"problem": problem}, "pa11y_ci": {"problem": problem}}
    rows: dict[str, dict[str, object]] = {}
    for key, name, runner in (
        ("axe_cli", "@axe-core/cli", run_axe_cli),
        ("pa11y_ci", "pa11y-ci", run_pa11y_ci),
    ):
        try:
            run, audited = runner(urls, browsers, tmp)
        except (OSError, ValueError) as exc:
            print(f"{name}: could not be run here: {exc}")
            rows[key] = {"tool": name, "problem": str(exc)}
            continue
        if audited == 0:
            problem = (run.errors[0] or run.outputs[0])[-300:]
            print(f"{name}: ran but scanned no page (exit {run.codes}): {problem}")
            rows[key] = {"tool": name, "problem": problem}
            continue
        rows[key] = line(name, run, audited, klarsyn)
    return rows


# -- the site, the machine -------------------------------------------------------------


@contextlib.contextmanager
def served(pages: int, weight: Weight, tmp: Path) -> Iterator[BenchSite]:
    """The bench site of ``pages`` pages, served on 127.0.0.1 while the block runs, and
    the list of its HTML pages for ``--urls``."""
    began = time.monotonic()
    files = build_site(pages, weight=weight)
    server = SiteServer(files)
    urls = add_meta_files(files, server.base_url)
    urls_file = tmp / f"urls-{weight}-{pages}.txt"
    urls_file.write_text("".join(f"{url}\n" for url in urls), encoding="utf-8")
    html = [body for body, kind in files.values() if kind.startswith("text/html")]
    print(
        f"site ({weight}): {len(urls)} pages, {sum(map(len, html)) / len(html) / 1024:.1f} KB "
        f"of HTML a page on average, built in {time.monotonic() - began:.1f} s, "
        f"at {server.base_url}/",
        flush=True,
    )
    server.start()
    try:
        yield BenchSite(weight, server.base_url + "/", urls, urls_file)
    finally:
        server.stop()


def busy_now() -> float:
    """How busy the whole machine is, over one second."""
    before = cpu_times()
    time.sleep(1)
    after = cpu_times()
    return (after[0] - before[0]) / max(after[1] - before[1], 1)


def load(quiet: bool = False) -> dict[str, object]:
    """The machine's load: 1/5/15-minute load averages and how busy it was over a second
    (a note when it was over 10 % busy, unless ``quiet``)."""
    busy = busy_now()
    if busy > 0.1 and not quiet:
        print(f"note: the machine was {busy:.0%} busy before this; the figures will be low")
    return {"loadavg": [round(x, 2) for x in os.getloadavg()], "busy_before": round(busy, 3)}


def _output(command: Sequence[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None


def _npm_version(folder: Path) -> str | None:
    with contextlib.suppress(OSError, ValueError, KeyError):
        return str(json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"])
    return None


def versions() -> dict[str, object]:
    """What ran: this checkout, Python, the browser, axe-core, node and the peers."""
    modules = PEERS_DIR / "node_modules"
    return {
        "klarsyn": Checkout(ROOT).describe(),
        "python": platform.python_version(),
        "chromium": _output([CHROMIUM, "--version"]),
        "chromedriver": _output([CHROMEDRIVER, "--version"]),
        "axe_core": _npm_version(AXE_JS.parent),
        "node": _output(["node", "--version"]),
        "axe_core_cli": _npm_version(modules / "@axe-core" / "cli"),
        "pa11y_ci": _npm_version(modules / "pa11y-ci"),
        "pa11y": _npm_version(modules / "pa11y"),
        "pa11y_axe_core": _npm_version(modules / "pa11y" / "node_modules" / "axe-core")
        or _npm_version(modules / "axe-core"),
    }


def machine() -> dict[str, object]:
    memory = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1]
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(int(memory) / 1024 / 1024, 1),
        "system": platform.platform(),
    }


# -- the three measurements ------------------------------------------------------------


def _ratio(a: float | None, b: object) -> float | None:
    return round(a / b, 3) if a and isinstance(b, (int, float)) and b else None


def side_by_side(
    weight: Weight,
    pages: int,
    browsers: int,
    sample: int,
    peers: bool,
    crawl: bool,
    serialise: bool,
    tmp: Path,
) -> dict[str, object]:
    """klarsyn on every page, then the peers and the bare limit on the same pages (or an
    even ``sample`` of them), one after the other on the same served site."""
    figures: dict[str, object] = {"weight": weight, "load_before": load()}
    with served(pages, weight, tmp) as site:
        chosen = site.urls[:: max(1, len(site.urls) // sample)] if sample else site.urls
        how = "crawls from the start page" if crawl else "audits the list of URLs (--urls)"
        print(f"klarsyn {how}; the bare limit and the peers scan {len(chosen)} of the pages")
        print(HEADER + "  s/page vs klarsyn", flush=True)
        run, audited = run_klarsyn(site, browsers, tmp / f"out-{weight}", Checkout(ROOT), crawl)
        per_page = run.seconds / max(audited, 1)
        klarsyn = line("klarsyn", run, audited, per_page)
        steady = steady_rate(run.samples)
        klarsyn["steady_pages_per_s"] = round(steady, 3) if steady else None
        klarsyn["mode"] = "crawl" if crawl else "urls"
        rows: dict[str, dict[str, object]] = {"klarsyn": klarsyn}
        if peers:
            rows.update(run_peers(chosen, browsers, tmp, per_page))
        floors = [
            floor_line(
                "bare, axe sent with each page",
                browser_floor(chosen, browsers, preload=False),
                browsers,
            ),
            floor_line(
                "bare, axe preloaded once per browser (CDP)",
                browser_floor(chosen, browsers, preload=True),
                browsers,
            ),
        ]
        if serialise:
            floors.append(
                floor_line(
                    "axe preloaded + DOM serialised (klarsyn's browser steps, not bare)",
                    browser_floor(chosen, browsers, preload=True, serialise=True),
                    browsers,
                )
            )
    bare = max(float(f["pages_per_s"]) for f in floors[:2])  # type: ignore[arg-type]
    rate = float(klarsyn["pages_per_s"])  # type: ignore[arg-type]
    ratios = {
        "bare": _ratio(rate, bare),
        "bare_steady": _ratio(steady, bare),
        **{key: _ratio(rate, row.get("pages_per_s")) for key, row in rows.items()},
    }
    del ratios["klarsyn"]
    targets = {
        key: {"target": target, "ratio": ratios.get(key), "met": (ratios.get(key) or 0) >= target}
        for key, target in TARGETS.items()
        if key == "bare" or peers
    }
    print(
        f"klarsyn ({weight}): {rate:.2f} pages/s end to end"
        + (f", {steady:.2f} from its first page stored to its last" if steady else "")
        + f"; bare limit {bare:.2f} pages/s (the faster floor, on the clock) → "
        + "; ".join(
            f"{ratios[key]:.0%} of bare" if key == "bare" else f"{ratios[key]:.2f}× {key}"
            for key in targets
            if ratios.get(key) is not None
        )
        + " (issue 14: ≥ 85 % of bare, ≥ 3.5× axe_cli, ≥ 6× pa11y_ci)",
        flush=True,
    )
    figures.update(
        pages=len(site.urls),
        scanned_by_bare_and_peers=len(chosen),
        browsers=browsers,
        tools=rows,
        floors=floors,
        bare_pages_per_s=round(bare, 3),
        ratios=ratios,
        targets=targets,
        load_after=load(quiet=True),
    )
    return figures


def scale(pages: int, weight: Weight, browsers: int, crawl: bool, tmp: Path) -> dict[str, object]:
    """One big klarsyn audit (default formats: the reports as a user gets them): its own
    process's RSS at 1,000 pages stored and at the end (bench_memory's sampling), its
    peak (VmHWM), the whole tree's peak PSS, report.html's size and its open time in
    Chromium (bench_report's open_time)."""
    from bench.bench_report import open_time

    figures: dict[str, object] = {"pages": pages, "weight": weight, "load_before": load()}
    out = tmp / f"scale-{pages}"
    with served(pages, weight, tmp) as site:
        print(f"scale: klarsyn on {len(site.urls)} pages ({'crawl' if crawl else '--urls'})")
        print(HEADER, flush=True)
        run, audited = run_klarsyn(site, browsers, out, Checkout(ROOT), crawl, formats=None)
        row = line("klarsyn", run, audited)
    memory = summarise(run.samples, sorted({1, min(1000, pages), len(site.urls)}))
    at_1000 = rss_at(run.samples, min(1000, pages))
    at_end = memory["rss_mib_crawl_done"]
    report = out / "report.html"
    sizes = {p.name: p.stat().st_size for p in sorted(out.iterdir()) if p.is_file()}
    folder = out / "sidor"
    opened = open_time(report) if report.is_file() else []
    figures.update(
        klarsyn=row,
        **memory,
        rss_mib_after_1000=at_1000,
        rss_mib_at_end=at_end,
        rss_growth_1000_to_end=_ratio(at_end, at_1000),  # type: ignore[arg-type]
        tree_peak_pss_mib=round(run.peak_pss / 1024),
        klarsyn_processes_peak_pss_mib=round(run.peak_pss_other / 1024),
        tree_peak_rss_mib_sum=round(run.peak_rss / 1024),
        bytes=sizes,
        sidor_files=len(list(folder.iterdir())) if folder.is_dir() else 0,
        sidor_bytes=sum(p.stat().st_size for p in folder.iterdir()) if folder.is_dir() else 0,
        report_html_mb=round(sizes.get("report.html", 0) / 1e6, 2),
        open_seconds=opened,
        load_after=load(quiet=True),
    )
    checks = {
        "peak_rss_mib": memory["peak_rss_mib"],
        "rss_growth_1000_to_end": figures["rss_growth_1000_to_end"],
        "tree_peak_pss_mib": figures["tree_peak_pss_mib"],
        "report_html_mb": figures["report_html_mb"],
        "open_seconds": max(opened) if opened else None,
    }
    figures["targets"] = {
        key: {"target": limit, "value": checks[key], "met": checks[key] is not None
              and checks[key] <= limit}  # type: ignore[operator]
        for key, limit in SCALE_TARGETS.items()
    }  # fmt: skip
    f = figures
    print(
        f"scale: {audited} pages audited; klarsyn's own process {at_1000} MiB after "
        f"{min(1000, pages):,} pages stored, {at_end} MiB at the end "
        f"({f['rss_growth_1000_to_end']}×), peak (VmHWM) {memory['peak_rss_mib']} MiB; "
        f"tree peak PSS {f['tree_peak_pss_mib']} MiB (without the browsers "
        f"{f['klarsyn_processes_peak_pss_mib']} MiB); report.html {f['report_html_mb']} MB, "
        f"opens in {opened} s "
        "(issue 14: peak < 350 MiB, growth ≤ 1.2×, tree < 2.5 GiB, < 5 MB, < 3 s)",
        flush=True,
    )
    return figures


def incremental(
    pages: int, weight: Weight, browsers: int, validators: Sequence[bool]
) -> list[dict[str, object]]:
    """bench_incremental's measurement, once per way of telling an unchanged page."""
    results = []
    for use in validators:
        print(
            f"incremental: first audit and re-audit of {pages} unchanged pages ({weight}), "
            + ("ETag and 304s" if use else "no validators: body hashes"),
            flush=True,
        )
        figures = bench_incremental.measure(pages, browsers, use, weight)
        figures["target"] = {
            "speed_up": INCREMENTAL_TARGET,
            "met": figures["speed_up"] >= INCREMENTAL_TARGET and figures["identical_findings"],
        }
        print("incremental: " + bench_incremental.summary(figures), flush=True)
        results.append(figures)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300, help="HTML pages in the site")
    parser.add_argument("--browsers", type=int, default=2, help="browsers (peers: concurrency)")
    parser.add_argument(
        "--weight",
        choices=(*WEIGHTS, "both"),
        help="the side-by-side on light pages, real-weight pages or both (default light)",
    )
    parser.add_argument("--peers", action="store_true", help="also run @axe-core/cli, pa11y-ci")
    parser.add_argument(
        "--sample",
        "--peer-pages",
        dest="sample",
        type=int,
        default=0,
        help="pages the bare limit and the peers scan, spread over the site (0: all, default)",
    )
    parser.add_argument(
        "--crawl",
        action="store_true",
        help="klarsyn crawls from the start page instead of auditing the list (--urls)",
    )
    parser.add_argument(
        "--serialise",
        action="store_true",
        help="also a floor with the DOM serialised after the load, as klarsyn does",
    )
    parser.add_argument(
        "--scale", type=int, metavar="N", help="one big klarsyn audit of N pages (e.g. 10000)"
    )
    parser.add_argument(
        "--incremental",
        type=int,
        metavar="N",
        help="first audit and unchanged re-audit of N pages (bench_incremental.py)",
    )
    parser.add_argument(
        "--validators",
        choices=("yes", "no", "both"),
        default="both",
        help="--incremental with ETags and 304s, with body hashes only, or both (default)",
    )
    parser.add_argument(
        "--big-weight",
        choices=WEIGHTS,
        default="real",
        help="the pages of --scale and --incremental (default real)",
    )
    parser.add_argument(
        "--suite",
        action="store_true",
        help="all of it: --weight both --peers --scale 10000 --incremental 1000 "
        "(each can be given to change it)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every figure here")
    parser.add_argument(
        "--against",
        type=Path,
        metavar="PATH",
        help="A/B: run klarsyn alternately from here and from the klarsyn checkout at PATH",
    )
    parser.add_argument("--rounds", type=int, default=3, help="runs of each side with --against")
    args = parser.parse_args(argv)
    if args.suite:
        args.weight = args.weight or "both"
        args.peers = True
        args.scale = args.scale or 10_000
        args.incremental = args.incremental or 1_000
    if args.weight is None and not (args.scale or args.incremental):
        args.weight = "light"
    for name in ("pages", "scale", "incremental"):
        if getattr(args, name) is not None and getattr(args, name) < MIN_PAGES:
            parser.error(f"--{name} must be at least {MIN_PAGES}")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.against and (args.peers or args.scale or args.incremental or args.suite):
        parser.error("--against compares klarsyn with klarsyn: leave out the other runs")
    sides = [Checkout(ROOT)]
    if args.against:
        sides.append(Checkout(args.against.resolve()))
        for side in sides:
            problem = side.prepare()
            if problem:
                parser.error(problem)
    figures: dict[str, object] = {
        "command": shlex.join([sys.executable, *sys.argv] if argv is None else ["main", *argv]),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(),
        "versions": versions(),
        "browsers": args.browsers,
        "klarsyn_mode": "crawl" if args.crawl else "urls",
    }
    print(
        f"{os.cpu_count()} cores · {args.browsers} browsers · klarsyn "
        f"{figures['versions']['klarsyn']}",  # type: ignore[index]
        flush=True,
    )
    weights: list[Weight] = (
        [] if args.weight is None else list(WEIGHTS) if args.weight == "both" else [args.weight]
    )

    def save() -> None:
        """The figures so far: a part that fails, or a run stopped, keeps the earlier ones."""
        figures["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        if args.json and not args.against:
            args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")

    try:
        with tempfile.TemporaryDirectory(prefix="klarsyn-bench-") as folder:
            tmp = Path(folder)
            if args.against:
                with served(args.pages, weights[0], tmp) as site:
                    compare(site, args.browsers, tmp, sides, args.rounds, args.crawl)
                return 0
            side: dict[str, object] = {}
            figures["side_by_side"] = side
            for weight in weights:
                side[weight] = side_by_side(
                    weight, args.pages, args.browsers, args.sample, args.peers, args.crawl,
                    args.serialise, tmp,
                )  # fmt: skip
                save()
            if args.scale:
                figures["scale"] = scale(
                    args.scale, args.big_weight, args.browsers, args.crawl, tmp
                )
                save()
            if args.incremental:
                use = {"yes": [True], "no": [False], "both": [True, False]}[args.validators]
                figures["incremental"] = incremental(
                    args.incremental, args.big_weight, args.browsers, use
                )
    finally:
        save()
        if args.json and not args.against:
            print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
