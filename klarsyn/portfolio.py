"""Many sites as one job, and the portfolio page across them.

``klarsyn audit --sites FILE`` audits every site of a sites file (crawler/sites.py) into one
store in the output folder: each site is a run of its own, exactly as if audited alone
(its history, diff, trends, template faults and exceptions are its own: runs of a site
are the runs of its start URLs), and its reports go into its own folder beside the store.
Then the portfolio (reports/portfolio.py) is written at the top.

Each site's crawl runs in a child process of its own (a Twisted reactor runs once per
process); its passes and reports run here, while other crawls go on. Up to ``parallel``
sites are crawled at the same time, in the file's order, never two that share a host
(``name[:port]`` as crawler/scope.py counts hosts), so politeness per host holds across
sites as within one crawl. A SIGINT or SIGTERM is passed on to the crawls in progress
(which stop gracefully, a second one forcibly); the sites not yet started are not
started (``_Stops``).

``klarsyn report DB --portfolio`` renders every site's latest run of a store again, each
into its folder, and the portfolio page over them.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

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
    #: Sites crawled at the same time, at most (never two that share a host).
    parallel: int = 1


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
    """Audit every site of the sites file into one store, up to ``request.parallel`` at a
    time (never two that share a host), in the file's order; then write the portfolio.
    Every site's settings are checked before the first crawl."""
    from crawler.browser.profiles import reap_orphans
    from crawler.scope import Scope
    from crawler.sites import read_sites_file

    if request.parallel < 1:
        raise UsageError("--parallel must be at least 1")
    try:
        entries = read_sites_file(request.sites_file)
        configs = [build_config(e.values, dict(request.settings)) for e in entries]
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc
    gates = [with_exceptions(request.gate, c.exceptions) for c in configs]
    # The hosts each crawl may request, as its scope counts them.
    hosts = [Scope.build(c.start_urls, c.hosts).hosts for c in configs]
    out = prepare_out(request.out)
    axe_dir = find_axe_dir()
    reap_orphans()
    waiting = list(range(len(entries)))
    crawls: dict[int, _Crawl] = {}
    done: dict[int, SiteDone] = {}
    with _Stops() as stops:
        while waiting or crawls:
            while waiting and len(crawls) < request.parallel and not stops.asked:
                busy = {h for i in crawls for h in hosts[i]}
                start = next((i for i in waiting if hosts[i].isdisjoint(busy)), None)
                if start is None:
                    break
                waiting.remove(start)
                announce(SiteStarting(entries[start].name, start + 1, len(entries)))
                crawls[start] = _Crawl.start(configs[start], out, axe_dir, stops)
            if not crawls:
                break
            _wait_for_any(crawls.values())
            for i, crawl in list(crawls.items()):
                if not crawl.ready():
                    continue
                del crawls[i]
                outcome = crawl.outcome(stops)
                folder = out / entries[i].folder
                result = finish_audit(configs[i], out, crawl.run_id, crawl.started.date(),
                                      outcome, None, gates[i], folder)  # fmt: skip
                done[i] = SiteDone(entries[i].name, folder, result)
                if isinstance(result, StoreFailed) or outcome.interrupted:
                    # A full disk fails every site alike; a stop stops them all.
                    stops.stop()
    interrupted = stops.signalled or any(_interrupted(site.outcome) for site in done.values())
    order = sorted(done)
    with Store(out / STORE_NAME, create=False) as store:
        rows = tuple(
            site_row(store, store.latest_run_id(site_key(configs[i])), entries[i].folder,
                     gates[i].exceptions, gates[i].today)
            for i in order
        )
    written = write_portfolio(out, rows, configs[0].lang)
    return PortfolioWritten(
        out, out / STORE_NAME, tuple(written), rows, tuple(done[i] for i in order), (),
        interrupted, tuple(entries[i].name for i in sorted(waiting)),
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
    """While a job runs, SIGINT and SIGTERM ask it to stop: the crawls in progress (child
    processes) get SIGTERM, which a crawl handles as a Ctrl-C (a graceful stop; a second
    one forces it), and no further site is started. A child has a process group of its
    own, so a Ctrl-C in the terminal reaches it once, through us. A signal that comes
    before a crawl listens for it ends that child at once (its run is then partial)."""

    def __init__(self) -> None:
        #: No further site is to start.
        self.asked = False
        #: A signal asked for it.
        self.signalled = False
        self.children: set[BaseProcess] = set()
        self._before: dict[int, Any] = {}

    def __enter__(self) -> _Stops:
        self._before = {s: signal.signal(s, self._signal) for s in (signal.SIGINT, signal.SIGTERM)}
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum, handler in self._before.items():
            signal.signal(signum, handler)

    def _signal(self, _signum: int, _frame: FrameType | None) -> None:
        self.asked = self.signalled = True
        for child in list(self.children):
            self.tell(child)

    def stop(self) -> None:
        """Start no further site (the crawls in progress go on)."""
        self.asked = True

    def tell(self, child: BaseProcess) -> None:
        """Tell a crawl to stop."""
        if child.pid is not None and child.is_alive():
            os.kill(child.pid, signal.SIGTERM)


def _interrupted(outcome: Audited | StoreFailed) -> bool:
    return isinstance(outcome, Audited) and outcome.interrupted


@dataclass
class _Crawl:
    """One site's crawl in a child process (``crawl_run``; see ``_Stops`` for signals)."""

    run_id: int
    started: datetime
    child: BaseProcess
    receiver: Connection

    @classmethod
    def start(cls, config: AuditConfig, out: Path, axe_dir: Path, stops: _Stops) -> _Crawl:
        """A new run of the site, its crawl started."""
        from crawler.credentials import Credentials

        run_id, started, digest = new_run(config, out, axe_dir)
        context = multiprocessing.get_context("spawn")
        receiver, sender = context.Pipe(duplex=False)
        # Never credentials: one file or environment would reach every site's hosts.
        child = context.Process(
            target=_child,
            args=(sender, config, out, run_id, axe_dir, digest, Credentials()),
            name=f"klarsyn-crawl-{run_id}",
        )
        child.start()
        sender.close()
        stops.children.add(child)
        if stops.asked:
            # Asked to stop as the child started: it must hear of it too.
            stops.tell(child)
        return cls(run_id, started, child, receiver)

    def ready(self) -> bool:
        """Whether the crawl has sent its outcome, or died without one."""
        return self.receiver.poll()

    def outcome(self, stops: _Stops) -> CrawlOutcome:
        """The crawl's outcome, once ``ready``; the child is then reaped."""
        try:
            outcome: CrawlOutcome = self.receiver.recv()
        except EOFError:
            outcome = _lost()
        self.receiver.close()
        self.child.join()
        stops.children.discard(self.child)
        return outcome


def _wait_for_any(crawls: Iterable[_Crawl]) -> None:
    """Until one of ``crawls`` is ready (a signal's handler runs meanwhile)."""
    receivers = [c.receiver for c in crawls]
    if receivers:
        multiprocessing.connection.wait(receivers)


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


def _lost() -> CrawlOutcome:
    """The outcome of a crawl whose process died without one (killed): the run is partial,
    every URL it did not store stays unaccounted for, as after a forced stop."""
    from crawler.run import CrawlOutcome

    return CrawlOutcome(partial=True, interrupted=True, axe_version="", browser_version="",
                        forced=True)
