"""The words of the sample's checklist: why a page was chosen, and the automated results.

The codes are fixed (``SampleReason``, ``Automated``) and a file shows their labels in
its language. Like the verdicts (``reports.verdicts``) the labels are one small
vocabulary kept in both languages side by side, not in the translation catalogue.
"""

from __future__ import annotations

from reports.sections.sample import Automated, SampleReason
from reports.verdicts import VERDICT_LABELS, Verdict, both

__all__ = ["AUTOMATED_LABELS", "REASON_LABELS", "VERDICT_LABELS", "Verdict"]


REASON_LABELS = both({
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
}, {
    SampleReason.START: "start page",
    SampleReason.CONTACT: "contact page",
    SampleReason.SEARCH: "search",
    SampleReason.LOGIN: "login",
    SampleReason.ESERVICE: "e-service or form to fill in",
    SampleReason.STATEMENT: "accessibility statement",
    SampleReason.FORM: "form",
    SampleReason.TABLE: "table",
    SampleReason.MEDIA: "media or embedded content",
    SampleReason.DOCUMENTS: "links to documents",
    SampleReason.TEMPLATE: "template",
    SampleReason.RANDOM: "chosen at random",
})  # fmt: skip
AUTOMATED_LABELS = both({
    Automated.FAIL: "fel",
    Automated.NEEDS_REVIEW: "behöver granskas",
    Automated.NO_FINDING: "inget automatiskt fynd",
}, {
    Automated.FAIL: "fail",
    Automated.NEEDS_REVIEW: "needs review",
    Automated.NO_FINDING: "no automated finding",
})  # fmt: skip
