"""The portfolio's files: portfolio.html, portfolio.json and portfolio.csv.

The rows come from ``reports.portfolio``; this module only words and formats them. The page
is one self-contained file, like report.html: one table, a row per site, its cells text;
each site's name links to the site's own report.html in its folder. A small inline script
(portfolio.js, allowed by its hash alone) lets a reader sort the table by any column; without
it the table reads the same, in the order the sites were given.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from audits.model import IMPACT_ORDER
from audits.statement import ITEMS
from reports.i18n import Translator, translator
from reports.labels import IMPACT_LABELS_SV
from reports.portfolio import SiteRow
from reports.reporters.csvreport import CSV_DELIMITER, _csv_cell
from reports.reporters.files import write_atomic
from reports.reporters.htmlreport import decimal_text
from reports.reporters.templating import TEMPLATES, asset_hash, environment, render_words

PORTFOLIO_FILES = ("portfolio.html", "portfolio.json", "portfolio.csv")
#: The schema of portfolio.json.
PORTFOLIO_SCHEMA_VERSION = 1
CSV_COLUMNS = (
    "name", "site", "report", "run_id", "started", "partial", "urls_found", "audited",
    "failed", "skipped", "coverage_percent",
    *(f"wcag_{i.value if i else 'unknown'}" for i in IMPACT_ORDER),
    "wcag", "wcag_pages", "wcag_per_page", "template_faults", "pages_with_lix", "over_target",
    "over_target_percent", "statement_url", "statement_missing", "statement_updated",
    "statement_age_days", "untagged_documents", "previous_run", "change_audited",
    "change_wcag", "change_over_target",
)  # fmt: skip


@dataclass(frozen=True)
class Cell:
    """A cell of the page: its text, and the key the sorting script orders by."""

    text: str
    sort: str


@dataclass(frozen=True)
class PortfolioLine:
    """One site's row of the page."""

    name: str
    site: str
    href: str
    partial: bool
    cells: tuple[Cell, ...]


def write_portfolio(out: Path, rows: Sequence[SiteRow], lang: str = "sv") -> list[Path]:
    """Write the portfolio's three files into ``out``; the paths, in ``PORTFOLIO_FILES``'
    order. Each file is replaced whole or left as it was."""
    contents = (portfolio_html(rows, lang), portfolio_json(rows), portfolio_csv(rows))
    written = []
    for name, data in zip(PORTFOLIO_FILES, contents, strict=True):
        write_atomic(out / name, data)
        written.append(out / name)
    return written


def report_href(row: SiteRow) -> str:
    """The site's own report.html, relative to the portfolio page."""
    return f"{row.folder}/report.html"


def portfolio_json(rows: Sequence[SiteRow]) -> bytes:
    """portfolio.json: every figure of every row, the derived shares beside them."""
    sites = []
    for row in rows:
        data = asdict(row)
        data["wcag_by_impact"] = {
            (i.value if i else "unknown"): n
            for i, n in zip(IMPACT_ORDER, row.wcag_by_impact, strict=True)
        }
        data["report"] = report_href(row)
        data["coverage_percent"] = row.coverage
        data["wcag_per_page"] = row.wcag_per_page
        data["over_target_percent"] = row.over_target_share
        data["statement"]["found"] = row.statement.found
        sites.append(data)
    body = {"tool": "klarsyn", "schema_version": PORTFOLIO_SCHEMA_VERSION, "sites": sites}
    return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")


def portfolio_csv(rows: Sequence[SiteRow]) -> bytes:
    """portfolio.csv: one line per site, the columns of ``CSV_COLUMNS``; ";" between fields
    and a byte order mark, as findings.csv (Swedish Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        s, t = r.statement, r.trend
        writer.writerow([_csv_cell(str(cell)) for cell in (
            r.name, r.site, report_href(r), r.run_id, r.started, r.partial, r.urls_found,
            r.audited, r.failed, r.skipped, _plain(r.coverage), *r.wcag_by_impact, r.wcag,
            r.wcag_pages, _plain(r.wcag_per_page, 2), r.template_faults, r.scored,
            r.over_target, _plain(r.over_target_share), s.url, " | ".join(s.missing),
            s.updated, "" if s.age_days is None else s.age_days, r.untagged_documents,
            *(("", "", "", "") if t is None else
              (t.previous_run, t.audited, t.wcag, t.over_target)),
        )])  # fmt: skip
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def _plain(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def portfolio_html(rows: Sequence[SiteRow], lang: str = "sv") -> bytes:
    """portfolio.html in ``lang``."""
    words = translator(lang)
    _ = words.gettext
    script = (TEMPLATES / "portfolio.js").read_text(encoding="utf-8")
    headings = (
        _("Webbplats"), _("Granskad"), _("Granskade sidor"), _("Täckning"),
        *(_("WCAG-fel: %(impact)s") % {"impact": _(IMPACT_LABELS_SV[i])} for i in IMPACT_ORDER),
        _("WCAG-fel totalt"), _("WCAG-fel per sida"), _("Mallfel"), _("Över LIX-målet"),
        _("Tillgänglighetsredogörelse"), _("Otaggade dokument"),
        _("Sedan förra granskningen"),
    )  # fmt: skip
    text = _environment().get_template("portfolio.html.j2").render(
        lang=lang,
        headings=headings,
        lines=[_line(row, words) for row in rows],
        generated=datetime.now().astimezone().isoformat(sep=" ", timespec="seconds"),
        # Markup, not escaped: our own static script file, never page data; the page's
        # Content-Security-Policy allows exactly this script by its hash.
        script=Markup(script),  # noqa: S704 - a file shipped with klarsyn, not crawled content
        script_hash=asset_hash(script),
        **render_words(words),
    )
    return text.encode("utf-8")


def _line(row: SiteRow, words: Translator) -> PortfolioLine:
    _, lang = words.gettext, words.lang

    def number(value: float | None, digits: int = 0, unit: str = "") -> Cell:
        if value is None:
            return Cell("–", "-1")
        return Cell(decimal_text(value, digits, lang) + unit, f"{value:.4f}")

    cover = number(row.coverage, 0, "\u00a0%")
    coverage = Cell(
        _("%(audited)s av %(found)s (%(share)s)")
        % {"audited": row.audited, "found": row.urls_found, "share": cover.text},
        cover.sort,
    )
    over = number(row.over_target_share, 0, "\u00a0%")
    over_target = Cell(
        _("%(over)s av %(scored)s sidor (%(share)s)")
        % {"over": row.over_target, "scored": row.scored, "share": over.text}
        if row.scored else "–",
        over.sort,
    )
    return PortfolioLine(
        name=row.name,
        site=row.site,
        href=report_href(row),
        partial=row.partial,
        cells=(
            Cell(row.started[:10], row.started),
            number(row.audited),
            coverage,
            *(number(n) for n in row.wcag_by_impact),
            number(row.wcag),
            number(row.wcag_per_page, 1),
            number(row.template_faults),
            over_target,
            _statement(row, words),
            number(row.untagged_documents),
            _trend(row, words),
        ),
    )


def _statement(row: SiteRow, words: Translator) -> Cell:
    _ = words.gettext
    s = row.statement
    if not s.found:
        return Cell(_("saknas"), "-1")
    parts = [_("finns")]
    if s.missing:
        names = ", ".join(_(ITEMS[key].missing).lower() for key in s.missing)
        parts.append(words.ngettext("%(n)s uppgift som DIGG kräver saknas",
                                    "%(n)s uppgifter som DIGG kräver saknas", len(s.missing))
                     % {"n": len(s.missing)} + f" ({names})")
    else:
        parts.append(_("alla uppgifter som DIGG kräver finns"))
    if s.age_days is None:
        parts.append(_("inget datum för senaste uppdatering"))
    else:
        parts.append(words.ngettext("uppdaterad för %(n)s dag sedan",
                                    "uppdaterad för %(n)s dagar sedan", s.age_days)
                     % {"n": s.age_days})
    # Sorted by how much is missing: a statement without a date counts one more.
    return Cell("; ".join(parts), str(len(s.missing)))


def _trend(row: SiteRow, words: Translator) -> Cell:
    _ = words.gettext
    t = row.trend
    if t is None:
        return Cell(_("första granskningen"), "")
    return Cell(
        _("WCAG-fel %(wcag)s, granskade sidor %(audited)s, över LIX-målet %(over)s")
        % {"wcag": _signed(t.wcag), "audited": _signed(t.audited),
           "over": _signed(t.over_target)},
        str(t.wcag),
    )


def _signed(n: int) -> str:
    """A change, always signed: "+3", "−2" (a real minus), "±0"."""
    return "±0" if n == 0 else f"+{n}" if n > 0 else f"\u2212{-n}"


@functools.cache
def _environment() -> Environment:
    """The portfolio's environment (``templating.environment``)."""
    return environment()
