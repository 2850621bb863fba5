"""Which requirements a finding concerns: WCAG 2.1 criteria, EN 301 549 clauses, user situations.

The mapping is data, audits/data/requirements.json, with its sources in its ``source``
field: every WCAG 2.1 success criterion of level A and AA, its EN 301 549 V3.2.1 clause
for web pages (clause 9: criterion X.Y.Z is 9.X.Y.Z) and for documents (clause 10:
10.X.Y.Z, or none where V3.2.1 leaves the clause void for documents), and the functional
performance statements of EN 301 549 clause 4.2 it supports (Annex B, Table B.2: the
statements its row marks P, primary, are its ``situations``; those marked S, secondary, its
``situations_secondary``), named as DIGG names them in Swedish ("användning utan
synförmåga", …).

A criterion outside WCAG 2.1 A/AA (AAA, or new in WCAG 2.2) has no clause in V3.2.1:
it keeps its criterion and gets no clause.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

_CRITERION_TAG = re.compile(r"wcag(\d)(\d)(\d{1,2})")


@dataclass(frozen=True)
class Criterion:
    """One WCAG 2.1 A/AA success criterion and what EN 301 549 V3.2.1 makes of it.

    ``document`` is None where clause 10 leaves the requirement void; ``situations`` are
    the functional performance statements ("4.2.1") Table B.2 relates to the requirement
    as primary, ``situations_secondary`` those it relates as secondary.
    """

    criterion: str
    level: str
    wcag: str
    web: str
    document: str | None
    situations: tuple[str, ...]
    situations_secondary: tuple[str, ...] = ()


@dataclass(frozen=True)
class RequirementMap:
    """What a finding concerns: criteria ("1.1.1") and EN 301 549 clauses ("9.1.1.1") in
    criterion order, and the Swedish names of the user situations it affects in the order of
    clause 4.2 (DIGG's order): ``situations`` those of a primary relation to any of the
    criteria, ``situations_secondary`` those only of secondary relations."""

    criteria: tuple[str, ...] = ()
    en301549: tuple[str, ...] = ()
    situations: tuple[str, ...] = ()
    situations_secondary: tuple[str, ...] = ()


@dataclass(frozen=True)
class Requirements:
    """The loaded data: criteria by number, situation names (Swedish) by FPS number."""

    criteria: Mapping[str, Criterion]
    situation_names: Mapping[str, str]
    source: Mapping[str, str]

    def map(self, criteria: Iterable[str], document: bool = False) -> RequirementMap:
        """The clauses and situations of ``criteria`` for a web page, or (``document``)
        for a document. Unknown criteria are kept, with no clause."""
        ordered = sort_criteria(criteria)
        clauses: list[str] = []
        primary: set[str] = set()
        secondary: set[str] = set()
        for number in ordered:
            c = self.criteria.get(number)
            if c is None:
                continue
            clause = c.document if document else c.web
            if clause is not None:
                clauses.append(clause)
            primary.update(c.situations)
            secondary.update(c.situations_secondary)
        return RequirementMap(
            ordered,
            tuple(clauses),
            tuple(name for fps, name in self.situation_names.items() if fps in primary),
            tuple(
                name
                for fps, name in self.situation_names.items()
                if fps in secondary and fps not in primary
            ),
        )


def criterion_key(criterion: str) -> tuple[int, ...]:
    return tuple(int(n) for n in criterion.split("."))


def sort_criteria(criteria: Iterable[str]) -> tuple[str, ...]:
    """Distinct criteria in numeric order: 1.4.3 before 1.4.10."""
    return tuple(sorted(set(criteria), key=criterion_key))


def criteria_from_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """The success criteria of axe-core-style tags: "wcag1410" → "1.4.10"; other tags
    (levels such as "wcag21aa", "best-practice", "EN-9.1.1.1", …) are ignored."""
    return sort_criteria(".".join(m.groups()) for t in tags if (m := _CRITERION_TAG.fullmatch(t)))


def parse(data: Mapping[str, object]) -> Requirements:
    """Requirements from the JSON data (see the module docstring).

    Raises ValueError for a statement the data do not name, one related both as primary
    and as secondary, or (once ``situations_status`` is "sourced") a criterion without a
    primary one: Table B.2 relates every WCAG 2.1 A/AA requirement to at least one."""
    names = {s["fps"]: s["sv"] for s in data["situations"]}  # type: ignore[index, union-attr]
    sourced = data["source"].get("situations_status") == "sourced"  # type: ignore[union-attr]
    criteria = {}
    for row in data["criteria"]:  # type: ignore[union-attr]
        c = Criterion(
            criterion=row["criterion"],
            level=row["level"],
            wcag=row["wcag"],
            web=row["web"],
            document=row["document"],
            situations=tuple(row["situations"]),
            situations_secondary=tuple(row.get("situations_secondary", ())),
        )
        unknown = {*c.situations, *c.situations_secondary} - names.keys()
        if unknown:
            raise ValueError(f"{c.criterion}: unknown functional performance statements {unknown}")
        both = set(c.situations) & set(c.situations_secondary)
        if both:
            raise ValueError(f"{c.criterion}: both primary and secondary: {both}")
        if sourced and not c.situations:
            raise ValueError(f"{c.criterion}: no primary functional performance statement")
        criteria[c.criterion] = c
    return Requirements(
        MappingProxyType(criteria), MappingProxyType(names), MappingProxyType(data["source"])
    )


@cache
def requirements() -> Requirements:
    """The shipped mapping (read once; the result is immutable)."""
    text = resources.files("audits").joinpath("data/requirements.json").read_text("utf-8")
    return parse(json.loads(text))
