"""Who owns a page and whom it is written for: owners, audiences and their LIX targets.

Both are configuration (see README.md, ``[[owner]]`` and ``[[audience]]``): a
list of URL patterns (regular expressions searched in the URL), first match
wins. No Swedish authority sets an official LIX target, so the defaults below
are ours, documented, and meant to be overridden:

- ``lättläst``: LIX ≤ 30 — easy-to-read pages (lättläst), for readers with
  reading difficulties; matched by "lattlast"/"lättläst" in the URL.
- ``beslut och styrdokument``: LIX ≤ 50 — decisions, minutes, policies and
  other documents written for professionals and elected members.
- ``allmän information``: LIX ≤ 40 — everything else: information for residents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

NO_OWNER = "ingen ägare"
START_SECTION = "startsidan"


@dataclass(frozen=True)
class Owner:
    """A nämnd or förvaltning that answers for part of the site."""

    name: str
    patterns: tuple[str, ...]
    contact: str = ""


@dataclass(frozen=True)
class Audience:
    """A group of readers, the pages written for them, and the LIX they should not exceed."""

    name: str
    patterns: tuple[str, ...]
    lix_target: float

    def exceeded_by(self, lix: float | None) -> bool:
        """Whether ``lix`` (None: not scored) is over the target, unrounded: the policy
        finding and ``klarsyn text`` judge a text by it."""
        return lix is not None and lix > self.lix_target

    def difference(self, lix: float) -> float:
        """LIX minus the target as the report shows them: the LIX rounded to one decimal
        first, so a page shown at the target is within it (positive: over)."""
        return round(round(lix, 1) - self.lix_target, 1)


GENERAL = Audience("allmän information", (), 40.0)
DEFAULT_AUDIENCES: tuple[Audience, ...] = (
    Audience("lättläst", (r"(?i)/l(a|ä|%C3%A4)ttl(a|ä|%C3%A4)st",), 30.0),
    Audience(
        "beslut och styrdokument",
        (
            r"(?i)/(protokoll|beslut|styrdokument|delegationsordning|riktlinjer|policy|"
            r"reglemente|handlingar|kungorelse|kungörelse)",
        ),
        50.0,
    ),
    GENERAL,
)


def _matches(url: str, patterns: Iterable[str]) -> bool:
    return any(re.search(p, url) for p in patterns)


def owner_for(url: str, owners: Sequence[Owner]) -> Owner | None:
    """The first owner whose pattern matches, or None (shown as "ingen ägare")."""
    return next((o for o in owners if _matches(url, o.patterns)), None)


def owner_name(url: str, owners: Sequence[Owner]) -> str:
    """The name of the owner of ``url``: "ingen ägare" when no owner's pattern matches."""
    found = owner_for(url, owners)
    return found.name if found else NO_OWNER


def audience_for(url: str, audiences: Sequence[Audience]) -> Audience:
    """The first audience whose pattern matches; one without patterns matches everything."""
    for audience in audiences:
        if not audience.patterns or _matches(url, audience.patterns):
            return audience
    return GENERAL


def section_of(url: str) -> str:
    """The first path segment ("barn-och-utbildning"), or "startsidan" for the root."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if not segments or "." in segments[0]:
        return START_SECTION if not segments else segments[0]
    return unquote(segments[0])


def owners_from(data: Iterable[Mapping[str, Any]]) -> tuple[Owner, ...]:
    """Owners from settings (``{"name", "patterns", "contact"}`` mappings)."""
    return tuple(
        Owner(str(d["name"]), tuple(d.get("patterns", ())), str(d.get("contact", "")))
        for d in data
    )


def audiences_from(data: Iterable[Mapping[str, Any]]) -> tuple[Audience, ...]:
    """Audiences from settings (``{"name", "patterns", "lix_target"}`` mappings)."""
    return tuple(
        Audience(str(d["name"]), tuple(d.get("patterns", ())), float(d["lix_target"]))
        for d in data
    )
