"""The klarspråk word lists beside this file, read once, and the matchers that use them.

``audits.plain_language`` holds the rules; this package holds what they know about
Swedish words. README.md beside this file describes each list and its format.
This module loads the lists (lazily, once, through ``functools.cache``) and
matches a sentence's words against them: stiff words, heavy noun phrases,
abbreviations, text in capitals. ``morphology`` holds the checks that reason
about word forms: s-passives, verb-nouns, compounds and rare words.

Word frequencies come from ``wordfreq`` (Zipf scale: log10 of occurrences per
billion words; code Apache-2.0, data CC BY-SA 4.0), imported on first use
because loading it takes about half a second.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from audits.klarsprak import data

WORD_IN_CAPS_ZIPF = 3.5
"""An all-capital word of 4-5 letters this common is a word in capitals, not an acronym."""
SHORT_WORD_ZIPF = 4.5
"""A 2-3 letter capital word this common is a word in capitals (OCH, OM, NYA, SOL), not an
acronym: TT (4.1), MSB (3.8) and LSS (3.6) are below it (EU and IT, above, are listed)."""
UNKNOWN_WORD_ZIPF = 1.0
"""A capital word rarer than this is no Swedish word in capitals but an acronym spelled
letter by letter (UNCRPD): never lower-cased."""
_ROMAN = re.compile(r"[IVXLCDM]+")
# A placeholder for a date or a personal identity number: ÅÅÅÅ-MM-DD, ÅÅMMDD-XXXX.
_PLACEHOLDER = re.compile(r"(?:ÅÅ|YY|MM|DD|XX|NN)+(?:-(?:ÅÅ|YY|MM|DD|XX|NN)+)*")
# A dotted abbreviation: parts of at most four letters ("resp.", "fr.o.m.", "A.I.").
_DOTTED = re.compile(r"(?:[^\W\d_]{1,4}\.)+(?:[^\W\d_]{1,4})?")


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of ``word`` in Swedish (0.0 if unknown), cached."""
    return _swedish_frequencies()(word, "sv")


#: Held while wordfreq's Swedish list is loaded (:func:`_swedish_frequencies`).
_LOADING = threading.Lock()


def _swedish_frequencies() -> Callable[[str, str], float]:
    """wordfreq's ``zipf_frequency``, its Swedish list loaded by the first caller alone.

    The text audits run in several threads, and wordfreq's own cache does not stop each
    thread that asks before the list is in it from decoding the list too: ~40 MiB
    while decoding, ~30 MiB kept, per thread. Four threads at once raised a process's
    peak by 158 MiB and kept 107 MiB, and klarsyn's own peak after a crawl's first pages
    varied from 240 to 478 MiB between runs. The others wait for the first instead.
    """
    with _LOADING:
        return _loaded_frequencies()


@cache
def _loaded_frequencies() -> Callable[[str, str], float]:
    # Imported here: loading wordfreq takes ~0.5 s, and only zipf() needs it.
    from wordfreq import zipf_frequency

    zipf_frequency("och", "sv")  # decodes the Swedish list into wordfreq's cache
    return zipf_frequency


def _lines(name: str) -> Iterator[list[str]]:
    """The tab-separated fields of each non-comment line of a data file."""
    text = resources.files(data).joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.rstrip("\n").split("\t")


# --- stiff words -------------------------------------------------------------------------


@dataclass(frozen=True)
class StiffWord:
    """A stiff word or phrase: the forms to find, the plainer words to use."""

    word: str
    forms: frozenset[str]
    alternatives: tuple[str, ...]
    note: str = ""


def inflect(word: str) -> frozenset[str]:
    """Regular forms of a one-word verb (-a) or adjective (-lig, -ig, -isk, -sam)."""
    if " " in word:
        return frozenset({word})
    if word.endswith("a"):
        stem = word[:-1]
        endings = ("a", "ar", "ade", "at", "as", "ades", "ats", "er", "de", "te", "t", "s",
                   "ts", "des", "tes")  # fmt: skip
        return frozenset(stem + e for e in endings)
    if word.endswith(("lig", "ig", "isk", "sam")):
        return frozenset(word + e for e in ("", "a", "t", "e", "en"))
    return frozenset({word})


@cache
def stiff_words() -> dict[str, StiffWord]:
    """The word list ``stiff_words.tsv``, by headword."""
    entries = {}
    for fields in _lines("stiff_words.tsv"):
        spellings = fields[0].split("|")
        forms = frozenset().union(inflect(spellings[0]), spellings[1:])
        alternatives = tuple(a.strip() for a in fields[1].split(","))
        note = fields[2].strip() if len(fields) > 2 else ""
        entries[spellings[0]] = StiffWord(spellings[0], forms, alternatives, note)
    return entries


_Phrases = dict[str, list[tuple[tuple[str, ...], StiffWord]]]


@cache
def stiff_index() -> tuple[dict[str, StiffWord], _Phrases]:
    """Single-word forms → entry; first word of a phrase → (phrase words, entry), longest first."""
    single: dict[str, StiffWord] = {}
    phrases: _Phrases = {}
    for entry in stiff_words().values():
        for form in entry.forms:
            words = tuple(form.split())
            if len(words) == 1:
                single[form] = entry
            else:
                phrases.setdefault(words[0], []).append((words, entry))
    for candidates in phrases.values():
        candidates.sort(key=lambda c: -len(c[0]))
    return single, phrases


def find_stiff(words: Sequence[str]) -> list[tuple[str, StiffWord]]:
    """(form as matched, entry) for each stiff word or phrase in lower-cased ``words``."""
    single, phrases = stiff_index()
    found = []
    i = 0
    while i < len(words):
        for phrase, entry in phrases.get(words[i], ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                found.append((" ".join(phrase), entry))
                i += len(phrase)
                break
        else:
            if words[i] in single:
                found.append((words[i], single[words[i]]))
            i += 1
    return found


# --- word lists of the morphology checks ----------------------------------------------


@cache
def s_forms() -> dict[str, str]:
    """Word → kind (deponent, reciprocal, not_passive, not_verb, passive), ``s_forms.tsv``."""
    return {form.strip(): fields[0] for fields in _lines("s_forms.tsv")
            for form in fields[1].split(",")}  # fmt: skip


@cache
def prefixes() -> tuple[str, ...]:
    return tuple(fields[0].strip() for fields in _lines("passive_prefixes.txt"))


@cache
def lexicalised_nouns() -> tuple[str, ...]:
    """Nouns with a verb-noun ending that are ordinary words (``lexicalised_nouns.txt``)."""
    return tuple(fields[0].strip() for fields in _lines("lexicalised_nouns.txt"))


@cache
def municipal_terms() -> frozenset[str]:
    """Words that are rare in general but ordinary on a municipal site (never reported)."""
    return frozenset(fields[0].strip() for fields in _lines("municipal_terms.txt"))


# --- nominalisations ---------------------------------------------------------------------

Pattern = tuple[tuple[frozenset[str], bool], ...]
"""A heavy-phrase pattern: for each position, the words it accepts and whether it is optional."""


@cache
def nominal_patterns() -> tuple[tuple[Pattern, str, str], ...]:
    """(pattern, verb to use, note) from ``nominal_patterns.tsv``, in file order."""
    groups: dict[str, frozenset[str]] = {}
    patterns = []
    for fields in _lines("nominal_patterns.tsv"):
        if fields[0].startswith("@") and " = " in fields[0]:
            name, forms = fields[0].split(" = ")
            groups[name.strip()] = frozenset(forms.split())
            continue
        steps = []
        for token in fields[0].split():
            optional = token.startswith("[")
            token = token.strip("[]")
            words = groups[token] if token.startswith("@") else frozenset(token.split("/"))
            steps.append((words, optional))
        note = fields[2].strip() if len(fields) > 2 else ""
        patterns.append((tuple(steps), fields[1].strip(), note))
    return tuple(patterns)


def _match(pattern: Pattern, words: Sequence[str], at: int) -> int:
    """The end of the longest match of ``pattern`` at ``words[at]``, or -1."""
    if not pattern:
        return at
    (accepted, optional), rest = pattern[0], pattern[1:]
    if at < len(words) and words[at] in accepted:
        end = _match(rest, words, at + 1)
        if end >= 0:
            return end
    return _match(rest, words, at) if optional else -1


@cache
def _patterns_by_first_word() -> dict[str, list[tuple[Pattern, str, str]]]:
    """The patterns by the words they can start with (no pattern starts with an optional word)."""
    index: dict[str, list[tuple[Pattern, str, str]]] = {}
    for entry in nominal_patterns():
        for word in entry[0][0][0]:
            index.setdefault(word, []).append(entry)
    return index


def find_nominal_pattern(words: Sequence[str]) -> tuple[str, str, str] | None:
    """The first heavy phrase in lower-cased ``words``: (phrase, verb, note), or None."""
    index = _patterns_by_first_word()
    for at in range(len(words)):
        for pattern, verb, note in index.get(words[at], ()):
            end = _match(pattern, words, at)
            if end > at:
                return " ".join(words[at:end]), verb, note
    return None


# --- abbreviations -----------------------------------------------------------------------


@dataclass(frozen=True)
class Abbreviation:
    """An abbreviation of ``abbreviations.tsv``: its spellings, kind and expansion."""

    abbreviation: str
    spellings: tuple[str, ...]
    common: bool
    expansion: str


@cache
def abbreviation_list() -> dict[str, Abbreviation]:
    """Every spelling → its Abbreviation."""
    by_spelling = {}
    for fields in _lines("abbreviations.tsv"):
        spellings = tuple(fields[0].split("|"))
        expansion = fields[2].strip() if len(fields) > 2 else ""
        entry = Abbreviation(spellings[0], spellings, fields[1].strip() == "common", expansion)
        by_spelling.update(dict.fromkeys(spellings, entry))
    return by_spelling


def _caps(word: str) -> bool:
    """All letters upper case, at least one letter ("LSS", "LSS-BOENDE"; not "123"), and
    not a placeholder for what to write in a form ("ÅÅÅÅ-MM-DD", "ÅÅMMDD-XXXX")."""
    return word.isupper() and not (len(word) >= 4 and _PLACEHOLDER.fullmatch(word))


def _shouting(words: Sequence[str]) -> bool:
    """A sentence mostly in capitals: its short capital words are words, not acronyms."""
    capitals = sum(1 for w in words if _caps(w) and len(w) > 1)
    return capitals >= 2 and capitals * 2 >= len(words)


def find_abbreviations(words: Sequence[str]) -> Iterator[tuple[str, Abbreviation | None]]:
    """Abbreviations in a sentence that may need explaining: (token, known entry or None).

    Common abbreviations (t.ex., EU) are left out. Unknown ones are all-capital
    words of 2-5 letters (also before a hyphen: "HVB-hem") that are not Roman
    numerals or ordinary words in capitals, and dotted abbreviations ("resp.").
    """
    known = abbreviation_list()
    shouting = _shouting(words)
    for position, word in enumerate(words):
        token = word.split("-")[0] if "-" in word and _caps(word.split("-")[0]) else word
        entry = known.get(token)
        if entry is None and (position == 0 or "." in token):
            entry = known.get(token.lower())  # "Enl." at the start, "Resp."
        if entry is not None:
            if not entry.common:
                yield token, entry
            continue
        if "." in token:
            if _DOTTED.fullmatch(token) and sum(c.isalpha() for c in token) > 1:
                yield token, None  # "resp.", "fr.o.m.": not "blankett.pdf", "alvbyn.example"
            continue
        if shouting or not token.isalpha() or not _caps(token) or not 2 <= len(token) <= 5:
            continue
        common = WORD_IN_CAPS_ZIPF if len(token) >= 4 else SHORT_WORD_ZIPF
        word_in_capitals = zipf(token.lower()) >= common
        if _ROMAN.fullmatch(token) or word_in_capitals:
            continue
        yield token, None


# --- capitals ----------------------------------------------------------------------------


def _acronym(word: str) -> bool:
    """A known abbreviation, a dotted one, or a capital word that is no Swedish word
    (UNCRPD; TT, a short one no more common than SHORT_WORD_ZIPF): kept as written,
    never advised into lower case."""
    if word in abbreviation_list() or "." in word:
        return True
    if not word.isalpha():
        return False
    frequency = zipf(word.lower())
    return frequency < UNKNOWN_WORD_ZIPF or (len(word) <= 3 and frequency < SHORT_WORD_ZIPF)


def capital_runs(words: Sequence[str]) -> list[tuple[str, ...]]:
    """Runs of words in capitals to report: 3+ words (2+ not acronyms) or one 6+ letter word."""
    runs: list[tuple[str, ...]] = []
    current: list[str] = []
    for word in [*words, ""]:
        if word and _caps(word):
            current.append(word)
            continue
        plain = [w for w in current if not _acronym(w) and sum(c.isalpha() for c in w) > 1]
        if (len(current) >= 3 and len(plain) >= 2) or any(
            sum(c.isalpha() for c in w) >= 6 for w in plain
        ):
            runs.append(tuple(current))
        current = []
    return runs


def recase(run: Sequence[str]) -> str:
    """A capitals run in sentence case, acronyms kept: "VIKTIGT OM LSS" → "Viktigt om LSS"."""
    parts = []
    for word in run:
        pieces = [p if _acronym(p) else p.lower() for p in word.split("-")]
        parts.append("-".join(pieces))
    text = " ".join(parts)
    return text[:1].upper() + text[1:]
