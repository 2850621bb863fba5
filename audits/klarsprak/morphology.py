"""Word-form reasoning for the klarspråk rules: s-passives, verb-nouns, compounds, rarity.

s-passive detection (:func:`find_passive`) — why it looks like this: a Swedish
word ending in -s is a passive verb ("skickas"), a deponent verb ("finns"), a
genitive ("kommunens", "barnets", "en människas") or just a word ("kurs",
"annars"). Without a tagger we decide from the word's form and the lexicon:

* the lists in ``s_forms.tsv``: deponent, reciprocal and not-passive verbs and
  -s nouns are never passives; listed strong forms (ges, togs, skrevs) and a
  verb prefix plus one (an+ses, upp+ges, be+skrivs) always are;
* "ses" is passive only in "ses över" and "ses som";
* -as after a modal ("ska skickas", "ska inte skickas", "kan ansökan skickas")
  or right after "att" ("att behandlas") is an infinitive passive;
* otherwise the active forms of the same verb must be common words (Zipf ≥
  ``VERB_ZIPF``): skickas/skickades/skickats need "skickar" and "skickade";
  byggs/byggas/byggdes/byggts need "bygger" (or, for r-stems, "genomför"), "bygga"
  and "byggde"/"köpte". A genitive fails this test: "kommuner" exists, but
  "kommuna" and "kommunde" do not; "människar" does not exist at all.

Capitalised words are names and never passives (a Swedish sentence puts its
verb second, so it rarely starts with a passive).

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
    prefixes,
    s_forms,
    stiff_index,
    zipf,
)

VERB_ZIPF = 2.0
"""An active verb form at least this common confirms a passive reading."""
RARE_ZIPF = 2.0
"""A word less common than this is rare (unless it is a compound of common parts)."""
PART_ZIPF = 2.5
"""A compound's parts must each be at least this common for the compound to be plain."""
SHORT_PART_ZIPF = 3.5
"""A two-letter first part of a compound must be at least this common ("el", "is")."""

MODALS = frozenset(
    {"ska", "skall", "skulle", "kan", "kunde", "kunna", "måste", "bör", "borde", "får",
     "fick", "behöver", "behövde", "behöva", "vill", "ville", "brukar", "kommer",
     "torde", "måtte", "att"}
)  # fmt: skip
# Adverbs that may stand between a modal and its verb and still be quoted with them.
ADVERBS = frozenset(
    {"inte", "också", "även", "alltid", "normalt", "därför", "dock", "endast", "bara",
     "först", "sedan", "ofta", "ibland", "aldrig", "nu", "redan", "gärna", "helst",
     "snarast", "direkt", "automatiskt", "digitalt", "då"}
)  # fmt: skip
# Particles quoted with a passive verb ("lämnas in"); "av", "på", "om", "till" are
# left out because after a passive they usually start an agent or an object.
PARTICLES = frozenset(
    {"in", "ut", "upp", "över", "emot", "bort", "fram", "tillbaka", "ner", "ned", "igen"}
)  # fmt: skip
_VOWELS = frozenset("aeiouyåäö")
# Pieces that end many words but are suffixes, not the last word of a compound.
_SUFFIX_PIECES = frozenset(
    {"are", "ing", "het", "ade", "ande", "ende", "ning", "tion", "lig", "ligt", "liga",
     "isk", "iska", "ers", "ens", "ets", "arna", "erna", "orna", "else", "ares", "ats"}
)  # fmt: skip
_JOINTS = ("s", "e", "a", "u", "o")


# --- s-passive -----------------------------------------------------------------------


def _prefixed_strong(word: str) -> bool:
    """an+ses, upp+ges, be+skrivs: a verb prefix before a listed strong passive."""
    forms = s_forms()
    # "ses" alone is listed as reciprocal ("vi ses"), but an+ses, ut+ses are passives.
    return any(word.startswith(p) and (forms.get(rest := word[len(p) :]) == "passive"
                                       or rest in ("ses", "setts"))
               for p in prefixes())  # fmt: skip


def _second_conjugation(stem: str) -> bool:
    """bygg → bygger, bygga, byggde; genomför → genomför, genomföra, genomförde."""
    present = stem if stem.endswith("r") else stem + "er"
    past = max(zipf(stem + "de"), zipf(stem + "te"))
    return min(zipf(present), zipf(stem + "a"), past) >= VERB_ZIPF


@lru_cache(maxsize=50_000)
def is_s_passive(word: str) -> bool:
    """Whether the lower-case ``word`` is an s-passive verb form (see module docstring)."""
    if len(word) < 3 or not word.endswith("s") or word.endswith("ss") or "-" in word:
        return False
    kind = s_forms().get(word)
    if kind is not None:
        return kind == "passive"
    if _prefixed_strong(word):
        return True
    if len(word) < 5:  # short words are nouns far more often ("bas", "glas", "kurs")
        return False
    if word.endswith("ades"):  # skickades
        return zipf(word[:-1]) >= VERB_ZIPF
    if word.endswith("ats"):  # skickats
        stem = word[:-3]
        return min(zipf(stem + "ar"), zipf(stem + "a")) >= VERB_ZIPF
    if word.endswith(("des", "tes")):  # byggdes, köptes; användes, sändes (d/t stems)
        past = word[:-1]
        stems = (past[:-2], past[:-1])  # bygg|de → bygga; använd|e → använda
        return zipf(past) >= VERB_ZIPF and max(zipf(s + "a") for s in stems) >= VERB_ZIPF
    if word.endswith("ts"):  # byggts
        return _second_conjugation(word[:-2])
    if word.endswith("ses"):  # läses, upplöses
        return _second_conjugation(word[:-2])
    if word.endswith("as"):  # skickas (1st conjugation) or byggas (infinitive)
        stem = word[:-2]
        first = min(zipf(stem + "ar"), zipf(stem + "ade")) >= VERB_ZIPF
        return first or _second_conjugation(stem)
    stem = word[:-1]
    return stem[-1] not in _VOWELS and _second_conjugation(stem)  # byggs, genomförs


def active_form(word: str, infinitive: bool) -> str:
    """The active form that replaces an s-passive: skickas → skickar, byggs → bygger."""
    if infinitive or word.endswith(("ades", "des", "tes")):
        return word[:-1]  # skickas → skicka, skickades → skickade, byggdes → byggde
    if word.endswith("ts"):
        supine = word[:-1]  # byggts → byggt; but sätts, utsätts are present tense
        return supine + "er" if zipf(supine + "er") >= VERB_ZIPF else supine
    if word.endswith("es"):
        return word[:-1] + "r"  # ges → ger, anses → anser, läses → läser
    if word.endswith("as"):
        stem = word[:-2]  # skickas → skickar, tas → tar; anmälas (2nd conj.) → anmäler
        return stem + "ar" if zipf(stem + "ar") >= VERB_ZIPF or len(stem) < 3 else stem + "er"
    stem = word[:-1]
    if stem[-1] in _VOWELS:
        return stem + "r"  # nås → når, tros → tror
    if stem.endswith("r"):
        return stem  # genomförs → genomför, görs → gör
    present = stem + "er"
    if zipf(present) >= VERB_ZIPF or zipf(present) > zipf(stem):
        return present  # byggs → bygger, sätts → sätter, erläggs → erlägger
    return stem  # a strong past: gavs → gav, hölls → höll, skrevs → skrev


_CLAUSE_WORDS = frozenset({"och", "eller", "men", "som", "att", "när", "om", "eftersom", "där"})
# Words that, directly before a passive, belong to its verb phrase: "ska skickas",
# "har skickats", "ska inte ha skickats".
_AUXILIARIES = MODALS | {"har", "hade", "ha", "haft"}
_VERB_PHRASE = _AUXILIARIES | ADVERBS


def find_passive(words: Sequence[str], lowered: Sequence[str]) -> tuple[str, str] | None:
    """The first s-passive of a sentence: (phrase as written, the same phrase in active form).

    The phrase takes in the modals, auxiliaries and adverbs directly before the
    verb and a particle after it: "ska inte skickas in" → "ska inte skicka in".
    """
    for i in range(len(lowered)):
        found = passive_at(words, lowered, i)
        if found is not None:
            return found
    return None


def passive_at(words: Sequence[str], lowered: Sequence[str], i: int) -> tuple[str, str] | None:
    """The s-passive phrase around ``words[i]`` (see find_passive), or None if it is none."""
    word = lowered[i]
    if not word.endswith("s") or words[i][:1].isupper():
        # A name ("Lukas", "Jonas"), also first in a sentence: Swedish puts the
        # verb second, so a sentence rarely starts with its passive verb.
        return None
    begin = i
    while begin > 0 and i - begin < 4 and lowered[begin - 1] in _VERB_PHRASE:
        begin -= 1
    while begin < i and lowered[begin] in ADVERBS:
        begin += 1
    governing = next((w for w in reversed(lowered[begin:i]) if w not in ADVERBS), "")
    if not governing:
        # "Kan ansökan skickas?": a modal before an inverted subject (no clause
        # boundary between them: "kan … och utvecklas" is not one verb phrase).
        j = next((j for j in range(i - 2, max(i - 4, -1), -1) if lowered[j] in MODALS
                  and lowered[j] != "att"
                  and not _CLAUSE_WORDS.intersection(lowered[j + 1 : i])), None)  # fmt: skip
        if j is not None:
            begin, governing = j, lowered[j]
    infinitive = governing in MODALS
    kind = s_forms().get(word)
    special = word == "ses" and i + 1 < len(lowered) and lowered[i + 1] in ("över", "som")
    unlisted_infinitive = infinitive and kind is None and word.endswith("as") and len(word) > 4
    if not (special or unlisted_infinitive or is_s_passive(word)):
        return None
    end = i + 1 if i + 1 < len(lowered) and lowered[i + 1] in PARTICLES else i
    active = active_form(word, infinitive)
    gap = [w for w in lowered[begin + 1 : i] if w in _VERB_PHRASE]
    before = [lowered[begin], *gap] if begin < i else []
    return (
        " ".join(words[begin : end + 1]),
        " ".join([*before, active, *lowered[i + 1 : end + 1]]),
    )


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
