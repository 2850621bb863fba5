"""The HTML report's files as tests read them: report.html and every file of sidor/."""

from __future__ import annotations

from pathlib import Path

from reports.i18n import Translator
from reports.reporters.htmlreport import HtmlFiles
from reports.reporters.layout import PAGES_DIR, REPORT_NAME
from reports.viewmodel.report import ReportView


def render_all(view: ReportView, words: Translator | None = None) -> str:
    """Every file of the HTML report of ``view``, report.html first, joined: what a test
    that looks for a text anywhere in the report reads."""
    from reports.i18n import translator

    files = HtmlFiles(view, words or translator("sv"))
    return "\n".join(data.decode("utf-8") for data in files.values())


def read_all(out: Path) -> str:
    """report.html and the files of sidor/ in ``out``, joined (see ``render_all``)."""
    paths = [out / REPORT_NAME, *sorted((out / PAGES_DIR).glob("*.html"))]
    return "\n".join(p.read_text(encoding="utf-8") for p in paths)
