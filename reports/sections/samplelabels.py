"""The words of the sample's checklist: reasons, automated results and manual verdicts.

The codes are fixed (``SampleReason``, ``Automated``, ``Verdict``); a file shows their
Swedish labels here, or the English ones of the catalogue (reports/locale/en/sample.json)
with ``--lang en``. A verdict written back by an auditor is read by :func:`verdict_of` in
either language, or as its code, whatever language the file was written in: the labels are
for people, the codes are what klarsyn keeps.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from types import MappingProxyType

from reports.i18n import LANGUAGES, translator
from reports.sections.sample import Automated, SampleReason


class Verdict(StrEnum):
    """An auditor's manual verdict on one criterion of one page."""

    PASS = "pass"  # noqa: S105 - a verdict word, not a password
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"


REASON_LABELS_SV = MappingProxyType({
    SampleReason.START: "startsida",
    SampleReason.CONTACT: "kontaktsida",
    SampleReason.SEARCH: "sökning",
    SampleReason.LOGIN: "inloggning",
    SampleReason.ESERVICE: "e-tjänst eller blankett",
    SampleReason.STATEMENT: "tillgänglighetsredogörelse",
    SampleReason.FORM: "formulär",
    SampleReason.TABLE: "tabell",
    SampleReason.MEDIA: "media eller inbäddat innehåll",
    SampleReason.DOCUMENTS: "länkar till dokument",
    SampleReason.TEMPLATE: "mall",
    SampleReason.RANDOM: "slumpvis vald",
})  # fmt: skip
AUTOMATED_LABELS_SV = MappingProxyType({
    Automated.FAIL: "fel",
    Automated.NEEDS_REVIEW: "behöver granskas",
    Automated.NO_FINDING: "inget automatiskt fynd",
})  # fmt: skip
VERDICT_LABELS_SV = MappingProxyType({
    Verdict.PASS: "godkänd",
    Verdict.FAIL: "fel",
    Verdict.NOT_APPLICABLE: "ej tillämplig",
})  # fmt: skip
#: What a verdict cell may hold for "not reviewed yet".
NOT_REVIEWED = ("", "-", "–", "—")


def _key(word: str) -> str:
    """Case, accents, spaces, hyphens and underscores do not tell verdicts apart."""
    decomposed = unicodedata.normalize("NFKD", word.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in plain if c.isalnum())


def verdict_words() -> dict[str, Verdict]:
    """Every word read as a verdict (by ``_key``): the codes and the labels in every
    language ("godkänd", "Godkand", "pass", "not applicable", "not_applicable", "n/a" …)."""
    words: dict[str, Verdict] = {}
    for lang in LANGUAGES:
        gettext = translator(lang).gettext
        for verdict, label in VERDICT_LABELS_SV.items():
            words[_key(gettext(label))] = verdict
    for verdict in Verdict:
        words[_key(verdict.value)] = verdict
    words[_key("n/a")] = Verdict.NOT_APPLICABLE
    return words


def verdict_of(word: str) -> Verdict | None:
    """The verdict a cell holds; None for an empty (not reviewed) one. KeyError for a
    word that is no verdict in any language."""
    if word.strip() in NOT_REVIEWED:
        return None
    return verdict_words()[_key(word)]


def verdict_choices(lang: str) -> str:
    """The verdict words of ``lang``, for a message: "godkänd, fel, ej tillämplig"."""
    gettext = translator(lang).gettext
    return ", ".join(gettext(label) for label in VERDICT_LABELS_SV.values())
