"""The manual verdicts of the sample's checklist, and reading them back in any language.

The codes are fixed (``Verdict``); a file shows their labels in its language. The labels
are kept here in both languages side by side (not in the translation catalogue), because
the verdict words must come back: :func:`verdict_of` reads a verdict written in *either*
language, or as its code, whatever language the file was written in. An auditor may fill
in an English urval.csv with "godkänd", or a Swedish one with "pass"; both mean
``Verdict.PASS``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class Verdict(StrEnum):
    """An auditor's manual verdict on one criterion of one page."""

    PASS = "pass"  # noqa: S105 - a verdict word, not a password
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"


def both(sv: Mapping[str, str], en: Mapping[str, str]) -> Mapping[str, Mapping[str, str]]:
    """A label table of the two languages (``reports.i18n.LANGUAGES``)."""
    return MappingProxyType({"sv": MappingProxyType(dict(sv)), "en": MappingProxyType(dict(en))})


VERDICT_LABELS = both({
    Verdict.PASS: "godkänd",
    Verdict.FAIL: "fel",
    Verdict.NOT_APPLICABLE: "ej tillämplig",
}, {
    Verdict.PASS: "pass",
    Verdict.FAIL: "fail",
    Verdict.NOT_APPLICABLE: "not applicable",
})  # fmt: skip
#: What a verdict cell may hold for "not reviewed yet".
NOT_REVIEWED = ("", "-", "–", "—")


def _key(word: str) -> str:
    """Case, accents, spaces, hyphens and underscores do not tell verdicts apart."""
    decomposed = unicodedata.normalize("NFKD", word.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in plain if c.isalnum())


def _verdict_words() -> dict[str, Verdict]:
    words = {_key(label): v for labels in VERDICT_LABELS.values() for v, label in labels.items()}
    words.update({_key(v.value): v for v in Verdict})
    words[_key("n/a")] = Verdict.NOT_APPLICABLE
    return words


#: Every word read as a verdict (by ``_key``): the codes and the labels of every language
#: ("godkänd", "Godkand", "pass", "not applicable", "not_applicable", "n/a" …).
VERDICT_WORDS = MappingProxyType(_verdict_words())


def verdict_of(word: str) -> Verdict | None:
    """The verdict a cell holds; None for an empty (not reviewed) one. KeyError for a
    word that is no verdict in any language."""
    if word.strip() in NOT_REVIEWED:
        return None
    return VERDICT_WORDS[_key(word)]


def verdict_choices(lang: str) -> str:
    """The verdict words of ``lang``, for a message: "godkänd, fel, ej tillämplig"."""
    return ", ".join(VERDICT_LABELS[lang].values())
