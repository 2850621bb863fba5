"""The coverage ledger as the report shows it: every URL found, failures first, in Swedish.

A URL that could not be audited is not a pass: the report lists why each one was not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from audits.model import PageResult, PageStatus, Reason
from reports.viewmodel import LedgerRow, ReasonCount, make_link

STATUS_LABELS_SV: dict[PageStatus, str] = {
    PageStatus.AUDITED: "granskad",
    PageStatus.FAILED: "misslyckad",
    PageStatus.SKIPPED: "överhoppad",
}
REASON_LABELS_SV: dict[str, str] = {
    Reason.NOT_HTML: "inte en HTML-sida (dokument eller fil)",
    Reason.DUPLICATE: "omdirigerar till en sida som redan finns med",
    Reason.OUT_OF_SCOPE: "utanför granskningens avgränsning (annan webbplats)",
    Reason.EXCLUDED: "utesluten av inställningarna",
    Reason.ROBOTS_TXT: "spärrad i robots.txt",
    Reason.MAX_DEPTH: "längre bort än största länkdjup",
    Reason.BUDGET: "utanför sidbudgeten (max antal sidor)",
    Reason.TIMEOUT: "servern svarade inte i tid",
    Reason.DNS: "värdnamnet gick inte att slå upp",
    Reason.CONNECTION: "anslutningen misslyckades",
    Reason.TOO_LARGE: "för stor för att hämtas",
    Reason.BROWSER_TIMEOUT: "webbläsaren hann inte granska sidan i tid",
    Reason.BROWSER_ERROR: "fel i webbläsaren",
    Reason.FETCH_ERROR: "kunde inte hämtas",
    Reason.INTERRUPTED: "granskningen avbröts",
    Reason.REDIRECT_LOOP: "omdirigeringarna går i en slinga",
    Reason.TOO_MANY_REDIRECTS: "för många omdirigeringar i rad",
    Reason.TRAP: "troligen en oändlig adressfälla (för många varianter av samma sida)",
    Reason.URL_TOO_LONG: "adressen är orimligt lång",
    Reason.NOT_TEXT: "anges som HTML men innehållet är inte text",
    Reason.LOGOUT: "ser ut som en utloggningslänk (följs aldrig)",
    Reason.BROWSER_CRASH: "webbläsarfliken kraschade",
    Reason.NAVIGATED_AWAY: "sidan lämnade sig själv under granskningen",
    Reason.INTERNAL_ERROR: "ett fel i klarsyn (se klarsyn.log)",
}
# Failures first in the ledger: they are what an auditor must see.
LEDGER_ORDER = (PageStatus.FAILED, PageStatus.SKIPPED, PageStatus.AUDITED)


def reason_label(reason: str) -> str:
    """The Swedish text of a ledger reason code; ``http_404`` reads "HTTP-status 404"."""
    if reason.startswith("http_"):
        return f"HTTP-status {reason.removeprefix('http_')}"
    return REASON_LABELS_SV.get(reason, reason)


def ledger(pages: Sequence[PageResult]) -> tuple[LedgerRow, ...]:
    """Every ledger row: failed, then skipped, then audited, each in URL order."""
    return tuple(LedgerRow(make_link(p.url), str(p.status), STATUS_LABELS_SV[p.status],
                           p.http_status, reason_label(p.reason), p.error)
                 for p in sorted(pages, key=lambda p: (LEDGER_ORDER.index(p.status), p.url)))


def reasons(pages: Sequence[PageResult]) -> tuple[ReasonCount, ...]:
    """Why URLs were not audited: failed before skipped, the most common reason first."""
    counts = Counter((p.status, p.reason) for p in pages if p.status is not PageStatus.AUDITED)
    ordered = sorted(counts.items(),
                     key=lambda item: (LEDGER_ORDER.index(item[0][0]), -item[1], item[0][1]))
    return tuple(ReasonCount(STATUS_LABELS_SV[s], reason_label(r), n) for (s, r), n in ordered)
