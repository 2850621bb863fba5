"""urval.csv and urval.html: the sample for manual review with its checklists (``--format
sample``), in the report's language.

The sample and the checklists are chosen by ``reports.sections.sample``; this module only
formats them. urval.csv has one row per page × criterion, in findings.csv's conventions
(``;`` between fields, UTF-8 with a byte order mark, every cell guarded against formula
injection); its ``manual`` and ``note`` columns are empty, for the auditor to fill in and
give back with ``klarsyn report STORE --manual urval.csv`` (reports/manual.py). Column
names are fixed codes in every language; cells are words of the report's language.
urval.html is the same protocol to read and print: one section per page with a real
table (caption, ``th scope``), self-contained, no script.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup

from reports.i18n import Translator, translator
from reports.prepare import ReportInput
from reports.reporters.csvreport import CSV_DELIMITER, _csv_cell
from reports.reporters.templating import TEMPLATES, asset_hash, environment, render_words
from reports.sections.criterionnames import criterion_name
from reports.sections.sample import (
    RANDOM_SHARE,
    Automated,
    Sample,
    SampledPage,
    choose_sample,
)
from reports.sections.samplelabels import AUTOMATED_LABELS, REASON_LABELS, VERDICT_LABELS
from reports.sections.site import run_site_name
from reports.viewmodel.parts import Link, make_link

CSV_NAME = "urval.csv"
HTML_NAME = "urval.html"
SAMPLE_COLUMNS = ("page_url", "page_title", "reasons", "template_group", "criterion",
                  "criterion_name", "level", "en301549", "automated", "rules", "manual",
                  "note", "run_id", "sample_seed")  # fmt: skip


def sample_report(report: ReportInput) -> Mapping[str, bytes]:
    """urval.csv and urval.html of a prepared input: the sample of its rows."""
    sample = choose_sample(report.rows, report.run, report.sample_seed)
    words = translator(report.lang)
    return {
        CSV_NAME: sample_csv(sample, words).encode("utf-8-sig"),
        HTML_NAME: sample_html(report, sample, words).encode("utf-8"),
    }


def reasons_text(page: SampledPage, lang: str) -> str:
    """The page's reasons in words: "startsida, mall"."""
    return ", ".join(REASON_LABELS[lang][r] for r in page.reasons)


def sample_csv(sample: Sample, words: Translator) -> str:
    """urval.csv of ``sample`` (see the module doc)."""
    lang = words.lang
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow(SAMPLE_COLUMNS)
    for page in sample.pages:
        reasons = reasons_text(page, lang)
        for item in page.checklist:
            row = (
                page.url,
                page.title,
                reasons,
                page.group,
                item.criterion,
                criterion_name(item.criterion, lang),
                item.level,
                item.en301549,
                AUTOMATED_LABELS[lang][item.automated],
                " ".join(item.rules),
                "",
                "",
                sample.run_id,
                sample.seed,
            )
            writer.writerow([_csv_cell(str(cell)) for cell in row])
    return buffer.getvalue()


@dataclass(frozen=True)
class CheckRow:
    criterion: str
    name: str
    level: str
    en301549: str
    #: The automated result's code (a CSS class) and its words.
    automated: str
    automated_label: str
    rules: str


@dataclass(frozen=True)
class PageSection:
    anchor: str
    url: Link
    title: str
    reasons: str
    group: str
    fails: int
    reviews: int
    rows: tuple[CheckRow, ...]


def _sections(sample: Sample, words: Translator) -> tuple[PageSection, ...]:
    _, n_ = words.gettext, words.ngettext
    sizes = {g.number: g.pages for g in sample.groups}
    sections = []
    for number, page in enumerate(sample.pages, start=1):
        size = sizes[page.group]
        group = _("mallgrupp {number} ({pages})").format(
            number=page.group, pages=n_("1 sida", "{n} sidor", size).format(n=size)
        )
        sections.append(
            PageSection(
                anchor=f"sida-{number}",
                url=make_link(page.url),
                title=page.title or page.url,
                reasons=reasons_text(page, words.lang),
                group=group,
                fails=sum(i.automated is Automated.FAIL for i in page.checklist),
                reviews=sum(i.automated is Automated.NEEDS_REVIEW for i in page.checklist),
                rows=tuple(
                    CheckRow(
                        i.criterion,
                        criterion_name(i.criterion, words.lang),
                        i.level,
                        i.en301549,
                        i.automated.value,
                        AUTOMATED_LABELS[words.lang][i.automated],
                        ", ".join(i.rules),
                    )
                    for i in page.checklist
                ),
            )
        )
    return tuple(sections)


def sample_html(report: ReportInput, sample: Sample, words: Translator) -> str:
    """urval.html of ``sample`` (see the module doc)."""
    _, n_ = words.gettext, words.ngettext
    style = (TEMPLATES / "sample.css").read_text(encoding="utf-8")
    pages, population = len(sample.pages), sample.population
    facts = {
        "run": _("körning {run}, {date}").format(
            run=sample.run_id, date=(report.run.started or "")[:10]
        ),
        "sample": _("{pages} av {population}, {groups}").format(
            pages=n_("1 sida", "{n} sidor", pages).format(n=pages),
            population=n_("1 granskad HTML-sida", "{n} granskade HTML-sidor", population).format(
                n=population
            ),
            groups=n_("1 mallgrupp", "{n} mallgrupper", len(sample.groups)).format(
                n=len(sample.groups)
            ),
        ),
        "structured": sample.structured,
        "random": _("{random} (minst {share} % av det strukturerade urvalet)").format(
            random=sample.random, share=round(RANDOM_SHARE * 100)
        ),
        "not_found": ", ".join(REASON_LABELS[words.lang][r] for r in sample.not_found),
        "fill_in": _(
            "Fyll i kolumnerna manual och note i urval.csv med {verdicts} och läs in filen med"
        ).format(verdicts=", ".join(VERDICT_LABELS[words.lang].values())),
    }
    return (
        _environment()
        .get_template("sample.html.j2")
        .render(
            lang=report.lang,
            site_name=run_site_name(report.run, report.settings),
            seed=sample.seed,
            facts=facts,
            pages=_sections(sample, words),
            verdicts=tuple(VERDICT_LABELS[words.lang].values()),
            # Markup, not escaped: our own static style sheet, never page data; the page's
            # Content-Security-Policy allows exactly this style by its hash.
            style=Markup(style),  # noqa: S704 - a file shipped with klarsyn, not crawled content
            style_hash=asset_hash(style),
            **render_words(words),
        )
    )


@functools.cache
def _environment() -> Environment:
    """The sample's environment (``templating.environment``)."""
    return environment()
