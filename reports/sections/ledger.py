"""The coverage ledger as the report shows it: every URL found, failures first, in Swedish.

A URL that could not be audited is not a pass: the report lists why each one was not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from audits.model import PageResult, PageStatus
from reports.i18n import SWEDISH, Translator
from reports.labels import FOUND_BY_LABELS_SV, PAGE_STATUS_LABELS_SV, label, reason_label
from reports.viewmodel.parts import make_link
from reports.viewmodel.report import LedgerRow, ReasonCount

# Failures first in the ledger: they are what an auditor must see.
LEDGER_ORDER = (PageStatus.FAILED, PageStatus.SKIPPED, PageStatus.AUDITED)


def ledger(pages: Sequence[PageResult], words: Translator = SWEDISH) -> tuple[LedgerRow, ...]:
    """Every ledger row: failed, then skipped, then audited, each in URL order."""
    found_by = FOUND_BY_LABELS_SV
    return tuple(LedgerRow(make_link(p.url), str(p.status),
                           words.gettext(PAGE_STATUS_LABELS_SV[p.status]), p.http_status,
                           reason_label(p.reason, words), p.error,
                           label(found_by.get(p.facts.get("found_by", ""), ""), words))
                 for p in sorted(pages, key=lambda p: (LEDGER_ORDER.index(p.status), p.url)))


def reasons(pages: Sequence[PageResult], words: Translator = SWEDISH) -> tuple[ReasonCount, ...]:
    """Why URLs were not audited: failed before skipped, the most common reason first."""
    counts = Counter((p.status, p.reason) for p in pages if p.status is not PageStatus.AUDITED)
    ordered = sorted(counts.items(),
                     key=lambda item: (LEDGER_ORDER.index(item[0][0]), -item[1], item[0][1]))
    return tuple(ReasonCount(words.gettext(PAGE_STATUS_LABELS_SV[s]), reason_label(r, words), n)
                 for (s, r), n in ordered)
