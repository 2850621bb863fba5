"""report.html: the self-contained HTML report, rendered from the report view.

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
from datetime import datetime

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from audits.targets import NO_OWNER
from reports.i18n import Translator, translator
from reports.prepare import ReportInput
from reports.reporters.templating import TEMPLATES, asset_hash, environment, render_words
from reports.view import report_view
from reports.viewmodel.report import ReportView


def html_report(report: ReportInput) -> bytes:
    """report.html of a prepared input, in its language."""
    words = translator(report.lang)
    return render_html(report_view(report, words), words).encode("utf-8")


def render_html(view: ReportView, words: Translator | None = None) -> str:
    """The self-contained HTML report of ``view``, in the language of ``words`` (Swedish
    without one). ``view`` must have been built with the same translator
    (``reports.view.report_view``) so its own words are in the same language."""
    words = words or translator("sv")
    script = (TEMPLATES / "print.js").read_text(encoding="utf-8")
    # Markup, not escaped: our own static script file, never page data; the report's
    # Content-Security-Policy allows exactly this script by its hash.
    trusted = Markup(script)  # noqa: S704 - a file shipped with klarsyn, not crawled content
    return _environment().get_template("report.html.j2").render(
        view=view,
        script=trusted,
        script_hash=asset_hash(script),
        lang=words.lang,
        **render_words(words),
    )


def _lang(context: Context) -> str:
    """The report's language, as the render was given it."""
    return str(context.get("lang") or "sv")


@pass_context
def _decimal(context: Context, value: float, digits: int = 1) -> str:
    """A number with the language's decimal sign: "7,2" in Swedish, "7.2" in English."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if _lang(context) == "sv" else text


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
    """A run setting as a reader wants it: ja/nej (yes/no), lists comma-separated."""
    if isinstance(value, bool):
        return str(context["gettext"]("ja" if value else "nej"))
    if value is None:
        return "–"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v) for v in value)
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
    # The sv_* names are the filters' first names, kept for templates written with them.
    return environment({
        "decimal": _decimal, "signed": _signed, "target": _target, "time": _time,
        "setting": _setting, "css_string": _css_string, "owner": _owner,
        "sv_decimal": _decimal, "sv_signed": _signed, "sv_target": _target, "sv_time": _time,
        "sv_setting": _setting,
    })
