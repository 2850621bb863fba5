"""Render a stored run's reports and judge the run with the CI gate.

``klarsyn report`` renders any stored run again (:func:`render_report`); ``klarsyn audit``
renders the run it has just finished (:func:`render_run`). Either way the reports show what
changed since the previous run of the store, the trends of every run up to this one and
the accepted exceptions, and the gate (reports/gate.py) judges the same ledger rows. The
result is data (:class:`Rendered`): printing it is the command line's job.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from audits.exceptions import (
    AcceptedException,
    ExceptionsError,
    expired,
    load_exceptions,
    split_accepted,
)
from audits.model import PageResult, PageStatus
from klarsyn.errors import UsageError
from klarsyn.outfolder import prepare_out
from reports.evidence import EvidenceIndex, run_folder
from reports.gate import FailOn, GatePolicy, GateResult, evaluate_gate, new_fingerprints
from reports.history import diff_runs, previous_run
from reports.manual import ManualError, ManualReview, read_manual
from reports.prepare import filter_owner
from reports.reporters.files import ReportsFailed, write_reports
from reports.reporters.pdfreport import Printer
from reports.runsettings import RunSettings
from reports.store import Store
from reports.trends import trend_points


@dataclass(frozen=True)
class Rendered:
    """One run rendered and judged."""

    run_id: int
    #: The run was interrupted or never finished: the reports say so.
    partial: bool
    #: The report files, in the order of ``reports.reporters.files.FORMATS``.
    written: tuple[Path, ...]
    #: The store's previous run of the same site, if there is one.
    previous: int | None
    #: The ledger rows the reports show (one owner's, with ``--owner``), accepted findings
    #: included: the gate sets those apart itself.
    pages: tuple[PageResult, ...]
    #: Accepted exceptions past their expiry date: their findings count again.
    expired: tuple[AcceptedException, ...]
    gate: GateResult
    #: One sentence for each requested format that could not be made (a PDF that could
    #: not be printed); every other format was written.
    failed: tuple[str, ...] = ()

    @property
    def audited(self) -> int:
        """How many of the rows are audited pages."""
        return sum(page.status is PageStatus.AUDITED for page in self.pages)


def with_exceptions(gate: GatePolicy, exceptions_file: str) -> GatePolicy:
    """``gate`` with the accepted exceptions of ``exceptions_file`` ("": none).

    Read before any work, so a bad file fails early, as a UsageError.
    """
    try:
        exceptions = load_exceptions(Path(exceptions_file)) if exceptions_file else ()
    except ExceptionsError as exc:
        raise UsageError(str(exc)) from exc
    return dataclasses.replace(gate, exceptions=exceptions)


def render_run(
    store: Store,
    run_id: int,
    out: Path,
    formats: Sequence[str],
    owner: str | None,
    gate: GatePolicy,
    lang: str = "sv",
    *,
    manual: ManualReview | None = None,
    sample_seed: int | None = None,
) -> Rendered:
    """Write the reports of one stored run (or of one owner's part of it) into ``out``, in
    ``lang``, and judge the run by ``gate``. An unknown owner or format, or a ``manual``
    review naming a page the run does not have, is a UsageError, raised before anything
    is written. ``sample_seed``: the seed of ``--format sample`` (None: the run's own).
    A format that could not be made (a PDF Chromium could not print) is named in
    ``Rendered.failed``; the others are written."""
    run, pages = store.load_run(run_id), store.load_pages(run_id)
    if manual is not None:
        try:
            manual.check_pages({u for p in pages for u in (p.url, p.final_url) if u}, run_id)
        except ManualError as exc:
            raise UsageError(str(exc)) from exc
    accepted, remaining = split_accepted(pages, gate.exceptions, gate.today)
    lapsed = expired(gate.exceptions, gate.today)
    previous = previous_run(store, run_id)
    diff = diff_runs(store, previous, run_id, pages) if previous is not None else None
    failed: tuple[str, ...] = ()
    try:
        written = write_reports(
            run,
            remaining,
            store.load_rules(run_id),
            out,
            formats,
            owner=owner,
            lang=lang,
            diff=diff,
            history=trend_points(store, until=run_id),
            accepted=accepted if gate.exceptions else None,
            expired=lapsed,
            evidence=EvidenceIndex.load(run_folder(store.path.parent, run_id), out),
            manual=manual,
            sample_seed=sample_seed,
            consent=store.load_consent_banner(run_id),
            printer=_printer() if "pdf" in formats else None,
        )
    except ReportsFailed as exc:
        written, failed = list(exc.written), exc.failures
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    if owner is not None:
        pages = filter_owner(pages, owner, RunSettings.parse(run.settings).targets.owners)
    # Only `--fail-on new` asks what is new; with no previous run, everything is.
    new = new_fingerprints(diff) if gate.fail_on is FailOn.NEW and diff is not None else None
    return Rendered(
        run_id=run_id,
        partial=run.partial,
        written=tuple(written),
        previous=previous,
        pages=tuple(pages),
        expired=lapsed,
        gate=evaluate_gate(pages, gate, new),
        failed=failed,
    )


def _printer() -> Printer:
    """The printer of report.pdf: the headless Chromium the audits run in."""
    from crawler.browser.printer import ChromiumPrinter

    return ChromiumPrinter()


@dataclass(frozen=True)
class ReportRequest:
    """What ``klarsyn report`` was asked to render."""

    store: Path
    #: Output folder (None: the store's folder).
    out: Path | None
    formats: Sequence[str]
    #: Run id (None: the latest run).
    run_id: int | None
    owner: str | None
    #: The gate without its exceptions: those come from ``exceptions``.
    gate: GatePolicy
    #: Accepted exceptions (None: the file the run was audited with, read again: edits count).
    exceptions: Path | None
    #: The language of the reports' own words.
    lang: str = "sv"
    #: A filled-in urval.csv whose manual verdicts the reports show (None: none).
    manual: Path | None = None
    #: The seed of the sample for manual review (None: the run's own).
    sample_seed: int | None = None


def render_report(request: ReportRequest) -> Rendered:
    """Render a run of an existing store again, and judge it. A manual file that cannot
    be read is a UsageError, raised before anything else."""
    try:
        manual = read_manual(request.manual) if request.manual is not None else None
    except ManualError as exc:
        raise UsageError(str(exc)) from exc
    out = prepare_out(request.out or request.store.parent)
    with Store(request.store, create=False) as store:
        run_id = request.run_id if request.run_id is not None else store.latest_run_id()
        if request.exceptions is not None:
            exceptions_file = str(request.exceptions)
        else:
            exceptions_file = RunSettings.parse(store.load_run(run_id).settings).exceptions
        gate = with_exceptions(request.gate, exceptions_file)
        return render_run(
            store,
            run_id,
            out,
            request.formats,
            request.owner,
            gate,
            request.lang,
            manual=manual,
            sample_seed=request.sample_seed,
        )
