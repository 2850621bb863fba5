"""Writing a run's report files: which formats there are, and writing each one atomically.

``write_reports`` prepares the report's input once (``reports.prepare``) and hands the same
input to each format's reporter. A file's content is bytes or an iterable of byte chunks
(``Content``: report.json, pages.jsonl and findings.csv of a 10,000-page run are made a
page at a time and never held whole); either way it is written atomically (a temporary
file in the same folder, then ``os.replace``), so a reader or a crash never sees half a
report.

A reporter's file name may name a subfolder ("sidor/index.html"): such a folder belongs
to the format whole. Its files are written into a new folder beside it, which then takes
the old one's place (``replace_folder``), so a smaller second run into the same output
folder leaves no stale file of the first, and the folder is never half written. A
format's folders are written before its top-level files (report.html links into sidor/).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Unpack

from audits.model import PageResult, RuleInfo, RunInfo
from reports.prepare import FollowUp, ReportInput, prepare
from reports.reporters.csvreport import csv_chunks
from reports.reporters.earlreport import EARL_NAME, earl_report
from reports.reporters.htmlreport import html_files
from reports.reporters.jsonreport import json_files
from reports.reporters.pdfreport import PdfReporter, Printer, PrintError
from reports.reporters.samplereport import sample_report
from reports.reporters.statementreport import statement_report

#: A file's content: its bytes, or its bytes in chunks, written as they come.
Content = bytes | Iterable[bytes]
#: A format's reporter: the prepared input in, its files out (file name → content).
Reporter = Callable[[ReportInput], Mapping[str, Content]]


def one_file(name: str, reporter: Callable[[ReportInput], Content]) -> Reporter:
    """The reporter of a format that writes one file, ``name``."""
    return lambda report: {name: reporter(report)}


#: Each format's reporter, in the order the formats are written.
FORMATS: dict[str, Reporter] = {
    # report.html and the files of sidor/ beside it (reports.reporters.layout).
    "html": html_files,
    # report.json and pages.jsonl, one page a line.
    "json": json_files,
    "csv": one_file("findings.csv", csv_chunks),
    # Printed: write_reports hands the caller's printer in (see PdfReporter).
    "pdf": PdfReporter(),
    "earl": one_file(EARL_NAME, earl_report),
    # The draft tillgänglighetsredogörelse: tillganglighetsredogorelse.html and .md.
    "statement": statement_report,
    # The sample for manual review: urval.csv and urval.html.
    "sample": sample_report,
}
#: What an audit writes when no format is asked for.
DEFAULT_FORMATS: tuple[str, ...] = ("html", "json", "csv")


class ReportsFailed(Exception):
    """Some formats could not be made (a report that could not be printed); every other
    requested format was written. ``written`` are the paths that were, ``failures`` one
    sentence per format that was not."""

    def __init__(self, written: Sequence[Path], failures: Sequence[str]) -> None:
        super().__init__("; ".join(failures))
        self.written = tuple(written)
        self.failures = tuple(failures)


def write_reports(
    run: RunInfo,
    pages: Sequence[PageResult],
    rules: Mapping[str, RuleInfo],
    out_dir: Path,
    formats: Collection[str],
    owner: str | None = None,
    lang: str = "sv",
    printer: Printer | None = None,
    **follow: Unpack[FollowUp],
) -> list[Path]:
    """Write the requested formats (keys of ``FORMATS``) into ``out_dir``, in ``lang``
    (``reports.i18n.LANGUAGES``).

    ``owner`` names one of the run's owners (or "ingen ägare"): every file then holds that
    owner's ledger rows and findings alone, and says whose they are. Returns the written
    paths in the order of ``FORMATS``. An unknown format or owner raises ValueError before
    anything is written. A failed write raises and leaves neither a partial report nor a
    temporary file; files written before it stay complete. A format's subfolder (the
    ``html`` format's sidor/) is returned once, as the folder's path, after its files.

    Follow-up (optional, see ``reports.prepare.prepare``): ``diff`` against the previous
    run, ``history`` the trend points, ``accepted`` and ``expired`` the accepted
    exceptions (``pages`` are then the rows with the accepted findings taken out),
    ``evidence`` the run's evidence pack, which report.html links to.

    ``printer`` prints the ``pdf`` format (``reports.reporters.pdfreport``). A format that
    cannot be printed does not stop the others: they are all written, then
    ReportsFailed names what is missing.
    """
    unknown = set(formats) - FORMATS.keys()
    if unknown:
        raise ValueError(f"unknown report format: {', '.join(sorted(unknown))}")
    report = prepare(run, pages, rules, owner, lang=lang, **follow)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    failures: list[str] = []
    for fmt, reporter in FORMATS.items():
        if fmt not in formats:
            continue
        if isinstance(reporter, PdfReporter):
            reporter = PdfReporter(printer)
        try:
            files = reporter(report)
        except PrintError as exc:
            failures.append(f"the {fmt} report could not be made: {exc}")
            continue
        written.extend(_write_files(out_dir, files))
    if failures:
        raise ReportsFailed(written, failures)
    return written


def _write_files(out_dir: Path, files: Mapping[str, Content]) -> list[Path]:
    """Write one format's files: each subfolder whole (``replace_folder``), then the
    top-level files. Returns the top-level files and the folders, in the files' order."""
    folders: dict[str, list[str]] = {}
    for name in files:
        folder, _sep, rest = name.partition("/")
        if rest:
            folders.setdefault(folder, []).append(name)
    for folder, names in folders.items():
        replace_folder(out_dir / folder, ((name.partition("/")[2], files[name])
                                          for name in names))
    written: list[Path] = []
    for name in files:
        folder, _sep, rest = name.partition("/")
        if not rest:
            write_atomic(out_dir / name, files[name])
            written.append(out_dir / name)
        elif out_dir / folder not in written:
            written.append(out_dir / folder)
    return written


def replace_folder(folder: Path, files: Iterable[tuple[str, Content]]) -> None:
    """Make ``folder`` hold exactly ``files`` (name inside it → content), nothing else.

    The files are written into a new hidden folder beside it (created with O_EXCL-like
    ``mkdir``); then the old folder is renamed aside, the new one renamed into its place
    and the old one removed. A reader sees the old folder or the new one whole (for the
    instant between the two renames, none); a failure leaves the old folder as it was
    and no temporary folder behind. Files are fetched from ``files`` one at a time.
    """
    token = secrets.token_hex(6)
    new = folder.with_name(f".{folder.name}.{token}.tmp")
    old = folder.with_name(f".{folder.name}.{token}.old")
    new.mkdir()
    try:
        for name, data in files:
            path = new / name
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
        if folder.exists():
            folder.rename(old)
        new.rename(folder)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        if old.exists() and not folder.exists():
            old.rename(folder)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write_atomic(path: Path, data: Content) -> None:
    """Replace ``path`` by ``data`` (bytes, or byte chunks written as they come) in one
    step, or leave it as it was.

    The temporary file is created next to the target (``os.replace`` is atomic only within
    one file system) with O_EXCL, so concurrent writers never share it, and with mode 0o666
    so the umask sets the report's permissions as for any other file.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                for chunk in data:
                    handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
