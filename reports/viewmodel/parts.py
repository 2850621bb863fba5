"""The small parts every section of the report view is made of: links, counts, WCAG.

Everything page-derived stays plain text: escaping is the template engine's job, and a URL
becomes a link target only through ``Link.href`` (see ``make_link``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from audits.requirements import criteria_from_tags, requirements

_WEB_URL = re.compile(r"https?://", re.IGNORECASE)
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
    """Success criteria ("1.4.3") and the conformance level ("AA") of WCAG ``version``,
    the criteria's EN 301 549 clauses ("9.1.4.3") and the user situations they affect
    (Swedish names; audits/requirements.py)."""

    criteria: tuple[str, ...]
    level: str | None
    version: str | None
    en301549: tuple[str, ...] = ()
    situations: tuple[str, ...] = ()


def wcag_from_tags(tags: Iterable[str], document: bool = False) -> Wcag:
    """Map axe-core tags to WCAG: "wcag143" → criterion "1.4.3", "wcag21aa" → AA of 2.1.

    With several level tags the lowest level wins: it is the one the rule is required at.
    Other tags (best-practice, cat.*, EN-301-549, …) are ignored. The EN 301 549 clauses
    are clause 9's (web), or clause 10's for a rule on ``document``s.
    """
    tags = tuple(tags)
    found = requirements().map(criteria_from_tags(tags), document=document)
    levels: list[tuple[int, str]] = []
    for tag in tags:
        if m := _LEVEL_TAG.fullmatch(tag):
            major, minor, letters = m.groups()
            levels.append((len(letters), f"{major}.{minor or '0'}"))
    level, version = None, None
    if levels:
        length, version = min(levels)
        level = "A" * length
    return Wcag(found.criteria, level, version, found.en301549, found.situations)


#: At most this many pages are listed in report.html for one rule or one owner, the most
#: occurrences first; every page's detail is in the page files (reports.reporters.layout),
#: so report.html stays small whatever the site's size.
LISTED_PAGES = 25


@dataclass(frozen=True)
class RulePage:
    page: Link
    anchor: str
    occurrences: int
