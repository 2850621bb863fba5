"""Word-form reasoning for the klarspråk rules: verb-nouns, compounds, rarity.

s-passives have their own module, :mod:`audits.klarsprak.passive`.

Verb-nouns (:func:`nominal_base`): -ning, -ring, -else, -het, -tion in any
inflection, and -ande/-ende only in the definite form ("genomförandet"), less
the ordinary words of ``lexicalised_nouns.txt`` and compounds ending in one.

Rare words (:func:`rarity`): a word is rare when it, and every form it may be
inflected from ("ersättarens" → "ersättare"), is less common than
``RARE_ZIPF`` and it is not a compound of common parts (:func:`is_plain_compound`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from audits.klarsprak.lexicon import (
    lexicalised_nouns,
    municipal_terms,
    stiff_index,
    zipf,
)

RARE_ZIPF = 2.0
"""A word less common than this is rare (unless it is a compound of common parts)."""
PART_ZIPF = 2.5
"""A compound's parts must each be at least this common for the compound to be plain."""
SHORT_PART_ZIPF = 3.5
"""A two-letter first part of a compound must be at least this common ("el", "is")."""

# Pieces that end many words but are suffixes, not the last word of a compound.
_SUFFIX_PIECES = frozenset(
    {"are", "ing", "het", "ade", "ande", "ende", "ning", "tion", "lig", "ligt", "liga",
     "isk", "iska", "ers", "ens", "ets", "arna", "erna", "orna", "else", "ares", "ats"}
)  # fmt: skip
_JOINTS = ("s", "e", "a", "u", "o")


# --- verb-nouns ----------------------------------------------------------------------


# Inflected endings of verb-nouns → the base ending ("handläggningen" → "-ning").
_NOMINAL_ENDINGS: tuple[tuple[str, str], ...] = tuple(
    (base + inflection, base)
    for base, inflections in (
        ("ning", ("arna", "ar", "en", "")),
        ("ring", ("arna", "ar", "en", "")),
        ("else", ("rna", "r", "n", "")),
        ("het", ("erna", "er", "en", "")),
        ("tion", ("erna", "er", "en", "")),
        ("ande", ("t",)),
        ("ende", ("t",)),
    )
    for inflection in inflections
)


@lru_cache(maxsize=50_000)
def nominal_base(word: str) -> str | None:
    """The base form of a verb-noun ("prövningen" → "prövning"), None for any other word.

    -ande/-ende count only in the definite form ("genomförandet"): the bare form
    is far more often a participle ("gällande regler", "följande dokument").
    """
    for ending, base in _NOMINAL_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: len(word) - len(ending)] + base  # "ärendet" → "ärende"
            if any(stem.endswith(noun) for noun in lexicalised_nouns()):
                return None
            return stem
    return None


def distinct_nominalisations(words: Sequence[str]) -> int:
    """How many different verb-nouns: "hämtning" and "sophämtning" count once."""
    bases = {nominal_base(w) or w for w in words}
    return sum(1 for b in bases if not any(o != b and b.endswith(o) for o in bases))


def is_nominalisation(word: str) -> bool:
    """True for a lower-case verb-noun that is not a lexicalised word."""
    return nominal_base(word) is not None


#: Prepositions that link the nouns of a chain: "övervakning av efterlevnaden av reglerna".
CHAIN_LINKS = frozenset({"av", "för", "om"})
_CHAIN_DETERMINERS = frozenset({"den", "det", "de", "denna", "detta", "dessa", "en", "ett"})
_DEFINITE = ("en", "et", "na", "an")


def find_nominal_chain(words: Sequence[str]) -> tuple[int, int] | None:
    """The first chain of nouns linked by av/för/om that starts with a verb-noun and
    holds at least two verb-nouns, or three nouns: (start, end) word indices, end
    exclusive; None if the sentence has none.

    "genomförandet av utvärderingen", "övervakning av efterlevnaden av reglerna" are
    chains; "ansökan om bygglov" and "utbetalningen av bidraget" are not (one verb-noun,
    two nouns). A link's noun is a verb-noun or a noun in the definite form, after at
    most one determiner.
    """
    for start, word in enumerate(words):
        if not is_nominalisation(word):
            continue
        end, links, verb_nouns = start + 1, 0, 1
        while end + 1 < len(words) and words[end] in CHAIN_LINKS:
            noun = end + 1
            if words[noun] in _CHAIN_DETERMINERS and noun + 1 < len(words):
                noun += 1
            following = words[noun]
            if is_nominalisation(following):
                verb_nouns += 1
            elif not (len(following) > 4 and following.endswith(_DEFINITE)):
                break
            links += 1
            end = noun + 1
        if verb_nouns >= 2 or links >= 2:
            return start, end
    return None


# Noun ending → verb ending: prövning → pröva, ändring → ändra, upplevelse → uppleva,
# information → informera, genomförande → genomföra, beteende → bete.
_VERB_FROM_NOUN = (
    ("ning", "a"), ("ing", "a"), ("else", "a"), ("ation", "era"), ("ande", "a"), ("ende", ""),
)  # fmt: skip


def verb_for(word: str) -> str | None:
    """The verb a verb-noun comes from, if it is a common word: prövning → pröva."""
    base = nominal_base(word)
    if base is None:
        return None
    candidates = [
        base.removesuffix(suffix) + replacement
        for suffix, replacement in _VERB_FROM_NOUN
        if base.endswith(suffix)
    ]
    return next((c for c in candidates if zipf(c) >= PART_ZIPF), None)


# --- rare words ----------------------------------------------------------------------


@lru_cache(maxsize=100_000)
def is_plain_compound(word: str, depth: int = 0) -> bool:
    """Whether ``word`` splits into a common last part and a common (or compound) first part.

    The last part is the longest common word of three letters or more that ends
    ``word`` and is no mere suffix; the first part may drop a joint (-s-, -e-, -a-,
    -u-, -o-: "bygglov|s|ansökan") or a final -a/-e ("skol|barn" ← skola), or be a
    compound itself, up to three parts deep.
    """
    if depth > 2:
        return False
    for cut in range(2, len(word) - 2):
        head, modifier = word[cut:], word[:cut]
        if head in _SUFFIX_PIECES or zipf(head) < PART_ZIPF:
            continue
        if len(modifier) == 2:
            # "el|avfall", "is|hall": a two-letter first part must be a very common word.
            if zipf(modifier) >= SHORT_PART_ZIPF:
                return True
            continue
        candidates = {modifier, modifier + "a", modifier + "e"}
        if modifier.endswith(_JOINTS):
            candidates.add(modifier[:-1])
        if any(
            len(c) >= 3
            and (zipf(c) >= PART_ZIPF or c in municipal_terms() or is_plain_compound(c, depth + 1))
            for c in candidates
        ):
            return True
    return False


@lru_cache(maxsize=100_000)
def rarity(word: str, *, sentence_start: bool) -> float | None:
    """The Zipf frequency of a rare word, or None if the word is not reported.

    Not reported: names (a capital inside a sentence), words with digits or
    periods, acronyms and CamelCase, words of fewer than four letters, the
    municipal terms, the stiff words (their own rule reports them), and compounds
    of common parts. A hyphenated compound is judged by its last part.
    """
    if any(c.isdigit() or c == "." for c in word) or any(c.isupper() for c in word[1:]):
        return None
    if word[:1].isupper() and not sentence_start:
        return None
    part = word.lower().rsplit("-", 1)[-1]
    if not part.isalpha() or len(part) < 4 or part in municipal_terms():
        return None
    frequency = zipf(part)
    if frequency >= RARE_ZIPF or part in stiff_index()[0]:
        return None
    if any(zipf(base) >= RARE_ZIPF or is_plain_compound(base) for base in base_forms(part)):
        return None
    return frequency


# Inflection endings, longest first: "ersättarens" → "ersättare", "överlåts" → "överlåta".
_ENDINGS = ("arnas", "ernas", "ornas", "arna", "erna", "orna", "ens", "ets", "ans", "en",
            "et", "na", "ar", "er", "or", "ts", "s", "n", "t")  # fmt: skip


def base_forms(word: str) -> list[str]:
    """``word`` and the forms it may be inflected from, for looking up its frequency."""
    forms = [word]
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            forms += [stem, stem + "a", stem + "e"]
    return forms
