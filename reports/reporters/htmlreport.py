"""report.html: the self-contained Swedish HTML report, rendered from the report view.

Page content is untrusted throughout: every template is autoescaped, and the report's
Content-Security-Policy allows no resources and only our own script, by its hash.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from reports.prepare import ReportInput
from reports.view import report_view
from reports.viewmodel.report import ReportView

TEMPLATES = Path(__file__).parent.parent / "templates"


def html_report(report: ReportInput) -> bytes:
    """report.html of a prepared input."""
    return render_html(report_view(report)).encode("utf-8")


def render_html(view: ReportView) -> str:
    """The self-contained Swedish HTML report of ``view``."""
    script = (TEMPLATES / "print.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    # Markup, not escaped: our own static script file, never page data; the report's
    # Content-Security-Policy allows exactly this script by its hash.
    trusted = Markup(script)  # noqa: S704 - a file shipped with klarsyn, not crawled content
    return _environment().get_template("report.html.j2").render(
        view=view, script=trusted, script_hash=f"sha256-{digest}"
    )


def _sv_decimal(value: float, digits: int = 1) -> str:
    """A number the Swedish way: decimal comma."""
    return f"{value:.{digits}f}".replace(".", ",")


def _sv_signed(value: float, digits: int = 1) -> str:
    """A difference the Swedish way, always signed: "+7,2", "−3,0" (a real minus), "±0"."""
    if round(value, digits) == 0:
        return "±0"
    return ("+" if value > 0 else "\u2212") + _sv_decimal(abs(value), digits)


def _sv_target(value: float) -> str:
    """A LIX target without a needless decimal: 40.0 → "40", 42.5 → "42,5"."""
    return str(int(value)) if value == int(value) else _sv_decimal(value)


def _sv_time(value: str | None) -> str:
    """An ISO 8601 time as "2025-05-01 02:00:00+02:00"; anything else as given."""
    if not value:
        return "–"
    try:
        return datetime.fromisoformat(value).isoformat(sep=" ", timespec="seconds")
    except ValueError:
        return value


def _sv_setting(value: object) -> str:
    """A run setting as a reader wants it: ja/nej, lists comma-separated."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if value is None:
        return "–"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v) for v in value)
    return str(value)


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
    """The one Jinja2 environment: autoescaping everything, failing on undefined names."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html", "j2"), default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(sv_decimal=_sv_decimal, sv_signed=_sv_signed, sv_target=_sv_target,
                       sv_time=_sv_time, sv_setting=_sv_setting, css_string=_css_string)
    return env
