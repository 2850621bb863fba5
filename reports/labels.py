"""Every Swedish word a report uses for one of klarsyn's codes, in one place.

The words are the source text: a report in another language looks each one up with its
``reports.i18n.Translator`` (``words.gettext(IMPACT_LABELS_SV[i])``, or ``label``).

The codes are the model's (``audits.model``: impacts, finding kinds, diff statuses, origins,
ledger statuses and reasons) and the report's own (LIX verdicts, text block kinds). A
reader meets each code in one wording wherever it is shown; where a code needs two forms
(a heading and a word in running text), both are here side by side.
"""

from __future__ import annotations

from audits.model import (
    DiffStatus,
    FindingKind,
    FoundBy,
    Impact,
    Origin,
    PageStatus,
    Reason,
    TextView,
)
from audits.readability import TOO_LITTLE_TEXT
from reports.i18n import SWEDISH, Translator
from reports.viewmodel.pages import Verdict

#: The name of the whole site where a report names a group (a table row, a chart).
SITE_NAME_SV = "hela webbplatsen"

IMPACT_LABELS_SV: dict[Impact | None, str] = {
    Impact.CRITICAL: "kritisk",
    Impact.SERIOUS: "allvarlig",
    Impact.MODERATE: "måttlig",
    Impact.MINOR: "mindre",
    None: "ej angiven",
}

#: A finding's kind as a word beside it (a template fault, a changed fault).
KIND_LABELS_SV: dict[FindingKind, str] = {
    FindingKind.WCAG: "fel mot WCAG",
    FindingKind.BEST_PRACTICE: "bästa praxis",
    FindingKind.NEEDS_REVIEW: "att granska",
    FindingKind.POLICY: "policyanmärkning",
    FindingKind.FLAG: "klarspråksflagga",
}
#: The kinds a diff counts (violations: never needs review), as the heads of their rows.
KIND_HEADS_SV: dict[FindingKind, str] = {
    FindingKind.WCAG: "Fel mot WCAG",
    FindingKind.BEST_PRACTICE: "Bästa praxis (inte krav)",
    FindingKind.POLICY: "Anmärkningar mot policyn",
    FindingKind.FLAG: "Klarspråksflaggor",
}

#: Diff statuses counted ("nya 3"); a column head is the same word capitalised.
DIFF_STATUS_LABELS_SV: dict[DiffStatus, str] = {
    DiffStatus.NEW: "nya",
    DiffStatus.REAPPEARED: "återkomna",
    DiffStatus.PERSISTING: "kvarstående",
    DiffStatus.FIXED: "åtgärdade",
    DiffStatus.UNVERIFIED: "ej kontrollerade",
}
#: One finding's status, as a tag beside it ("ett fel" is neuter); a finding of this run
#: is never fixed or unverified.
FINDING_STATUS_LABELS_SV: dict[DiffStatus | None, str] = {
    DiffStatus.NEW: "nytt",
    DiffStatus.REAPPEARED: "återkommet",
    DiffStatus.PERSISTING: "kvarstår",
}

#: LIX bands (``audits.readability.BANDS``), as the report names them.
BAND_LABELS_SV: dict[str, str] = {
    "very_easy": "mycket lätt",
    "easy": "lätt",
    "medium": "medelsvår",
    "hard": "svår",
    "very_hard": "mycket svår",
    TOO_LITTLE_TEXT: "för lite text",
}

ORIGIN_LABELS_SV: dict[Origin, str] = {
    Origin.TEMPLATE: "mallfel",
    Origin.EDITORIAL: "redaktionella fel",
}

#: Where the crawl met a URL (the ledger's "Hittad via").
FOUND_BY_LABELS_SV: dict[str, str] = {
    FoundBy.START: "startadress",
    FoundBy.SITEMAP: "webbplatskarta",
    FoundBy.HTML: "länk i sidans HTML",
    FoundBy.BROWSER: "länk som bara finns i den visade sidan (skapad av skript)",
}
#: Which view of a page its text, policy checks and links were read from.
TEXT_VIEW_LABELS_SV: dict[str, str] = {
    TextView.RENDERED: "sidan som webbläsaren visade den (samma som axe-core testade)",
    TextView.DOWNLOADED: (
        "HTML-koden som servern skickade – sidan kunde inte läsas så som webbläsaren visade den"
    ),
}
PAGE_STATUS_LABELS_SV: dict[PageStatus, str] = {
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

#: A page's LIX against its audience's target (reports/sections/readability.py).
VERDICT_LABELS_SV: dict[Verdict, str] = {
    Verdict.OVER: "över målet",
    Verdict.WITHIN: "inom målet",
    Verdict.UNSCORED: "ej beräknad",
}
#: The HTML element a block of text came from, as the readability section names it.
BLOCK_KIND_LABELS_SV: dict[str, str] = {
    **{f"h{n}": f"rubrik {n}" for n in range(1, 7)},
    "p": "stycke",
    "li": "listpunkt",
    "td": "tabellcell",
    "th": "tabellrubrik",
    "dt": "term",
    "dd": "förklaring",
    "figcaption": "bildtext",
    "caption": "tabelltext",
    "blockquote": "citat",
    "div": "lös text",
    "toc": "länk inom sidan",
    "control": "ledtext eller knapp",
}


def reason_label(reason: str, words: Translator = SWEDISH) -> str:
    """The text of a ledger reason code in ``words``'s language; ``http_404`` reads
    "HTTP-status 404"; an unknown code is shown as it is."""
    if reason.startswith("http_"):
        return f"{words.gettext('HTTP-status')} {reason.removeprefix('http_')}"
    return label(REASON_LABELS_SV.get(reason, ""), words) or reason


def label(text: str, words: Translator) -> str:
    """A label of this module in ``words``'s language; an empty one (a code without a
    label) stays empty."""
    return words.gettext(text) if text else ""


def heading(label: str) -> str:
    """A label as a heading: its first letter capitalised, the rest as it is ("WCAG")."""
    return label[:1].upper() + label[1:]
