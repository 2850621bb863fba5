"""The Jinja2 set-up every HTML reporter shares: the templates folder and one way to make
an environment, so report.html, urval.html and the draft statement escape and fail alike.

Every environment autoescapes everything (page content is untrusted), fails on undefined
names, and has the i18n extension; the words come with each render as the variables
``gettext``, ``ngettext`` and ``_`` of a per-report ``reports.i18n.Translator``, so an
environment holds no report's state and can be cached.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from reports.i18n import Translator
from reports.reporters.layout import LINK_FILTERS

TEMPLATES = Path(__file__).parent.parent / "templates"


def environment(
    filters: Mapping[str, Callable[..., Any]] | None = None,
    tests: Mapping[str, Callable[..., bool]] | None = None,
) -> Environment:
    """A new environment over ``TEMPLATES`` with the link filters of ``layout`` and
    ``filters`` and ``tests`` added (callers cache theirs: making one is not free)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html", "j2"), default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.filters.update(LINK_FILTERS)
    env.filters.update(filters or {})
    env.tests.update(tests or {})
    return env


def render_words(translator: Translator) -> dict[str, Callable[..., str]]:
    """The render variables the i18n extension and the templates look the words up by."""
    return {"gettext": translator.gettext, "ngettext": translator.ngettext, "_": translator.gettext}


def asset_hash(text: str) -> str:
    """The Content-Security-Policy source of an inline script or style: "sha256-…"."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
