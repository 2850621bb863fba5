"""Start an audit, resume an unfinished one, and finish it: the sequences of ``klarsyn audit``.

Start: the run's config (defaults, the config file, the command line; the bundled demo
municipality when no URL is given), the output folder, the credentials, a new run in the
store, the crawl. Resume: the latest unfinished run of the store in the output folder, with
the settings it was started with. Finish, after either: a ledger row for every URL met but
not finished, the run closed, the text and site passes, the reports rendered and the run
judged by the gate (klarsyn/render.py).

Nothing here prints. What the user must hear before the crawl starts goes to ``announce``
as data (:class:`DemoServed`, :class:`Resuming`); what happened comes back as
:class:`Audited` or :class:`StoreFailed`. Bad input is a UsageError or a ConfigError, a
store that cannot be used a StoreError. Scrapy and the demo site are imported inside the
functions that crawl, so the commands that do not crawl start without them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from audits import language
from audits.axe import installed_axe_dir
from audits.targets import NO_OWNER
from crawler import __version__
from crawler.config import AuditConfig, ConfigError, build_config, check_url, read_config_file
from klarsyn.errors import UsageError
from klarsyn.evidence import seal_pack
from klarsyn.outfolder import prepare_out
from klarsyn.render import Rendered, render_run, with_exceptions
from reports.gate import GatePolicy
from reports.store import STORE_NAME, Store, StoreError

if TYPE_CHECKING:
    from crawler.credentials import Credentials
    from crawler.incremental import Baseline
    from crawler.resume import ResumeState
    from crawler.run import CrawlOutcome

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuditRequest:
    """What ``klarsyn audit`` was asked to do.

    A resumed run keeps the settings it was started with: :func:`resume_audit` reads only
    ``out``, ``credentials``, ``owner`` and ``gate``.
    """

    #: Output folder (None: a new dated folder; a resume needs one).
    out: Path | None = None
    #: TOML file of a cookie, header or basic auth; never stored with the run.
    credentials: Path | None = None
    #: Write the reports of this owner's pages only.
    owner: str | None = None
    #: The gate without its exceptions: those come from the run's settings.
    gate: GatePolicy = field(default_factory=GatePolicy)
    #: Start URLs (none, and none in the config file: the bundled demo site).
    urls: tuple[str, ...] = ()
    #: Audit exactly the URLs this file lists, one per line.
    urls_file: Path | None = None
    #: TOML file with an [audit] table.
    config_file: Path | None = None
    #: Settings given on the command line, by AuditConfig field name (None: not given).
    settings: Mapping[str, object] = field(default_factory=dict)
    #: A distributed audit: the queue's URL (redis:// or rediss://); this process
    #: coordinates, workers (``klarsyn worker``) crawl and audit.
    queue: str | None = None
    #: Seconds a worker may hold a page before it goes back to the queue.
    lease: int | None = None


@dataclass(frozen=True)
class DemoServed:
    """Announced before the crawl: the bundled demo site is served here and audited."""

    base_url: str


@dataclass(frozen=True)
class Resuming:
    """Announced before the crawl: an unfinished run goes on."""

    run_id: int
    store: Path
    #: URLs the run has a ledger row for: never fetched again.
    done: int
    #: URLs the crawl goes on from.
    to_go: int


Announce = Callable[[DemoServed | Resuming], None]


@dataclass(frozen=True)
class StoreFailed:
    """The store could not be written during the crawl (a full disk): the audit stopped
    without finishing the run, so ``--resume`` can continue it once there is room."""

    out: Path
    store: Path
    error: str


@dataclass(frozen=True)
class Audited:
    """A crawl finished, stopped early or interrupted; its run closed, rendered and judged."""

    out: Path
    store: Path
    start_urls: tuple[str, ...]
    #: Stopped by SIGINT or SIGTERM (``rendered.partial`` is then true too).
    interrupted: bool
    rendered: Rendered


def start_audit(request: AuditRequest, announce: Announce) -> Audited | StoreFailed:
    """Audit a site (the bundled demo when no URL is given) as a new run of the store in
    the output folder."""
    # Imported here: Scrapy and the demo are only needed when crawling.
    from crawler import demo as demo_site
    from crawler.browser.profiles import reap_orphans
    from crawler.credentials import load_credentials
    from crawler.localserver import serve

    config, demo = _audit_config(request)
    gate = with_exceptions(request.gate, config.exceptions)
    out = prepare_out(request.out)
    # Never part of config: the store and the reports show the config.
    credentials = load_credentials(request.credentials, out, os.environ)
    axe_dir = find_axe_dir()
    if demo:
        config = dataclasses.replace(
            config,
            loopback_only=True,
            owners=config.owners or demo_site.owners(),
            # The demo's banner is answered as a visitor does, unless the config says how.
            consent=config.consent or demo_site.CONSENT,
            # The demo's dates are fixed; its ages are counted to the day it was written for.
            reference_date=config.reference_date or demo_site.REFERENCE_DATE,
        )
    _check_owner(request.owner, config)
    _check_queue(request, config)
    # The browsers of a klarsyn killed with SIGKILL, never another run's (profiles.py).
    reap_orphans()
    server = None
    if demo:
        server = serve(demo_site.build_site, demo_site.PORT)
        config = dataclasses.replace(config, start_urls=(server.base_url + "/",))
        announce(DemoServed(server.base_url))
    try:
        run_id, started, digest = new_run(config, out, axe_dir)
        if request.queue is not None:
            outcome = _coordinate(request, config, out, run_id, axe_dir)
        else:
            outcome = crawl_run(config, out, run_id, axe_dir, digest, credentials)
    finally:
        if server is not None:
            server.stop()
    return finish_audit(config, out, run_id, started.date(), outcome, request.owner, gate)


def new_run(config: AuditConfig, out: Path, axe_dir: Path) -> tuple[int, datetime, str]:
    """A new run of ``config``'s site in the store in ``out``: its id, its start time and
    its result digest (crawler/incremental.py)."""
    from crawler.browser.scripts import AxeAssets
    from crawler.incremental import result_digest

    started = datetime.now(UTC).astimezone()
    digest = result_digest(config, __version__, AxeAssets.load(axe_dir).version)
    with Store(out / STORE_NAME) as store:
        run_id = store.start_run(
            site_key(config),
            started.isoformat(timespec="seconds"),
            __version__,
            config.public_settings(),
            digest,
        )
    return run_id, started, digest


def site_key(config: AuditConfig) -> str:
    """The store's key of a site's runs (``runs.site``): its start URLs."""
    return ", ".join(config.start_urls)


def crawl_run(
    config: AuditConfig,
    out: Path,
    run_id: int,
    axe_dir: Path,
    digest: str,
    credentials: Credentials,
) -> CrawlOutcome:
    """Crawl and audit a new run (with its incremental baseline, if any). A module-level
    function of picklable arguments: ``klarsyn audit --sites`` runs it in a child process,
    since a Twisted reactor runs once per process."""
    from crawler.run import run_crawl

    with Store(out / STORE_NAME) as store:
        baseline = _baseline(store, run_id, digest, config)
    return run_crawl(config, out, run_id, axe_dir, credentials=credentials, baseline=baseline)


def resume_audit(request: AuditRequest, announce: Announce) -> Audited | StoreFailed:
    """Continue the latest unfinished run of the store in ``request.out`` without auditing
    its pages again."""
    from crawler.browser.profiles import reap_orphans
    from crawler.credentials import load_credentials
    from crawler.resume import config_from_settings, resume_state
    from crawler.run import run_crawl

    if request.out is None:
        raise UsageError("--resume needs --out, the output folder whose run it continues")
    path = request.out / STORE_NAME
    if not path.is_file():
        raise UsageError(f"there is no klarsyn store in {request.out} to resume")
    with Store(path, create=False) as store:
        run_id = store.unfinished_run_id()
        if run_id is None:
            raise UsageError(f"every run in {path} is complete: there is nothing to resume")
        run = store.load_run(run_id)
        # A run of a --sites job: its reports live in its site's folder, not in --out.
        if run.settings.get("name") and len(store.sites()) > 1:
            raise UsageError(
                f"run {run_id} is the site '{run.settings['name']}' of a klarsyn audit --sites"
                " job, which --resume cannot continue: audit the sites again with --sites"
            )
        config = config_from_settings(run.settings)
        state = resume_state(store, run_id, follow_links=not config.fixed_urls)
        digest = store.run_state(run_id)[2]
        baseline = _baseline(store, run_id, digest, config)
    gate = with_exceptions(request.gate, config.exceptions)
    _check_owner(request.owner, config)
    _check_queue(request, config)
    out = prepare_out(request.out)
    # Credentials are never stored with the run: give --credentials again to resume with them.
    credentials = load_credentials(request.credentials, out, os.environ)
    axe_dir = find_axe_dir()
    announce(Resuming(run_id, path.resolve(), len(state.seen), len(state.frontier)))
    reap_orphans()
    if request.queue is not None:
        outcome = _coordinate(request, config, out, run_id, axe_dir, resume=state)
    else:
        outcome = run_crawl(
            config, out, run_id, axe_dir, credentials=credentials, resume=state,
            baseline=baseline,
        )
    started = date.fromisoformat(run.started[:10])
    return finish_audit(config, out, run_id, started, outcome, request.owner, gate)


def _check_queue(request: AuditRequest, config: AuditConfig) -> None:
    """What a distributed audit cannot do yet, refused before anything starts."""
    if request.queue is None:
        if request.lease is not None:
            raise UsageError("--lease is for a distributed audit: give --queue too")
        return
    if config.incremental:
        raise UsageError("--incremental does not work with --queue yet")
    if config.evidence:
        raise UsageError("--evidence does not work with --queue yet")
    if config.fixed_urls:
        raise UsageError("a URL list (--urls) does not work with --queue yet")
    if request.credentials is not None:
        raise UsageError(
            "--credentials belongs to the workers with --queue (klarsyn worker --credentials)"
        )
    # The queue is checked before a run is started in the store: a refused password
    # must not leave an unfinished run behind.
    from crawler.distributed.connection import connect

    connect(request.queue, os.environ)[0].close()


def _coordinate(
    request: AuditRequest,
    config: AuditConfig,
    out: Path,
    run_id: int,
    axe_dir: Path,
    resume: ResumeState | None = None,
) -> CrawlOutcome:
    """The crawl of a distributed audit: this process stores what the workers send."""
    from crawler.browser.scripts import AxeAssets
    from crawler.distributed.coordinator import DEFAULT_LEASE, coordinate

    assert request.queue is not None
    outcome = coordinate(
        config, out, run_id, request.queue, os.environ,
        lease=request.lease or DEFAULT_LEASE, resume=resume,
    )
    # The workers say what they audited with; with no page audited, this machine's axe-core.
    return dataclasses.replace(
        outcome, axe_version=outcome.axe_version or AxeAssets.load(axe_dir).version
    )


def _baseline(store: Store, run_id: int, digest: str, config: AuditConfig) -> Baseline | None:
    """An incremental run's baseline (crawler/incremental.py); None when not incremental."""
    from crawler.incremental import load_baseline

    if not config.incremental:
        return None
    baseline = load_baseline(store, run_id, digest, config)
    if baseline.run_id is None:
        log.info("incremental run %s audits every page: %s", run_id, baseline.reason)
    else:
        log.info(
            "incremental run %s may re-use %s pages of run %s",
            run_id,
            len(baseline.pages),
            baseline.run_id,
        )
    return baseline


def finish_audit(
    config: AuditConfig,
    out: Path,
    run_id: int,
    started: date,
    outcome: CrawlOutcome,
    owner: str | None,
    gate: GatePolicy,
    reports: Path | None = None,
) -> Audited | StoreFailed:
    """Account for every URL met, close the run, run the passes over the whole run, write
    the reports (into ``reports``; default ``out``, the store's folder) and judge the run."""
    from crawler.browser.consent import store_banner
    from crawler.resume import unfinished_rows
    from crawler.scope import Scope
    from crawler.sitepass import check_site
    from crawler.textpass import rescore_run

    path = out / STORE_NAME
    if outcome.store_error:
        # The run stays unfinished (--resume continues it), but its evidence so far is sealed.
        with contextlib.suppress(StoreError, OSError), Store(path) as store:
            seal_pack(out, store.load_run(run_id), config, partial=True)
        return StoreFailed(out, path, outcome.store_error)
    with Store(path) as store:
        store.add_missing_pages(
            run_id,
            [
                *unfinished_rows(outcome.pending, interrupted=outcome.partial),
                *outcome.skipped,
            ],
        )
        store.finish_run(
            run_id,
            datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
            partial=outcome.partial,
            axe_version=outcome.axe_version,
            browser_version=outcome.browser_version,
        )
        if outcome.consent is not None:
            store_banner(store, run_id, outcome.consent,
                         Scope.build(config.start_urls, config.hosts).hosts)
        rescore_run(store, run_id, config.min_words, config.klarsprak_off)
        # The last text check is done: the language models are not needed for the reports.
        language.shut_down()
        check_site(store, run_id, config, date.fromisoformat(config.reference_date or str(started)))
        # Before the reports: the manifest is there even if rendering fails.
        seal_pack(out, store.load_run(run_id), config, partial=outcome.partial)
        rendered = render_run(
            store, run_id, prepare_out(reports or out), config.formats, owner, gate, config.lang
        )
    return Audited(out, path, config.start_urls, outcome.interrupted, rendered)


def _audit_config(request: AuditRequest) -> tuple[AuditConfig, bool]:
    """The run's config, and whether the bundled demo site is to be served."""
    file_values = read_config_file(request.config_file) if request.config_file else {}
    start_urls: tuple[str, ...] | None = request.urls or None
    fixed = None
    if request.urls_file is not None:
        start_urls = (start_urls or ()) + _read_url_file(request.urls_file)
        fixed = True
    demo = not start_urls and not file_values.get("start_urls")
    overrides = {"start_urls": start_urls, "fixed_urls": fixed, **request.settings}
    config = build_config(file_values, overrides)
    explicit = "max_pages" in file_values or request.settings.get("max_pages") is not None
    return _whole_list(config, explicit_budget=explicit), demo


def _whole_list(config: AuditConfig, *, explicit_budget: bool) -> AuditConfig:
    """A URL list is audited whole: the default page budget never cuts it, only a
    ``max_pages`` given on the command line or in the config file does (the report then
    says how many of the list were left out, reports/sections/urllist.py)."""
    if not config.fixed_urls or explicit_budget:
        return config
    return dataclasses.replace(config, max_pages=max(config.max_pages, len(config.start_urls)))


def _read_url_file(path: Path) -> tuple[str, ...]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the URL list {path} ({exc})") from exc
    urls = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            try:
                urls.append(check_url(line))
            except ConfigError as exc:
                raise UsageError(f"{path}, line {number}: {exc}") from exc
    if not urls:
        raise UsageError(f"the URL list {path} holds no URL")
    return tuple(urls)


def find_axe_dir() -> Path:
    axe_dir = installed_axe_dir()
    if not (axe_dir / "axe.min.js").is_file():
        raise UsageError(
            f"axe-core is not installed at {axe_dir}: run `bash scripts/setup.sh` "
            "(or set KLARSYN_AXE_DIR)"
        )
    return axe_dir


def _check_owner(owner: str | None, config: AuditConfig) -> None:
    known = [o.name for o in config.owners] + [NO_OWNER]
    if owner is not None and owner not in known:
        names = ", ".join(f"'{name}'" for name in known)
        raise UsageError(f"unknown owner '{owner}'; the configured owners are: {names}")
