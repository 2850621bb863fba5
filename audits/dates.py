"""Swedish dates on web pages: parsing, and the page's "Senast uppdaterad" date.

:func:`parse_swedish_date` reads the first date in a text, in the forms Swedish
municipal sites write:

* ``12 oktober 2026``, ``12 okt. 2026``, ``12 okt 2026``, ``den 3 mars 2026``,
  ``3:e mars 2026``, ``1:a maj 2026`` — every month's full name and its usual
  abbreviations (``jan``, ``feb``, ``mar``, ``apr``, ``jun``, ``jul``, ``aug``,
  ``sep``/``sept``, ``okt``, ``nov``, ``dec``), any case, with or without a period;
* ``2026-10-12`` (ISO 8601, also the date part of ``2026-10-12T14:30``);
* ``12/10/2026`` and ``12.10.2026``: **day/month/year**, as in Sweden and the rest
  of Europe, never the American month/day.

A two-digit year (``12/10/26``) or a date without a year (``12 oktober``) is not
read: the century or the year would be a guess. An impossible date
(``31 juni 2026``, ``2026-02-30``) is skipped and the search goes on.

:func:`page_updated` finds the dates that follow a label on the page (see
``_LABEL``): "Senast uppdaterad", "Uppdaterad", "Senast ändrad", "Senast granskad",
"Granskad", "Reviderad", "Sidan uppdaterades" … and "Publicerad". The page's date is
the latest update or review date; only when there is none, the latest publication
date. A label must start a piece of text, follow a separator (``,`` ``|`` ``·`` …),
begin with a capital letter, or come after "Senast"/"Sidan": "planen är uppdaterad
2026-01-01" inside a paragraph is prose, not the page's date.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from datetime import date

MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3,
    "april": 4, "apr": 4, "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augusti": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10,
    "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_NAMED = re.compile(
    rf"(?i)(?<![\w.:/-])(\d{{1,2}})(?::[ae])?\.?\s+({_MONTH_NAMES})\.?\s+(\d{{4}})(?!\d)"
)
_ISO = re.compile(r"(?<![\d/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")
_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?![\d/-])")

_UPDATE_WORDS = (
    "uppdaterad", "uppdaterades", "ändrad", "ändrades", "granskad", "granskades",
    "reviderad", "reviderades",
)  # fmt: skip
_PUBLISH_WORDS = ("publicerad", "publicerades")
_LABEL = re.compile(
    r"(?i)(?<!\w)(?P<prefix>(?:sidan\s+)?senast\s+|sidan\s+)?"
    rf"(?P<word>{'|'.join(_UPDATE_WORDS + _PUBLISH_WORDS)})(?!\w)"
)
# What may stand between a label and its date: "Senast uppdaterad: den 3 mars 2026".
_LEAD = re.compile(r"(?i)^\s*(?:[:–-]\s*)?(?:den\s+|datum:?\s+)?")
_SEPARATORS = ",;|·•–—/()[]"


def parse_swedish_date(text: str) -> date | None:
    """The first valid date written in ``text`` (see the module docstring), else None."""
    found = _dates(text)
    return min(found)[1] if found else None


def _dates(text: str) -> list[tuple[int, date]]:
    """Every valid date in ``text`` with its start offset."""
    found: list[tuple[int, date]] = []
    for match in _NAMED.finditer(text):
        _add(found, match.start(), int(match[3]), MONTHS[match[2].lower()], int(match[1]))
    for match in _ISO.finditer(text):
        _add(found, match.start(), int(match[1]), int(match[2]), int(match[3]))
    for match in _DMY.finditer(text):
        _add(found, match.start(), int(match[4]), int(match[3]), int(match[1]))
    return found


def _add(found: list[tuple[int, date]], start: int, year: int, month: int, day: int) -> None:
    with contextlib.suppress(ValueError):  # 31 juni, 2026-02-30, month 13: not a date
        found.append((start, date(year, month, day)))


def date_at_start(text: str) -> date | None:
    """A date at the start of ``text``, after an optional ":", dash, "den" or "datum"."""
    lead = _LEAD.match(text)
    rest = text[lead.end() if lead else 0 :]
    found = [item for item in _dates(rest[:40]) if item[0] == 0]
    return found[0][1] if found else None


def labelled_dates(text: str) -> tuple[list[date], list[date]]:
    """The (update or review dates, publication dates) that follow a label in ``text``."""
    updates: list[date] = []
    published: list[date] = []
    for match in _LABEL.finditer(text):
        if not _starts_label(text, match):
            continue
        when = date_at_start(text[match.end() :])
        if when is None:
            continue
        (published if match["word"].lower() in _PUBLISH_WORDS else updates).append(when)
    return updates, published


def page_updated(texts: Iterable[str]) -> date | None:
    """The page's date from its texts (one a text node or element, in document order):
    the latest "Senast uppdaterad"/"Senast granskad" date, else the latest "Publicerad"
    date, else None."""
    updates: list[date] = []
    published: list[date] = []
    for text in texts:
        found_updates, found_published = labelled_dates(text)
        updates += found_updates
        published += found_published
    if updates:
        return max(updates)
    return max(published) if published else None


def _starts_label(text: str, match: re.Match[str]) -> bool:
    if match["prefix"] or match["word"][0].isupper():
        return True
    before = text[: match.start()].rstrip()
    return not before or before[-1] in _SEPARATORS
