"""The klarspråk rules that judge a sentence's build: long sentences and nominal style."""

from __future__ import annotations

from audits.klarsprak import lexicon as lex
from audits.klarsprak import morphology
from audits.klarsprak.legal import legal_titles
from audits.klarsprak.page import Hit, TextPage, quote
from audits.readability import Sentence

LONG_SENTENCE_WORDS = 25
"""A sentence of more words than this is reported."""
VERY_LONG_SENTENCE_WORDS = 35
"""... and one of more words than this is reported as serious."""
NOMINAL_DENSITY = 3
"""A sentence with this many verb-nouns (-ning, -else, -het, -tion …) and an empty verb
(EMPTY_VERBS) is reported."""
EMPTY_VERBS = frozenset({"ske", "sker", "skedde", "skett"})
"""Verbs that only say that something happens: the action is in a noun."""
HEADING_WORDS = 6
"""A sentence of at most this many words without a full stop is a heading or a label."""


# --- 1. long sentences -----------------------------------------------------------------


def long_sentences(page: TextPage) -> tuple[Hit, ...]:
    """Sentences of more than LONG_SENTENCE_WORDS words; serious above VERY_LONG_….

    A sentence that is long only because it quotes the title of a law or an EU act
    ("lagen (1993:387) om stöd och service till vissa funktionshindrade") is reported
    as minor: the editor cannot shorten the title, only write around it.
    """
    hits = []
    for s in page.sentences:
        words = len(s.words)
        if words <= LONG_SENTENCE_WORDS:
            continue
        advice = f"Dela upp den i kortare meningar, med högst {LONG_SENTENCE_WORDS} ord i varje."
        titles = legal_titles(s.text)
        in_titles = sum(_word_count(title) for title in titles)
        if titles and words - in_titles <= LONG_SENTENCE_WORDS:
            named = titles[0] if len(titles[0]) <= 80 else titles[0][:78].rsplit(" ", 1)[0] + " …"
            hits.append(
                Hit(
                    quote(s.text),
                    f"Meningen har {words} ord, men {in_titles} av dem är titeln '{named}'. "
                    "En lags titel kan du inte korta: skriv den i en egen mening, eller skriv "
                    "lagens kortnamn och hela titeln bara en gång.",
                    "minor",
                )
            )
            continue
        hits.append(
            Hit(
                quote(s.text),
                f"Meningen har {words} ord. {advice}",
                "serious" if words > VERY_LONG_SENTENCE_WORDS else "moderate",
            )
        )
    return tuple(hits)


# A title runs to the next punctuation, or to a word that starts a clause of the
# sentence around it ("… funktionshindrade om du har …", "… service som …").
def _word_count(text: str) -> int:
    """Words as the sentence counts them: tokens with a letter (numbers are not words)."""
    return sum(1 for token in text.split() if any(c.isalpha() for c in token))


# --- 3. nominalisations ------------------------------------------------------------------


def nominalisations(page: TextPage) -> tuple[Hit, ...]:
    """A known heavy pattern, a chain of verb-nouns, or NOMINAL_DENSITY verb-nouns carried
    by an empty verb ("ske"), once a sentence.

    The count alone is no flag: the review judged most sentences it caught
    ("informationshantering, gallring och arkivering") debatable, as lists of terms; and
    the page's nominal style as a whole is its nominalkvot (audits/nominal.py). With
    "ske" as its verb, the sentence has put its actions in nouns: "Registreringen och
    diarieföringen ska ske efter granskningen".

    A heading ("Handläggning av ansökan": a few words, no full stop) names its subject
    with a noun, as headings do: it is left alone.
    """
    hits = []
    for s, words in zip(page.sentences, page.lowered, strict=True):
        if len(words) <= HEADING_WORDS and not s.text.rstrip().endswith((".", "!", "?", ":")):
            continue
        pattern = lex.find_nominal_pattern(words)
        if pattern is not None:
            matched, verb, note = pattern
            message = f"Skriv med verb, '{verb}', i stället för '{matched}'."
            hits.append(Hit(quote(s.text, matched), f"{message} {note}".strip()))
            continue
        chain = morphology.find_nominal_chain(words)
        if chain is not None:
            hits.append(_chain_hit(s, chain))
            continue
        if not EMPTY_VERBS.intersection(words):
            continue
        nouns = [w for w in words if morphology.is_nominalisation(w)]
        if morphology.distinct_nominalisations(nouns) < NOMINAL_DENSITY:
            continue
        listed = ", ".join(f"'{n}'" for n in dict.fromkeys(nouns))
        message = f"Meningen har många substantiv som bildats av verb: {listed}. Skriv med verb"
        example = next(((n, v) for n in nouns if (v := morphology.verb_for(n))), None)
        if example:
            message += f", till exempel '{example[1]}' i stället för '{example[0]}'"
        message += "."
        hits.append(Hit(quote(s.text, nouns[0]), message))
    return tuple(hits)


def _chain_hit(sentence: Sentence, chain: tuple[int, int]) -> Hit:
    """A chain of nouns ("övervakning av efterlevnaden av reglerna"): advise the verb."""
    start, end = chain
    written = " ".join(sentence.words[start:end])
    message = (
        f"Meningen har en kedja av substantiv: '{written}'. Skriv med verb i stället, så "
        "att det syns vem som gör vad"
    )
    verb = morphology.verb_for(sentence.words[start].lower())
    if verb:
        message += f": till exempel '{verb}' i stället för '{sentence.words[start]}'"
    return Hit(quote(sentence.text, written), message + ".")
