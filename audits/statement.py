"""The tillgänglighetsredogörelse checked against what DIGG requires it to say.

Lag (2018:1937) 15 § and DIGG's föreskrifter (MDFFS 2019:2), with DIGG's model
statement, require the accessibility statement to give the items below. Each
is data (:class:`Item`: key, what is missing, how to fix it, in Swedish); the
checks are the functions here, run on the statement page's main-content text
blocks. Every missing item is one ``policy-statement-content`` finding.

===============  ===================================================================
key              missing when
===============  ===================================================================
status           no "helt / delvis / inte förenlig" (also "inte helt förenlig" =
                 delvis, "är förenlig med lagen/kraven" = helt)
brister          the status is delvis or inte, and no section on shortcomings
                 ("Innehåll som inte är tillgängligt", "Bristande förenlighet",
                 "Kända brister" …) is followed by a concrete one (a WCAG criterion,
                 "saknar", "inte går att", "för låg" …) before the next section
bedomning        no method (självskattning, granskning av tredje part, intern or
                 extern granskning, test …) or no date (≤ today) in a sentence about
                 the assessment (bedöm-, gransk-, test-, självskatt-, utvärder-)
uppdaterad       no date (≤ today) in a sentence saying the statement was updated,
                 revised or drawn up; else one saying the statement (or a short line:
                 "Publicerad 2026-10-01") was published, not the website. Dates after
                 "före", "efter", "sedan" … are boundaries, not updates. A keyword
                 ending a block may take its date from the next short block
aktualitet       the latest such date is more than ``max_age_days`` old (DIGG: review
                 the statement at least once a year)
aterkoppling     no way to give feedback: an e-mail address or phone number, or
                 e-post, telefon, (kontakt)formulär, kontaktcenter, kundtjänst …
tillsyn          no block naming DIGG (DIGG, digg.se, Myndigheten för digital
                 förvaltning) with, in it or a neighbouring block, the notification
                 (anmäl-, påtala, klaga, tillsyn, inte nöjd)
motivering-12§   a block invokes 12 § ("oskäligt betungande", "12 §") and neither it
                 nor the next block gives a reason (eftersom, därför, på grund av,
                 bedöm-, skäl, kostnad …); a heading with no claim under it may have
                 its reason in the three blocks after it. A negation ("åberopar inte")
                 needs none
===============  ===================================================================

Patterns are case-insensitive and tolerant of wording; they are heuristics and
the report says so. Dates are read by ``audits.dates`` ("12 oktober 2026",
"12 okt. 2026", "2026-10-12", "12/10/2026"; not "oktober 2026", which has no day).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from audits.dates import date_at_start
from audits.documents import age_in_words
from audits.model import Finding
from audits.policy import RULES

RULE = "policy-statement-content"


@dataclass(frozen=True)
class Item:
    """A required part of the statement: its stable key, what is missing, how to fix it."""

    key: str
    missing: str
    advice: str


ITEMS: dict[str, Item] = {item.key: item for item in (
    Item("status", "Uppgift om förenlighet med lagen saknas",
         "Redogörelsen säger inte om webbplatsen är helt, delvis eller inte förenlig med "
         "lagen (2018:1937) om tillgänglighet till digital offentlig service. Skriv till "
         "exempel ”Den här webbplatsen är delvis förenlig med lagen om tillgänglighet till "
         "digital offentlig service, på grund av de brister som beskrivs nedan.”"),
    Item("brister", "Beskrivning av bristerna saknas",
         "Webbplatsen anges inte vara helt förenlig, men redogörelsen beskriver inte vilket "
         "innehåll som inte är tillgängligt. Lista bristerna under rubriken ”Innehåll som "
         "inte är tillgängligt”, en punkt per brist med det WCAG-kriterium som inte uppfylls."),
    Item("bedomning", "Hur och när webbplatsen bedömts saknas",
         "Redogörelsen säger inte {what}. Skriv hur webbplatsen har bedömts (självskattning "
         "eller granskning av tredje part, och med vilken metod) och datum för den senaste "
         "bedömningen."),
    Item("uppdaterad", "Datum för senaste uppdatering saknas",
         "Redogörelsen säger inte när den senast uppdaterades. Skriv till exempel "
         "”Redogörelsen uppdaterades senast den 1 oktober 2026.” och ändra datumet vid "
         "varje översyn."),
    Item("aktualitet", "Redogörelsen är inaktuell",
         "Redogörelsen uppdaterades senast {updated}, för {age} sedan. DIGG kräver att "
         "redogörelsen ses över minst en gång om året: granska webbplatsen på nytt, "
         "uppdatera bristerna och datumet."),
    Item("aterkoppling", "Sätt att lämna återkoppling saknas",
         "Redogörelsen säger inte hur man rapporterar brister eller begär innehåll som inte "
         "är tillgängligt. Ange e-postadress, telefonnummer eller ett formulär, och hur "
         "snabbt ni svarar."),
    Item("tillsyn", "Hänvisning till DIGG:s tillsyn saknas",
         "Redogörelsen säger inte att den som inte är nöjd kan anmäla bristande "
         "tillgänglighet till Myndigheten för digital förvaltning (DIGG). Beskriv "
         "tillsynen och länka till DIGG:s anmälningsfunktion på digg.se."),
    Item("motivering-12§", "Motivering till oskäligt betungande anpassning saknas",
         "Redogörelsen åberopar oskäligt betungande anpassning (12 §) utan att motivera "
         "det. Förklara för varje undantag varför anpassningen vore oskäligt betungande "
         "(er bedömning av kostnad och nytta) och hur innehållet kan nås på annat sätt."),
)}  # fmt: skip
"""The required items, by key, in the order they are reported."""

# --- dates ---------------------------------------------------------------------------

_DATE_START = re.compile(r"(?<![\w./:-])\d")
"""Where a date may start: a digit that does not continue a number, date or time."""

_BOUND = re.compile(
    r"\b(?:före|innan|efter|sedan|fram till|från och med)(?:\s+den)?\s*$", re.IGNORECASE
)
"""Text just before a date that makes it a boundary ("före den 23 september 2018")."""


def find_dates(text: str, *, boundaries: bool = True) -> tuple[date, ...]:
    """Every valid date in ``text``, in order, in the forms ``audits.dates`` reads.

    ``boundaries=False`` leaves out dates that follow "före", "efter", "sedan" …
    """
    found = []
    for m in _DATE_START.finditer(text):
        when = date_at_start(text[m.start() : m.start() + 40])
        if when is None:
            continue
        if not boundaries and _BOUND.search(text, max(0, m.start() - 30), m.start()):
            continue
        found.append(when)
    return tuple(found)


# --- patterns --------------------------------------------------------------------------


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


STATUS = _re(r"\b(inte\s+helt|helt|delvis|inte|ej|icke)\s+förenlig(?:a|t)?\b"
             r"|\b(är)\s+förenlig(?:a|t)?\s+med\s+(?:lagen|kraven|lagkraven)")  # fmt: skip
FLAWS_SECTION = _re(
    r"^brister\b|innehåll som inte är tillgängligt|bristande förenlighet|kända brister"
    r"|kända problem|brister i (?:webbplatsens |appens )?tillgänglighet|tillgänglighetsbrister"
    r"|kända tillgänglighetsproblem|problem med tillgängligheten|det här fungerar inte"
)
NOT_FLAWS_SECTION = _re(r"rapportera|anmäl|meddela|kontakta|upptäcker")
CONCRETE_FLAW = _re(
    r"\b[1-4]\.\d{1,2}\.\d{1,2}\b|\bwcag\b|\bsaknar\b|\bsaknas\b|inte går att|går inte att"
    r"|\bkan inte\b|för låg|otillgänglig|inte (?:är |blir )?(?:korrekt|tillgänglig|textad"
    r"|läsbar|uppmärkt|möjlig)"
)
OTHER_SECTION = _re(
    r"omfattas|hur (?:vi )?(?:har )?test|hur vi (?:har )?(?:granskat|bedömt)|tillsyn"
    r"|vad kan du göra|rapportera|kontakta oss|återkoppling"
)
METHOD = _re(
    r"självskattning|självbedömning|tredje part|(?:egen|intern|interna|extern|externa)"
    r" (?:granskning|bedömning|kontroll|test|granskare|part|konsult)|granska(?:ts|des) av"
    r"|testa(?:ts|des) av|har (?:testat|granskat|utvärderat)|\bmetod"
    r"|(?:automatiska|manuella|manuell) (?:test|kontroll|granskning|verktyg)"
)
ASSESSMENT = _re(r"bedöm|gransk|test|självskatt|utvärder")
UPDATED = _re(r"uppdater|revider|ändrad|ändrades|upprättad|upprättades|översyn|sågs över")
PUBLISHED = _re(r"\W*(?:senast\s+)?publicera")
STATEMENT = _re(r"redogörelse")
CHANNEL = _re(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|e-?post|mejl|\bmail|telefon|\bring\b|\btel\b"
    r"|(?:\+46|\b0)\d{1,3}[-–\s]?\d{2,3}(?:\s?\d{2}){1,3}\b|formulär(?:et|en)?\b"
    r"|kontaktcenter|servicecenter|kundcenter|kundtjänst|medborgarcenter"
)
DIGG = _re(r"\bdigg\b|digg\.se|myndigheten för digital förvaltning")
NOTIFY = _re(r"anmäl|påtala|klaga|tillsyn|inte (?:är )?nöjd")
CLAIM_12 = _re(r"oskäligt betungande|\b12\s*§|§\s*12\b")
NEGATED_12 = _re(r"åberopar (?:inte|ej)|inte (?:\w+ ){0,2}åberopa|inga undantag")
REASON = _re(
    r"eftersom|därför|på grund av|p\.?g\.?a\b|bedöm|till följd av|med hänsyn till"
    r"|\bskäl|kostnad|oproportionerlig|orimlig"
)
HEADING_WORDS = 6
"""A block of at most this many words is taken for a heading."""
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")


@dataclass(frozen=True)
class Gap:
    """One missing item: its key, a short quote or description, and the advice."""

    key: str
    snippet: str
    message: str


def _clean(blocks: Sequence[str]) -> list[str]:
    texts = (" ".join(unicodedata.normalize("NFC", b).split()) for b in blocks)
    return [t for t in texts if t]


def _words(text: str) -> int:
    return len(text.split())


def _dated(
    blocks: list[str], keyword: re.Pattern[str], today: date, *, statement_only: bool = False
) -> list[tuple[date, str]]:
    """Dates (≤ today) of sentences that match ``keyword``, with the sentence.

    Dates that set a boundary ("före den 23 september 2018") are left out.
    With ``statement_only``, a sentence counts only if it names the statement
    (redogörelse) or is a short line that starts with the keyword ("Publicerad:
    2026-10-01"), so "Webbplatsen publicerades den 2 februari 2021" does not.
    A short label (no full stop) without a date that ends its block takes the
    dates of a short next block ("Senast uppdaterad:" followed by "2026-10-01").
    """
    found = []
    for i, block in enumerate(blocks):
        sentences = _SENTENCE_END.split(block)
        for j, sentence in enumerate(sentences):
            if not keyword.search(sentence):
                continue
            if statement_only and not (
                STATEMENT.search(sentence)
                or (_words(sentence) <= HEADING_WORDS and keyword.match(sentence))
            ):
                continue
            dates = find_dates(sentence, boundaries=False)
            label = (
                j == len(sentences) - 1
                and _words(sentence) <= HEADING_WORDS
                and not sentence.endswith((".", "!", "?"))
            )
            if not dates and label and i + 1 < len(blocks) and _words(blocks[i + 1]) <= 6:
                dates = find_dates(blocks[i + 1], boundaries=False)
            found += [(d, sentence) for d in dates if d <= today]
    return found


def _status(blocks: list[str]) -> tuple[str, str] | None:
    """("helt" | "delvis" | "inte", the block) of the first status phrase, or None."""
    for block in blocks:
        if m := STATUS.search(block):
            word = " ".join((m[1] or m[2]).lower().split())
            value = {"helt": "helt", "är": "helt", "delvis": "delvis", "inte helt": "delvis"}
            return value.get(word, "inte"), block
    return None


def _lists_flaws(blocks: list[str]) -> bool:
    for i, block in enumerate(blocks):
        if not FLAWS_SECTION.search(block) or NOT_FLAWS_SECTION.search(block):
            continue
        if _words(block) > 15:
            continue  # a sentence that mentions shortcomings, not a section heading
        for later in blocks[i + 1 : i + 11]:
            if FLAWS_SECTION.search(later) and _words(later) <= 15:
                continue
            if _words(later) <= HEADING_WORDS and OTHER_SECTION.search(later):
                break
            if CONCRETE_FLAW.search(later):
                return True
    return False


def _unmotivated_12(blocks: list[str]) -> str | None:
    """The first block that invokes 12 § without a reason, or None."""
    for i, block in enumerate(blocks):
        if not CLAIM_12.search(block):
            continue
        heading = _words(block) <= HEADING_WORDS
        near = blocks[i : i + (4 if heading else 2)]
        if heading and any(CLAIM_12.search(b) for b in near[1:]):
            continue  # the claim under the heading is judged on its own
        if not any(REASON.search(b) or NEGATED_12.search(b) for b in near):
            return block
    return None


def _updates(texts: list[str], today: date) -> list[tuple[date, str]]:
    """The dates the statement says it was updated (or else published), with the sentence."""
    return _dated(texts, UPDATED, today) or _dated(texts, PUBLISHED, today, statement_only=True)


def last_updated(blocks: Sequence[str], today: date) -> date | None:
    """The latest day (≤ ``today``) the statement says it was updated; None when it says none
    (the "uppdaterad" item is then missing)."""
    updates = _updates(_clean(blocks), today)
    return max(updates)[0] if updates else None


def find_gaps(blocks: Sequence[str], today: date, max_age_days: int = 365) -> tuple[Gap, ...]:
    """Every missing item of the statement, in the order of ``ITEMS``."""
    texts = _clean(blocks)
    gaps: dict[str, Gap] = {}

    def gap(key: str, snippet: str = "", **values: str) -> None:
        item = ITEMS[key]
        gaps[key] = Gap(key, snippet or item.missing, item.advice.format(**values))

    status = _status(texts)
    if status is None:
        gap("status")
    elif status[0] != "helt" and not _lists_flaws(texts):
        gap("brister", status[1])

    method = any(METHOD.search(t) for t in texts)
    assessed = _dated(texts, ASSESSMENT, today)
    if not method or not assessed:
        what = (
            "hur webbplatsen har bedömts eller när"
            if not method and not assessed
            else "hur webbplatsen har bedömts"
            if not method
            else "när bedömningen gjordes"
        )
        gap("bedomning", what=what)

    updates = _updates(texts, today)
    if not updates:
        gap("uppdaterad")
    else:
        updated, sentence = max(updates)
        age = (today - updated).days
        if age > max_age_days:
            gap("aktualitet", sentence, updated=updated.isoformat(), age=age_in_words(age))

    if not any(CHANNEL.search(t) for t in texts):
        gap("aterkoppling")
    if not any(
        DIGG.search(t) and any(NOTIFY.search(n) for n in texts[max(i - 1, 0) : i + 2])
        for i, t in enumerate(texts)
    ):
        gap("tillsyn")
    if (claim := _unmotivated_12(texts)) is not None:
        gap("motivering-12§", claim)
    return tuple(gaps[key] for key in ITEMS if key in gaps)


def missing_items(blocks: Sequence[str], today: date, max_age_days: int = 365) -> tuple[str, ...]:
    """The keys of the missing items (see ``ITEMS``), in their order."""
    return tuple(g.key for g in find_gaps(blocks, today, max_age_days))


def check_statement(
    blocks: Sequence[str], today: date, max_age_days: int = 365
) -> tuple[Finding, ...]:
    """One policy-statement-content finding per missing item, with Swedish advice."""
    rule = RULES[RULE]
    return tuple(rule.finding(g.snippet, g.message) for g in find_gaps(blocks, today, max_age_days))
