"""The HTML report: report.html and the files of sidor/ beside it, from the report view.

report.html holds what is site-level; the per-page detail, the page list and the ledger
are in sidor/ (the layout, file names and links: ``reports.reporters.layout``).
``html_files`` is the ``html`` format's reporter: a mapping whose files are rendered one at a
time as the writer asks for them, so a 10,000-page site never has its whole HTML in memory.

Page content is untrusted throughout: every template is autoescaped, and the report's
Content-Security-Policy allows no resources and only our own script, by its hash.

Language: the templates' words are Swedish, marked with ``_()``/``{% trans %}``
(``jinja2.ext.i18n``); each render gets its own ``reports.i18n.Translator`` as the render
variables ``gettext``, ``ngettext`` and ``_``, so the one cached Environment is never changed
per report. Macros that show words are imported ``with context`` to see them. Numbers
follow the language too (the ``decimal``, ``signed`` and ``target`` filters take it).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from audits.targets import NO_OWNER
from reports.editlinks import edit_link
from reports.i18n import Translator, translator
from reports.prepare import ReportInput
from reports.reporters.layout import (
    HERE_PAGES,
    HERE_REPORT,
    PAGE_LIST_ROWS,
    PAGES_DIR,
    PAGES_PER_FILE,
    REPORT_NAME,
    detail_file,
    list_file,
)
from reports.reporters.templating import TEMPLATES, asset_hash, environment, render_words
from reports.view import report_view
from reports.viewmodel.report import ReportView

#: One file of a paginated list: its name (inside PAGES_DIR), its first and last row (1-based).
Part = tuple[str, int, int]


def html_report(report: ReportInput) -> bytes:
    """report.html alone of a prepared input, in its language (what the ``pdf`` format
    prints)."""
    words = translator(report.lang)
    return render_html(report_view(report, words), words).encode("utf-8")


def html_files(report: ReportInput) -> Mapping[str, bytes]:
    """The ``html`` format: report.html and every file of sidor/ (``HtmlFiles``)."""
    words = translator(report.lang)
    return HtmlFiles(report_view(report, words), words)


def render_html(view: ReportView, words: Translator | None = None) -> str:
    """report.html of ``view``, in the language of ``words`` (Swedish without one).
    ``view`` must have been built with the same translator (``reports.view.report_view``)
    so its own words are in the same language."""
    return _render("report.html.j2", view, words, here=HERE_REPORT)


def _render(template: str, view: ReportView, words: Translator | None, **values: object) -> str:
    """One file of the report: ``template`` with the view, the words and ``values``."""
    words = words or translator("sv")
    script = (TEMPLATES / "print.js").read_text(encoding="utf-8")
    # Markup, not escaped: our own static script file, never page data; the report's
    # Content-Security-Policy allows exactly this script by its hash.
    trusted = Markup(script)  # noqa: S704 - a file shipped with klarsyn, not crawled content
    return _environment().get_template(template).render(
        view=view,
        script=trusted,
        script_hash=asset_hash(script),
        lang=words.lang,
        **values,
        **render_words(words),
    )


def _parts(stem: str, total: int, size: int) -> tuple[Part, ...]:
    """The files of a list of ``total`` rows, ``size`` a file (one file when empty)."""
    if total == 0:
        return ((list_file(stem, 1), 0, 0),)
    return tuple((list_file(stem, n), start + 1, min(start + size, total))
                 for n, start in enumerate(range(0, total, size), start=1))


class HtmlFiles(Mapping[str, bytes]):
    """The HTML report's files (name relative to the output folder → UTF-8 bytes).

    The names are known up front; each file is rendered when it is looked up, so the
    writer holds one file's text at a time, and a detail file's page views only while it
    is rendered (``ReportView.pages`` builds them when asked). report.html comes first,
    then the page list, the ledger and the page details (``layout``); every name but
    report.html is in PAGES_DIR.
    """

    def __init__(self, view: ReportView, words: Translator) -> None:
        self._view, self._words = view, words
        pages = view.page_list
        self._lists = {
            "pages": _parts("index", len(pages), PAGE_LIST_ROWS),
            "ledger": _parts("adresser", len(view.ledger), PAGE_LIST_ROWS),
        }
        self._details: tuple[Part, ...] = tuple(
            (detail_file(start + 1), start + 1, min(start + PAGES_PER_FILE, len(pages)))
            for start in range(0, len(pages), PAGES_PER_FILE))
        self._names: dict[str, tuple[str, int]] = {REPORT_NAME: ("report", 0)}
        for kind, parts in self._lists.items():
            self._names.update({f"{PAGES_DIR}/{name}": (kind, n)
                                for n, (name, _f, _l) in enumerate(parts, start=1)})
        self._names.update({f"{PAGES_DIR}/{name}": ("detail", n)
                            for n, (name, _f, _l) in enumerate(self._details, start=1)})

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __getitem__(self, name: str) -> bytes:
        kind, part = self._names[name]
        if kind == "report":
            return render_html(self._view, self._words).encode("utf-8")
        if kind == "detail":
            return self._page(self._details, part, "pages.html.j2", self._view.pages, None)
        rows: Sequence[object] = self._view.page_list if kind == "pages" else self._view.ledger
        return self._page(self._lists[kind], part, "pagelist.html.j2", rows, kind)

    def _page(self, parts: tuple[Part, ...], part: int, template: str,
              rows: Sequence[object], kind: str | None) -> bytes:
        _name, first, last = parts[part - 1]
        chunk = rows[first - 1:last] if last else ()
        text = _render(template, self._view, self._words, here=HERE_PAGES, parts=parts,
                       part=part, first=first, last=last, total=len(rows), rows=chunk,
                       pages=chunk, kind=kind)
        return text.encode("utf-8")


def _lang(context: Context) -> str:
    """The report's language, as the render was given it."""
    return str(context.get("lang") or "sv")


def decimal_text(value: float, digits: int, lang: str) -> str:
    """A number with the language's decimal sign: "7,2" in Swedish, "7.2" in English."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "sv" else text


@pass_context
def _decimal(context: Context, value: float, digits: int = 1) -> str:
    """``decimal_text`` in the report's language."""
    return decimal_text(value, digits, _lang(context))


@pass_context
def _signed(context: Context, value: float, digits: int = 1) -> str:
    """A difference, always signed: "+7,2", "−3,0" (a real minus), "±0"."""
    if round(value, digits) == 0:
        return "±0"
    return ("+" if value > 0 else "\u2212") + _decimal(context, abs(value), digits)


@pass_context
def _target(context: Context, value: float) -> str:
    """A LIX target without a needless decimal: 40.0 → "40", 42.5 → "42,5" ("42.5")."""
    return str(int(value)) if value == int(value) else _decimal(context, value)


def _time(value: str | None) -> str:
    """An ISO 8601 time as "2025-05-01 02:00:00+02:00" (in every language); anything else
    as given."""
    if not value:
        return "–"
    try:
        return datetime.fromisoformat(value).isoformat(sep=" ", timespec="seconds")
    except ValueError:
        return value


@pass_context
def _setting(context: Context, value: object) -> str:
    """A run setting as a reader wants it: ja/nej (yes/no), lists comma-separated, a
    table as its set keys."""
    if isinstance(value, bool):
        return str(context["gettext"]("ja" if value else "nej"))
    if value is None:
        return "–"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):  # a table of settings ([consent]): its set keys
        return ", ".join(f"{k} = {v}" for k, v in value.items() if v not in ("", None))
    return str(value)


@pass_context
def _owner(context: Context, name: str) -> str:
    """An owner's name as configured; the name of the pages no owner has ("ingen ägare",
    klarsyn's own words) in the report's language."""
    return str(context["gettext"](name)) if name == NO_OWNER else name


def _css_string(value: str) -> Markup:
    """``value`` as a quoted CSS string for the report's <style>: quotes, backslashes,
    ``<``, ``>``, ``&`` and control characters are written as CSS escapes, so nothing in
    it can end the string, the rule or the <style> element (a site name or an owner's
    name is the user's text)."""
    escaped = "".join(
        f"\\{ord(ch):06x}" if not ch.isprintable() or ch in "\"'\\<>&" else ch
        for ch in value
    )
    return Markup(f'"{escaped}"')  # noqa: S704 - every character that could end it is escaped


@functools.cache
def _environment() -> Environment:
    """report.html's environment (``templating.environment``) with its number, time and
    owner filters."""
    return environment({
        "decimal": _decimal, "signed": _signed, "target": _target, "time": _time,
        "setting": _setting, "css_string": _css_string, "owner": _owner,
        "edit_link": edit_link,
    })
