"""The small parts every section of the report view is made of: links, counts, WCAG.

Everything page-derived stays plain text: escaping is the template engine's job, and a URL
becomes a link target only through ``Link.href`` (see ``make_link``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_WEB_URL = re.compile(r"https?://", re.IGNORECASE)
_CRITERION_TAG = re.compile(r"wcag(\d)(\d)(\d{1,2})")
_LEVEL_TAG = re.compile(r"wcag(\d)(\d?)(a{1,3})")


@dataclass(frozen=True)
class Link:
    """A URL to show; ``href`` is the URL only when its scheme is http or https."""

    text: str
    href: str | None


def make_link(url: str) -> Link:
    """A Link whose href is set only for an http(s) URL; anything else stays text."""
    return Link(text=url, href=url if _WEB_URL.match(url) else None)


@dataclass(frozen=True)
class Count:
    """Occurrences (elements) and affected pages (each counted once)."""

    occurrences: int
    pages: int


@dataclass(frozen=True)
class Wcag:
    """Success criteria ("1.4.3") and the conformance level ("AA") of WCAG ``version``."""

    criteria: tuple[str, ...]
    level: str | None
    version: str | None


def wcag_from_tags(tags: Iterable[str]) -> Wcag:
    """Map axe-core tags to WCAG: "wcag143" → criterion "1.4.3", "wcag21aa" → AA of 2.1.

    With several level tags the lowest level wins: it is the one the rule is required at.
    Other tags (best-practice, cat.*, EN-301-549, …) are ignored.
    """
    criteria: set[str] = set()
    levels: list[tuple[int, str]] = []
    for tag in tags:
        if m := _CRITERION_TAG.fullmatch(tag):
            criteria.add(".".join(m.groups()))
        elif m := _LEVEL_TAG.fullmatch(tag):
            major, minor, letters = m.groups()
            levels.append((len(letters), f"{major}.{minor or '0'}"))
    ordered = tuple(sorted(criteria, key=lambda c: tuple(int(n) for n in c.split("."))))
    if not levels:
        return Wcag(ordered, None, None)
    length, version = min(levels)
    return Wcag(ordered, "A" * length, version)


@dataclass(frozen=True)
class RulePage:
    page: Link
    anchor: str
    occurrences: int
