"""The reports' own words in another language: Swedish is the source, English a catalogue.

Every word a reporter writes for its reader is Swedish in the code and the templates; with
``lang="en"`` it is looked up in the English catalogue, ``reports/locale/en/*.json``: flat
JSON objects from the Swedish text to the English one, one file per part of the reports,
merged. A text whose form follows a count maps its Swedish singular to ``[one, other]``
(``ngettext``). Page-derived text (titles, URLs, snippets) is never translated.

A missing entry falls back to the Swedish text, so a report is never broken by a new
word, and is recorded in ``Translator.missing``: the tests render every report in English
and require that set to stay empty. A word that is both counted and named alone
("mallfel") has one plural entry; ``gettext`` gives its "one" form.

Use: one ``translator(lang)`` per report, passed explicitly to whatever writes words (the
view builders take it as ``words``, the HTML reporter hands its ``gettext``/``ngettext`` to
the templates as render variables); nothing global is switched. Texts with values use
``%(name)s`` placeholders, filled after the lookup (``words.gettext("… %(n)s …") % {...}``,
``{% trans n=... %}`` in templates), so a translation may reorder them.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

#: The languages a report can be written in; the first is the source.
LANGUAGES = ("sv", "en")
LOCALE = Path(__file__).parent / "locale"


@dataclass(frozen=True)
class Translator:
    """The words of one report in ``lang``."""

    lang: str
    catalogue: Mapping[str, str | list[str]] = field(default_factory=dict)
    #: The Swedish texts this translator was asked for and had no entry for.
    missing: set[str] = field(default_factory=set, compare=False)

    def gettext(self, text: str) -> str:
        if self.lang == LANGUAGES[0]:
            return text
        found = self.catalogue.get(text)
        if isinstance(found, str):
            return found
        if isinstance(found, list) and len(found) == 2:
            return found[0]
        self.missing.add(text)
        return text

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self.lang == LANGUAGES[0]:
            return singular if n == 1 else plural
        found = self.catalogue.get(singular)
        if isinstance(found, list) and len(found) == 2:
            return found[0] if n == 1 else found[1]
        self.missing.add(singular)
        return singular if n == 1 else plural


#: The source language's translator, for builders called without one: it returns every text
#: as given and never records anything, so one instance serves every caller.
SWEDISH = Translator(LANGUAGES[0])


def translator(lang: str) -> Translator:
    """A fresh translator for ``lang`` (ValueError for a language klarsyn has no words in)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown report language {lang!r}; choose among {', '.join(LANGUAGES)}")
    return Translator(lang, catalogue(lang) if lang != LANGUAGES[0] else {})


@functools.cache
def catalogue(lang: str) -> Mapping[str, str | list[str]]:
    """Every entry of ``lang``'s catalogue files, merged (read once).

    Two files may both hold a common word ("Regler") with the same translation; one
    Swedish text translated two ways is an error, since a text has one translation."""
    merged: dict[str, str | list[str]] = {}
    for path in sorted((LOCALE / lang).glob("*.json")):
        entries = json.loads(path.read_text(encoding="utf-8"))
        clash = sorted(k for k in set(entries) & set(merged) if entries[k] != merged[k])
        if clash:
            raise ValueError(
                f"{path.name} translates entries of another catalogue otherwise: {clash[:3]}"
            )
        merged.update(entries)
    return MappingProxyType(merged)
