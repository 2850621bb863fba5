"""The klarspråk rules that judge words: stiff words, rare words, abbreviations, capitals,
and whether the page speaks to its reader."""

from __future__ import annotations

import re

from audits.klarsprak import lexicon as lex
from audits.klarsprak import morphology
from audits.klarsprak.legal import LEGAL_TITLE
from audits.klarsprak.page import Hit, TextPage, quote, words_outside_titles
from audits.readability import Sentence

MAX_RARE_WORDS = 5
"""At most this many rare words are reported a page: the rarest."""
FOREIGN_SHARE = 4
"""A sentence where one word in this many (or more) is rare is not Swedish: skipped."""
READER_ADDRESS_MIN_WORDS = 300
"""A page this long should speak to its reader at least once."""
READER_PRONOUNS = frozenset(
    {"du", "dig", "din", "ditt", "dina", "ni", "er", "ert", "era", "vi", "oss", "vår", "vårt",
     "våra"}
)  # fmt: skip


# --- 4. stiff words ----------------------------------------------------------------------


def stiff_words(page: TextPage) -> tuple[Hit, ...]:
    """Each stiff word or phrase of the word list once a page, with how often it occurs."""
    first: dict[str, tuple[str, Sentence]] = {}
    counts: dict[str, int] = {}
    for s, words in zip(page.sentences, page.lowered, strict=True):
        for matched, entry in lex.find_stiff(words):
            counts[entry.word] = counts.get(entry.word, 0) + 1
            first.setdefault(entry.word, (matched, s))
    hits = []
    for word, (matched, s) in first.items():
        entry = lex.stiff_words()[word]
        alternatives = entry.alternatives
        message = f"Skriv '{alternatives[0]}' i stället för '{word}'"
        message += f" (här '{matched}')." if matched != word else "."
        if len(alternatives) > 1:
            message += " Andra möjligheter: " + ", ".join(f"'{a}'" for a in alternatives[1:]) + "."
        if entry.note:
            message += f" {entry.note}"
        if counts[word] > 1:
            message += f" Det står {counts[word]} gånger på sidan."
        hits.append(Hit(quote(s.text, matched), message))
    return tuple(hits)


# --- 5. rare words -----------------------------------------------------------------------


def rare_words(page: TextPage) -> tuple[Hit, ...]:
    """The MAX_RARE_WORDS rarest words (see klarsprak.morphology.rarity), in page order."""
    found: dict[str, tuple[float, int, str, Sentence]] = {}
    for s in page.sentences:
        rare = [
            (zipf, word)
            for position, word in enumerate(s.words)
            if (zipf := morphology.rarity(word, sentence_start=position == 0)) is not None
        ]
        if len(rare) >= 2 and len(rare) * FOREIGN_SHARE >= len(s.words):
            continue  # mostly unknown words: a sentence in another language (or code)
        for zipf, word in rare:
            found.setdefault(word.lower(), (zipf, len(found), word, s))
    rarest = sorted(found.values())[:MAX_RARE_WORDS]
    return tuple(
        Hit(
            quote(s.text, word),
            f"'{word}' är ett ovanligt ord. Förklara det eller välj ett vanligare ord.",
        )
        for _, _, word, s in sorted(rarest, key=lambda item: item[1])
    )


# --- 6. abbreviations --------------------------------------------------------------------

# An explanation beside the abbreviation: "(LSS)", "LSS (lagen om …)", "LSS står för".
_EXPLAINED = (
    r"\(\s*{a}\s*[),]"
    r"|(?<![\w.]){a}(?:-\w+)?\s*\("
    r"|(?<![\w.]){a},?\s+(?:står för|betyder|är en förkortning)"
)
# An acronym right after the noun it names, in its definite form: "nyhetsbyrån TT",
# "myndigheten MSB" (not after a verb or a function word: "kan", "sedan", "utan").
_NAMED = r"\b([a-zåäö]{{3,}}(?:en|an|et|n))\s+{a}(?![\w])"
# An acronym in a case number ("Dnr MBN 2019/214", "KS 2024/1234") or a standard's number
# ("EN 301 549", "ISO 9001") is part of an identifier, and "Dnr" its label: writing them
# out would break the reference.
_CASE_NUMBER = r"(?<![\w.]){a}\s+(?:[A-ZÅÄÖ]{{2,}}\s+)?(?:\d{{2,4}}[/.:-]\d+|\d{{3,}})"
#: A word this common before an acronym is a function word or a verb, not its noun.
NAMING_NOUN_MAX_ZIPF = 5.0


def abbreviations(page: TextPage) -> tuple[Hit, ...]:
    """Unusual abbreviations the page never explains, once a page each."""
    text = page.text
    # "lagen (1993:387) om stöd och service …" writes out LSS as well as "lagen om stöd …".
    low = re.sub(r"\s*\((?:sfs\s+)?\d{4}:\d+\)", "", text.lower())
    after_titles = [text[m.end() : m.end() + 20] for m in LEGAL_TITLE.finditer(text)]
    hits = []
    seen: set[str] = set()
    for s, lowered in zip(page.sentences, page.lowered, strict=True):
        for token, entry in lex.find_abbreviations(words_outside_titles(s, lowered)):
            key = entry.abbreviation if entry else token
            if key in seen:
                continue
            seen.add(key)
            spellings = entry.spellings if entry else (token,)
            if any(re.search(_EXPLAINED.format(a=re.escape(sp)), text) for sp in spellings):
                continue
            if token.isupper() and _named_by_noun(token, text):
                continue
            if re.search(_CASE_NUMBER.format(a=re.escape(token)), s.text):
                continue
            if any(re.match(rf"\s*[,(]\s*{re.escape(token)}\b", rest) for rest in after_titles):
                continue  # "lagen (2016:1145) om offentlig upphandling, LOU"
            if entry and entry.expansion and entry.expansion.lower() in low:
                continue
            hits.append(Hit(quote(s.text, token), _abbreviation_advice(token, entry)))
    return tuple(hits)


def _named_by_noun(acronym: str, text: str) -> bool:
    """Whether ``acronym`` follows, somewhere in ``text``, the noun that says what it is."""
    return any(
        lex.zipf(match.group(1)) < NAMING_NOUN_MAX_ZIPF
        for match in re.finditer(_NAMED.format(a=re.escape(acronym)), text)
    )


def _abbreviation_advice(token: str, entry: lex.Abbreviation | None) -> str:
    dotted = "." in token or token.islower()
    if entry and entry.expansion:
        if dotted:
            return f"Skriv ut '{entry.expansion}' i stället för '{token}'."
        return (
            f"Förklara '{token}' första gången det står på sidan, till exempel "
            f"'{entry.expansion} ({token})', eller skriv ut det."
        )
    if dotted:
        return f"Skriv ut ordet i stället för förkortningen '{token}'."
    return (
        f"Förklara vad '{token}' betyder första gången det står på sidan: skriv ut orden "
        "och sätt förkortningen inom parentes efter dem."
    )


# --- 7. capitals -------------------------------------------------------------------------


def capitals(page: TextPage) -> tuple[Hit, ...]:
    """Runs of 3+ words in capitals, or one word of 6+ letters that is no known acronym."""
    hits = []
    for s, lowered in zip(page.sentences, page.lowered, strict=True):
        for run in lex.capital_runs(words_outside_titles(s, lowered)):
            shouted = " ".join(run)
            plain = lex.recase(run)
            hits.append(
                Hit(
                    quote(s.text, run[0]),
                    f"Skriv '{plain}' i stället för '{shouted}'. Text i versaler är svårare "
                    "att läsa, och skärmläsare kan läsa den bokstav för bokstav.",
                )
            )
    return tuple(hits)


# --- 8. reader address -------------------------------------------------------------------


def reader_address(page: TextPage) -> tuple[Hit, ...]:
    """One hit when a page of READER_ADDRESS_MIN_WORDS+ words never says du, ni or vi."""
    if page.words < READER_ADDRESS_MIN_WORDS:
        return ()
    if any(w in READER_PRONOUNS for words in page.lowered for w in words):
        return ()
    return (
        Hit(
            quote(page.sentences[0].text),
            f"Sidan har {page.words} ord men vänder sig aldrig till läsaren. Skriv 'du' "
            "till läsaren och 'vi' om kommunen, så blir det tydligt vem som ska göra vad.",
        ),
    )
