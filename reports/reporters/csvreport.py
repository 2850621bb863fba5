"""findings.csv: one row per finding occurrence, for a spreadsheet or a ticket system.

Cells come from crawled pages, so a cell a spreadsheet would run as a formula is guarded.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Mapping, Sequence

from audits.model import PageResult, RuleInfo
from reports.editlinks import edit_link
from reports.history import RunDiff, template_keys
from reports.prepare import Marker, ReportInput, fingerprinted
from reports.ruletexts import RuleTexts
from reports.runsettings import Targets

CSV_COLUMNS = ("page_url", "rule", "source", "outcome", "impact", "wcag", "best_practice",
               "selector", "snippet", "help", "message", "owner", "fingerprint", "template")
#: The last column, written when the report has a diff against the previous run.
CSV_STATUS_COLUMN = "status"
#: The column after it, written when the run has an ``edit_url``: the page's CMS link.
CSV_EDIT_COLUMN = "edit_url"
# Swedish Excel uses the comma as decimal separator and so expects ";" between fields:
# a comma-separated file opened there lands in one column.
CSV_DELIMITER = ";"
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV
# injection"); selectors and snippets come from crawled pages, so they are neutralised.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_report(report: ReportInput) -> bytes:
    """findings.csv of a prepared input: the rows the report is about."""
    return b"".join(csv_chunks(report))


def csv_chunks(report: ReportInput) -> Iterator[bytes]:
    """findings.csv (``csv_report``) in chunks, a page's rows at a time."""
    # utf-8-sig: a byte order mark first; without it Excel reads the file as Windows-1252
    # and å, ä and ö come out garbled.
    yield codecs.BOM_UTF8
    for text in _table(report.rows, report.rules, report.targets, report.given_marker,
                       with_status=report.diff is not None, edit_url=report.settings.edit_url):
        yield text.encode("utf-8")


def findings_csv(
    pages: Sequence[PageResult],
    rules: Mapping[str, RuleInfo],
    targets: Targets | None = None,
    *,
    diff: RunDiff | None = None,
) -> str:
    """findings.csv of ``pages`` alone, outside a run's report (see ``_table``); owners
    from ``targets`` (None: no owners), template faults decided on ``pages``."""
    rows = fingerprinted(pages)
    return "".join(_table(rows, RuleTexts(rules), targets or Targets.from_settings({}),
                          Marker.of(template_keys(rows), diff), with_status=diff is not None))


def _table(pages: Sequence[PageResult], rules: RuleTexts, targets: Targets, marker: Marker,
           *, with_status: bool, edit_url: str = "") -> Iterator[str]:
    """One row per finding occurrence, with the rule's Swedish help text: the header, then
    each page's rows as one piece of text.

    ``message`` is the occurrence's own advice (klarsyn's rules); ``owner`` is the page's
    owner, empty when no owner's pattern matches. ``help`` is empty for a rule without
    texts. ``fingerprint`` is the finding's stable identity, ``template`` "true" for a
    template fault; ``with_status``: a last column ``status`` says new, reappeared or
    persisting; with an ``edit_url`` template, a last column ``edit_url`` holds the
    page's link into the CMS (``reports.editlinks``).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow((*CSV_COLUMNS, *([CSV_STATUS_COLUMN] if with_status else []),
                     *([CSV_EDIT_COLUMN] if edit_url else [])))
    yield _taken(buffer)
    for page in pages:
        place = targets.place(page.url)
        owner = place.owner.name if place.owner else ""
        edit = edit_link(edit_url, page.url) if edit_url else ""
        for f in page.findings:
            info = rules.known(f.rule)
            row = [page.url, f.rule, f.source, f.outcome, f.impact or "", " ".join(f.wcag),
                   "true" if f.best_practice else "false", f.selector, f.snippet,
                   info.help if info else "", f.message, owner, f.fingerprint,
                   "true" if marker.template_key(f) is not None else "false"]
            if with_status:
                row.append(marker.status(f, page.url) or "")
            if edit_url:
                row.append(edit)
            writer.writerow([_csv_cell(str(cell)) for cell in row])
        yield _taken(buffer)


def _taken(buffer: io.StringIO) -> str:
    """What ``buffer`` holds, which it then no longer does."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _csv_cell(value: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would run as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value
