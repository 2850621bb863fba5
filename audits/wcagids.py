"""Each WCAG success criterion's IRI in the W3C Recommendation that defines it.

The data is audits/data/wcag-ids.json (its ``source`` field says where the identifiers
come from): every WCAG 2.1 A/AA criterion, the AAA ones axe-core tags, and the WCAG 2.2
criterion axe-core tags. Linked-data reports (EARL) name a criterion by this IRI, as
W3C's WCAG-EM Report Tool does ("WCAG21:non-text-content").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

#: The Recommendations, by the key their criteria are listed under in the data.
RECOMMENDATIONS: Mapping[str, str] = MappingProxyType(
    {"WCAG21": "https://www.w3.org/TR/WCAG21/#", "WCAG22": "https://www.w3.org/TR/WCAG22/#"}
)


@cache
def criterion_iris() -> Mapping[str, str]:
    """Criterion number ("1.1.1") → its IRI; the earliest Recommendation listed wins."""
    text = resources.files("audits").joinpath("data/wcag-ids.json").read_text(encoding="utf-8")
    data = json.loads(text)
    iris: dict[str, str] = {}
    for key, base in RECOMMENDATIONS.items():
        for number, fragment in data[key].items():
            iris.setdefault(number, base + fragment)
    return MappingProxyType(iris)


def criterion_iri(number: str) -> str | None:
    """The IRI of success criterion ``number``; None for a number the data does not list."""
    return criterion_iris().get(number)
