"""Speed and memory of ``klarsyn audit`` on a generated local site, with the peers beside it.

Run from the repository root (see bench/README.md)::

    .venv/bin/python bench/bench_audit.py [--pages 300] [--browsers 2] [--peers]
    .venv/bin/python bench/bench_audit.py --against /tmp/base [--rounds 3]

A script, not a test: it prints figures and asserts nothing about them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchsite import MIN_PAGES, add_meta_files, build_site  # noqa: E402

from audits.axe import run_options  # noqa: E402
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


def sample_tree(roots: Sequence[int], cpu_seen: dict[int, int]) -> tuple[int, int]:
    """(RSS, PSS) in KiB summed over the roots and all their descendants; CPU into cpu_seen.

    The RSS sum counts pages shared between processes (Chromium's code, mostly) once per
    process; PSS splits each shared page between its sharers, so its sum is what the tree
    really holds.
    """
    table, rss, pss = process_table(), 0, 0
    for pid in [*roots, *(p.pid for root in roots for p in descendants(root, table))]:
        cpu_seen[pid] = table[pid].cpu_ticks if pid in table else cpu_seen.get(pid, 0)
        with contextlib.suppress(OSError, ValueError):
            for row in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if row.startswith("Rss:"):
                    rss += int(row.split()[1])
                elif row.startswith("Pss:"):
                    pss += int(row.split()[1])
    return rss, pss


@dataclass
class Run:
    seconds: float = 0.0
    peak_rss: int = 0
    peak_pss: int = 0
    outputs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    cpu_busy: float = 0.0
    cpu_tool: float = 0.0


def cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return sum(values) - values[3] - values[4], sum(values)


def run_measured(
    commands: Sequence[Sequence[str]], cwd: Path | None = None, env: dict[str, str] | None = None
) -> Run:
    """Run the commands at once: wall time until the last ends, peak memory of their trees."""
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
        while any(p.poll() is None for p in procs):
            rss, pss = sample_tree([p.pid for p in procs], cpu_seen)
            run.peak_rss, run.peak_pss = max(run.peak_rss, rss), max(run.peak_pss, pss)
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


# -- the tools -------------------------------------------------------------------------


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
    start: str, pages: int, browsers: int, out: Path, checkout: Checkout
) -> tuple[Run, int]:
    command = [
        str(ROOT / ".venv" / "bin" / "klarsyn"),
        "audit",
        start,
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
    run = run_measured([command], env=checkout.env())
    if not (out / "report.json").is_file():
        sys.exit(f"klarsyn failed (exit {run.codes[0]}): {run.errors[0][-500:]}")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return run, sum(p["outcome"] == "audited" for p in report["pages"])


@dataclass(frozen=True)
class Floor:
    """The browser stage alone: mean seconds per page and browser of each step.

    ``serialise`` is ``execute_script(DOM_SCRIPT, MAX_DOM_CHARS)``, the transfer of the HTML
    over WebDriver included, and ``dom_kb`` the mean size of the HTML it returned (KB of
    UTF-8, over the pages where it was not null); both None without a DOM_SCRIPT.
    ``too_big``: pages where it returned null (over MAX_DOM_CHARS). ``busy``: how busy the
    whole machine was meanwhile.
    """

    load: float
    serialise: float | None
    inject: float
    axe: float
    dom_kb: float | None
    too_big: int
    busy: float

    def per_page(self, browsers: int) -> float:
        """Seconds per page over the pool: every step, divided by the number of browsers."""
        return (self.load + (self.serialise or 0.0) + self.inject + self.axe) / browsers


def browser_floor(urls: Sequence[str], browsers: int, preload: bool) -> Floor:
    """Warm browsers, nothing else: per page load, serialise the DOM, inject axe, run axe.

    ``preload``: axe is registered once per browser for every new document (CDP
    Page.addScriptToEvaluateOnNewDocument) instead of sent with each page as klarsyn does.
    The serialisation comes right after the load, as in klarsyn (after load and settle,
    before axe), and is skipped when this checkout has no DOM_SCRIPT.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    assets = AxeAssets.load(AXE_JS.parent)
    inject = (
        assets.script.read_text(encoding="utf-8")
        + f";axe.configure({{locale: {json.dumps(assets.locale)}}});"
    )
    run_js = f"axe.run(document, {run_options()}).then(arguments[arguments.length - 1]);"
    sums = {"load": 0.0, "serialise": 0.0, "inject": 0.0, "axe": 0.0, "bytes": 0.0}
    too_big = 0

    def work(share: Sequence[str]) -> None:
        nonlocal too_big
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in (*CHROMIUM_FLAGS, LOOPBACK_ONLY_FLAG):
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        if preload:
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": inject})
        try:
            driver.get(share[0])  # warm up
            for url in share:
                t0 = time.perf_counter()
                driver.get(url)
                t1 = time.perf_counter()
                html = driver.execute_script(DOM_SCRIPT, MAX_DOM_CHARS) if DOM_SCRIPT else None
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
                    elif DOM_SCRIPT:
                        too_big += 1
        finally:
            driver.quit()

    lock, (busy, total) = threading.Lock(), cpu_times()
    with ThreadPoolExecutor(browsers) as pool:
        list(pool.map(work, [urls[i::browsers] for i in range(browsers)]))
    busy_end, total_end = cpu_times()
    serialised = len(urls) - too_big
    return Floor(
        load=sums["load"] / len(urls),
        serialise=sums["serialise"] / len(urls) if DOM_SCRIPT else None,
        inject=sums["inject"] / len(urls),
        axe=sums["axe"] / len(urls),
        dom_kb=sums["bytes"] / serialised / 1024 if DOM_SCRIPT and serialised else None,
        too_big=too_big,
        busy=(busy_end - busy) / max(total_end - total, 1),
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


def cpu_per_page(run: Run, audited: int) -> float:
    """CPU seconds of the tool's process tree per page: the figure other load changes least."""
    return run.cpu_tool * (os.cpu_count() or 1) * run.seconds / max(audited, 1)


def line(name: str, run: Run, audited: int, klarsyn: float | None = None) -> None:
    """One row of HEADER; ``klarsyn``: its s/page, for the "s/page vs klarsyn" column."""
    per_page = run.seconds / max(audited, 1)
    versus = "" if klarsyn is None else f" {per_page / klarsyn:.2f}×"
    print(
        f"{name:<14} {audited:>5} {run.seconds:>8.1f} {audited / run.seconds:>8.2f} "
        f"{per_page:>7.3f} {run.peak_rss / 1024:>12.0f} {run.peak_pss / 1024:>8.0f} "
        f"{run.cpu_busy:>8.0%} {run.cpu_tool:>5.0%} {cpu_per_page(run, audited):>10.3f}  "
        f"{','.join(map(str, run.codes)):<5}{versus}",
        flush=True,
    )


def floor_line(name: str, floor: Floor, browsers: int) -> None:
    stage = floor.per_page(browsers)
    if floor.serialise is None:
        serialise = "serialise n/a (no DOM_SCRIPT in this checkout)"
    else:
        size = "n/a" if floor.dom_kb is None else f"{floor.dom_kb:.1f} KB"
        over = f", null on {floor.too_big} pages" if floor.too_big else ""
        serialise = f"serialise {floor.serialise * 1000:.1f} ms ({size}{over})"
    print(
        f"floor, {name}: per page and browser load {floor.load * 1000:.0f} ms + {serialise} "
        f"+ inject {floor.inject * 1000:.0f} ms + axe {floor.axe * 1000:.0f} ms → "
        f"{stage:.3f} s/page over {browsers} browsers ({1 / stage:.2f} pages/s); "
        f"bare axe {floor.axe / browsers:.3f} s/page; CPU busy {floor.busy:.0%}",
        flush=True,
    )


# -- A/B against another checkout ------------------------------------------------------


def compare(
    start: str, pages: int, browsers: int, tmp: Path, sides: Sequence[Checkout], rounds: int
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
            run, audited = run_klarsyn(start, pages, browsers, out, checkout)
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


def run_peers(urls: list[str], browsers: int, tmp: Path, klarsyn: float) -> None:
    problem = install_peers()
    if problem:
        print(f"peers: not run: {problem}")
        return
    for name, runner in (("@axe-core/cli", run_axe_cli), ("pa11y-ci", run_pa11y_ci)):
        try:
            run, audited = runner(urls, browsers, tmp)
        except (OSError, ValueError) as exc:
            print(f"{name}: could not be run here: {exc}")
            continue
        if audited == 0:
            print(
                f"{name}: ran but scanned no page (exit {run.codes}): "
                f"{(run.errors[0] or run.outputs[0])[-300:]}"
            )
            continue
        line(name, run, audited, klarsyn)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300, help="HTML pages in the site")
    parser.add_argument("--browsers", type=int, default=2, help="browsers (peers: concurrency)")
    parser.add_argument("--peers", action="store_true", help="also run @axe-core/cli, pa11y-ci")
    parser.add_argument(
        "--peer-pages",
        type=int,
        default=100,
        help="pages the peers scan, spread over the site (0: all)",
    )
    parser.add_argument(
        "--against",
        type=Path,
        metavar="PATH",
        help="A/B: run klarsyn alternately from here and from the klarsyn checkout at PATH",
    )
    parser.add_argument("--rounds", type=int, default=3, help="runs of each side with --against")
    args = parser.parse_args(argv)
    if args.pages < MIN_PAGES:
        parser.error(f"--pages must be at least {MIN_PAGES}")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    sides = [Checkout(ROOT)]
    if args.against:
        if args.peers:
            parser.error("--against compares klarsyn with klarsyn: leave out --peers")
        sides.append(Checkout(args.against.resolve()))
        for side in sides:
            problem = side.prepare()
            if problem:
                parser.error(problem)
    site = build_site(args.pages)
    server = SiteServer(site)
    urls = add_meta_files(site, server.base_url)
    server.start()
    before = cpu_times()
    time.sleep(1)
    after = cpu_times()
    idle_busy = (after[0] - before[0]) / max(after[1] - before[1], 1)
    print(
        f"site: {len(urls)} pages at {server.base_url}/ · {args.browsers} browsers · "
        f"{os.cpu_count()} cores, {idle_busy:.0%} busy before the run",
        flush=True,
    )
    if idle_busy > 0.1:
        print("note: something else is using the CPU; the figures will be low", flush=True)
    try:
        with tempfile.TemporaryDirectory(prefix="klarsyn-bench-") as folder:
            tmp = Path(folder)
            if args.against:
                compare(server.base_url + "/", len(urls), args.browsers, tmp, sides, args.rounds)
                return 0
            print(HEADER + "  s/page vs klarsyn", flush=True)
            run, audited = run_klarsyn(
                server.base_url + "/", len(urls), args.browsers, tmp / "out", sides[0]
            )
            per_page = run.seconds / max(audited, 1)
            line("klarsyn", run, audited, per_page)
            sample = urls[:: max(1, len(urls) // 100)]
            if args.peers:
                step = max(1, len(urls) // args.peer_pages) if args.peer_pages > 0 else 1
                run_peers(urls[::step], args.browsers, tmp, per_page)
            floor_line(
                "axe sent with each page (as klarsyn)",
                browser_floor(sample, args.browsers, preload=False),
                args.browsers,
            )
            floor_line(
                "axe preloaded once per browser (CDP)",
                browser_floor(sample, args.browsers, preload=True),
                args.browsers,
            )
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
