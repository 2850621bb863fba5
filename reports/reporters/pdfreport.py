"""report.pdf: report.html printed to PDF by a ``Printer`` the application hands in.

The reporter only formats: it renders report.html (``htmlreport``) and hands the bytes
to a :class:`Printer`, the I/O behind a small interface (klarsyn's is headless Chromium,
crawler/browser/printer.py, chosen by klarsyn/render.py). The document is printed as it
is, without JavaScript: its print CSS opens every closed <details>, repeats table heads,
keeps table rows whole and puts the site and the date in every page's header.

What the PDF must carry (checked on real Chromium output in tests/test_pdf_earl.py): it
is tagged (a structure tree), has an outline from the headings, and its title and
language are the report's <title> and <html lang>.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from reports.prepare import ReportInput
from reports.reporters.htmlreport import html_report

#: The one file of the ``pdf`` format.
PDF_NAME = "report.pdf"


class PrintError(Exception):
    """The document could not be printed: the message is one sentence that says why."""


class Printer(Protocol):
    """Prints one self-contained HTML document (UTF-8 bytes) to a tagged PDF.

    The document is printed without JavaScript and loads nothing (the report has every
    resource inline); the PDF's title and language are the document's <title> and
    <html lang>. Any failure is a :class:`PrintError`.
    """

    def print_pdf(self, html: bytes) -> bytes: ...


@dataclass(frozen=True)
class PdfReporter:
    """The ``pdf`` format's reporter: report.html of the input, printed by ``printer``.

    Registered without a printer (``reports.reporters.files.FORMATS``);
    ``write_reports`` hands in the caller's. Without one it raises PrintError, so asking
    for a PDF nobody can print is an error, never a missing file without a word.
    """

    printer: Printer | None = None

    def __call__(self, report: ReportInput) -> Mapping[str, bytes]:
        if self.printer is None:
            raise PrintError(f"{PDF_NAME} needs a printer (a headless Chromium); none was given")
        return {PDF_NAME: self.printer.print_pdf(html_report(report))}
