"""Many sites as one job, and the portfolio page across them.

``klarsyn audit --sites FILE`` audits every site of a sites file (crawler/sites.py) into one
store in the output folder: each site is a run of its own, exactly as if audited alone
(its history, diff, trends, template faults and exceptions are its own: runs of a site
are the runs of its start URLs), and its reports go into its own folder beside the store.
Then the portfolio (reports/portfolio.py) is written at the top.

The sites are audited one after another, each crawl in a child process of its own (a
Twisted reactor runs once per process); their passes and reports run here. So politeness
holds per host as in any audit, and no two sites are crawled at the same time. A SIGINT
or SIGTERM is passed on to the crawl in progress (which stops gracefully, a second one
forcibly); the sites after it are not started.

``klarsyn report DB --portfolio`` renders every site's latest run of a store again, each
into its folder, and the portfolio page over them.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from crawler.config import AuditConfig, ConfigError, build_config
from klarsyn.audit import (
    Audited,
    StoreFailed,
    crawl_run,
    find_axe_dir,
    finish_audit,
    new_run,
    site_key,
)
from klarsyn.errors import UsageError
from klarsyn.outfolder import prepare_out
from klarsyn.render import Rendered, render_run, with_exceptions
from reports.gate import GatePolicy
from reports.portfolio import SiteRow, folder_name, site_name_of, site_row
from reports.reporters.portfolioreport import write_portfolio
from reports.runsettings import RunSettings
from reports.store import STORE_NAME, Store

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from crawler.credentials import Credentials
    from crawler.run import CrawlOutcome


@dataclass(frozen=True)
class SitesRequest:
    """What ``klarsyn audit --sites`` was asked to do."""

    sites_file: Path
    out: Path | None = None
    gate: GatePolicy = field(default_factory=GatePolicy)
    #: Settings given on the command line, by AuditConfig field name (None: not given);
    #: they apply to every site.
    settings: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteStarting:
    """Announced before a site's crawl."""

    name: str
    number: int
    of: int


@dataclass(frozen=True)
class SiteDone:
    """One site of the job: its folder and how its audit ended."""

    name: str
    folder: Path
    outcome: Audited | StoreFailed


@dataclass(frozen=True)
class PortfolioWritten:
    """The portfolio files and the sites they show."""

    out: Path
    store: Path
    written: tuple[Path, ...]
    rows: tuple[SiteRow, ...]
    #: The sites audited by this job (empty for ``klarsyn report --portfolio``).
    sites: tuple[SiteDone, ...] = ()
    #: The sites rendered again (``klarsyn report --portfolio``).
    rendered: tuple[Rendered, ...] = ()
    #: The job was stopped by a signal: the sites after the stopped one were not audited.
    interrupted: bool = False
    #: Sites of the file not audited because the job was stopped.
    not_started: tuple[str, ...] = ()


def audit_sites(
    request: SitesRequest, announce: Callable[[SiteStarting], None]
) -> PortfolioWritten:
    """Audit every site of the sites file, one after another, into one store; then write
    the portfolio. Every site's settings are checked before the first crawl."""
    from crawler.browser.profiles import reap_orphans
    from crawler.credentials import Credentials
    from crawler.sites import read_sites_file

    try:
        entries = read_sites_file(request.sites_file)
        configs = [build_config(e.values, dict(request.settings)) for e in entries]
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc
    gates = [with_exceptions(request.gate, c.exceptions) for c in configs]
    out = prepare_out(request.out)
    axe_dir = find_axe_dir()
    reap_orphans()
    done: list[SiteDone] = []
    with _Stops() as stops:
        for number, (entry, config, gate) in enumerate(zip(entries, configs, gates,
                                                           strict=True)):
            if stops.asked:
                break
            announce(SiteStarting(entry.name, number + 1, len(entries)))
            run_id, started, digest = new_run(config, out, axe_dir)
            outcome = _crawl_in_child(config, out, run_id, axe_dir, digest, Credentials(), stops)
            folder = out / entry.folder
            result = finish_audit(config, out, run_id, started.date(), outcome, None, gate,
                                  folder)
            done.append(SiteDone(entry.name, folder, result))
            if isinstance(result, StoreFailed) or outcome.interrupted:
                break
        interrupted = stops.asked or any(_interrupted(site.outcome) for site in done)
    with Store(out / STORE_NAME, create=False) as store:
        rows = tuple(
            site_row(store, store.latest_run_id(site_key(config)), entry.folder,
                     gate.exceptions, gate.today)
            for entry, config, gate in zip(entries[: len(done)], configs, gates, strict=False)
        )
    written = write_portfolio(out, rows, configs[0].lang)
    return PortfolioWritten(
        out, out / STORE_NAME, tuple(written), rows, tuple(done), (), interrupted,
        tuple(e.name for e in entries[len(done):]),
    )


def render_portfolio(
    path: Path, out: Path | None, formats: Sequence[str], gate: GatePolicy, lang: str = "sv"
) -> PortfolioWritten:
    """Render the latest run of every site of the store at ``path`` again, each into its
    folder (named after the site) in ``out`` (default: the store's folder), and write the
    portfolio over them. Each site's report applies the exceptions its run was audited
    with."""
    out = prepare_out(out or path.parent)
    rendered: list[Rendered] = []
    rows: list[SiteRow] = []
    taken: set[str] = set()
    with Store(path, create=False) as store:
        for site in store.sites():
            run_id = store.latest_run_id(site)
            run = store.load_run(run_id)
            settings = RunSettings.parse(run.settings)
            folder = folder_name(site_name_of(run, settings), taken)
            taken.add(folder)
            site_gate = with_exceptions(gate, settings.exceptions)
            rendered.append(render_run(store, run_id, prepare_out(out / folder), formats, None,
                                       site_gate, lang))
            rows.append(site_row(store, run_id, folder, site_gate.exceptions, site_gate.today))
    written = write_portfolio(out, rows, lang)
    return PortfolioWritten(out, path, tuple(written), tuple(rows), (), tuple(rendered))


class _Stops:
    """While a job runs, SIGINT and SIGTERM ask it to stop: the crawl in progress (a child
    process) gets SIGTERM, which it handles as a Ctrl-C (a graceful stop; a second one
    forces it), and no further site is started. The child has a process group of its own,
    so a Ctrl-C in the terminal reaches it once, through us. A signal that comes before
    the crawl listens for it ends the child at once (its run is then partial)."""

    def __init__(self) -> None:
        self.asked = False
        self.child: BaseProcess | None = None
        self._before: dict[int, object] = {}

    def __enter__(self) -> _Stops:
        self._before = {s: signal.signal(s, self._stop) for s in (signal.SIGINT, signal.SIGTERM)}
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum, handler in self._before.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]

    def _stop(self, _signum: int, _frame: FrameType | None) -> None:
        self.asked = True
        self.forward()

    def forward(self) -> None:
        """Tell the crawl in progress, if any, to stop."""
        if self.child is not None and self.child.pid is not None and self.child.is_alive():
            os.kill(self.child.pid, signal.SIGTERM)


def _interrupted(outcome: Audited | StoreFailed) -> bool:
    return isinstance(outcome, Audited) and outcome.interrupted


def _crawl_in_child(
    config: AuditConfig,
    out: Path,
    run_id: int,
    axe_dir: Path,
    digest: str,
    credentials: Credentials,
    stops: _Stops,
) -> CrawlOutcome:
    """``crawl_run`` in a child process (see ``_Stops`` for signals); its outcome."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(sender, config, out, run_id, axe_dir, digest, credentials),
        name=f"klarsyn-crawl-{run_id}",
    )
    child.start()
    stops.child = child
    if stops.asked:
        # Asked to stop as the child started: it must hear of it too.
        stops.forward()
    try:
        sender.close()
        try:
            outcome: CrawlOutcome = receiver.recv()
        except EOFError:
            outcome = _lost(child)
        child.join()
    finally:
        stops.child = None
    return outcome


def _child(
    sender: Connection,
    config: AuditConfig,
    out: Path,
    run_id: int,
    axe_dir: Path,
    digest: str,
    credentials: Credentials,
) -> None:
    """The child's work: the crawl, its outcome sent back. Stops come as SIGTERM from the
    parent (``_crawl_in_child``); a SIGINT of the terminal is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.setpgrp()
    sender.send(crawl_run(config, out, run_id, axe_dir, digest, credentials))
    sender.close()


def _lost(child: BaseProcess) -> CrawlOutcome:
    """The outcome of a crawl whose process died without one (killed): the run is partial,
    every URL it did not store stays unaccounted for, as after a forced stop."""
    from crawler.run import CrawlOutcome

    child.join()
    return CrawlOutcome(partial=True, interrupted=True, axe_version="", browser_version="",
                        forced=True)

