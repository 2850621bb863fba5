"""Reading a filled-in urval.csv back: the auditor's manual verdicts per page and criterion.

``klarsyn report STORE --manual urval.csv`` shows these verdicts beside the automated
results (report.html's "Manuell granskning", report.json's ``manual``). The file is the
one ``--format sample`` wrote (reports/reporters/samplereport.py), as a spreadsheet saved
it again, so the reader is tolerant of what Excel and LibreOffice do to a CSV file:

- encoding: UTF-8 with or without a byte order mark, UTF-16 with one ("Unicode text"),
  else Windows-1252 (Excel's "CSV (semikolonavgränsad)" on a Swedish Windows);
- delimiter: ``;``, ``,`` or a tab, whichever the header line has most of;
- line ends: CRLF or LF; columns in any order, found by their header names (case and
  surrounding spaces ignored); other columns are ignored;
- a cell the writer guarded against formula injection (``'=…``) loses its apostrophe.

Required columns: ``page_url``, ``criterion``, ``manual``; ``note`` is optional. A verdict
is read in Swedish or English or as its code (``reports.verdicts``); an empty
cell (or "-", "–", "—") is "not reviewed". Rows without a verdict and without a note are
skipped. Anything else wrong is a :class:`ManualError` of one sentence naming the row.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from audits.requirements import requirements
from reports.verdicts import Verdict, verdict_choices, verdict_of

REQUIRED_COLUMNS = ("page_url", "criterion", "manual")
NOTE_COLUMN = "note"
_DELIMITERS = (";", ",", "\t")
# The characters csvreport guards with a leading apostrophe (reports/reporters/csvreport.py).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ManualError(ValueError):
    """The manual file cannot be read, or says something klarsyn cannot take."""


@dataclass(frozen=True)
class ManualEntry:
    """One reviewed criterion of one page; ``verdict`` None: a note without a verdict.
    ``row`` is the file's line number of the row (the header is 1)."""

    page_url: str
    criterion: str
    verdict: Verdict | None
    note: str
    row: int


@dataclass(frozen=True)
class ManualReview:
    """The entries of one manual file (``name``: the file's name, for messages)."""

    name: str
    entries: tuple[ManualEntry, ...]

    def check_pages(self, urls: Collection[str], run_id: int) -> None:
        """ManualError for the first entry whose page is not one of ``urls`` (the run's)."""
        for entry in self.entries:
            if entry.page_url not in urls:
                raise ManualError(
                    f"{self.name}, row {entry.row}: {entry.page_url} is not a page of run "
                    f"{run_id}; was the file made from another run or site?"
                )


def read_manual(path: Path) -> ManualReview:
    """The manual file at ``path`` (see the module doc)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ManualError(f"cannot read the manual file {path}: {exc.strerror}") from exc
    return parse_manual(data, path.name)


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _unguard(value: str) -> str:
    value = value.strip()
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_START) else value


def parse_manual(data: bytes, name: str = "urval.csv") -> ManualReview:
    """The entries of a manual file's content (see the module doc)."""
    text = _decode(data)
    header_line = text.lstrip().split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=header_line.count)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(rows, None)
    if header is None or not any(cell.strip() for cell in header):
        raise ManualError(f"{name} is empty: expected the urval.csv that --format sample wrote")
    columns = {cell.strip().strip("\ufeff").lower(): n for n, cell in enumerate(header)}
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ManualError(
            f"{name} has no column {', '.join(repr(c) for c in missing)}: expected the "
            "urval.csv that --format sample wrote, with its header row"
        )
    known = requirements().criteria
    entries: dict[tuple[str, str], ManualEntry] = {}
    for number, row in enumerate(rows, start=2):

        def cell(column: str, row: list[str] = row) -> str:
            index = columns.get(column)
            return row[index] if index is not None and index < len(row) else ""

        word, note = cell("manual").strip(), _unguard(cell(NOTE_COLUMN))
        try:
            verdict = verdict_of(word)
        except KeyError:
            raise ManualError(
                f"{name}, row {number}: {word!r} is not a verdict; write "
                f"{verdict_choices('sv')} (or {verdict_choices('en')}), or leave it empty"
            ) from None
        if verdict is None and not note:
            continue
        page, criterion = _unguard(cell("page_url")), cell("criterion").strip().lstrip("'")
        if criterion not in known:
            raise ManualError(
                f"{name}, row {number}: {criterion!r} is not a WCAG 2.1 A or AA success "
                "criterion of the checklist"
            )
        if not page:
            raise ManualError(f"{name}, row {number}: the page_url is empty")
        earlier = entries.get((page, criterion))
        if earlier is not None:
            raise ManualError(
                f"{name}, row {number}: criterion {criterion} of {page} was already "
                f"judged in row {earlier.row}"
            )
        entries[page, criterion] = ManualEntry(page, criterion, verdict, note, number)
    return ManualReview(name, tuple(entries.values()))
