"""Swedish word and sentence segmentation, LIX and the other readability scores.

``segment`` gives each sentence with its block, its text (to quote) and its
words; ``analyse`` scores a page: LIX, OVIX, mean sentence length, the
shares of long sentences and long words, and the nominal ratio (NQ, from
``audits.nominal``). Formulas are in ``analyse`` and ``ovix``.

LIX (Björnsson 1968) = O/M + 100·L/O, where O is the number of words, M the
number of sentences and L the number of long words (more than six letters).

The conventions (DESIGN.md, "Readability conventions"), made exact here:

* Text is NFC-normalised first, so a decomposed å/ä/ö is one letter; soft
  hyphens and zero-width characters are removed.
* A token is a whitespace-separated chunk with its opening and closing
  punctuation split off (``"(bl.a.,"`` → lead ``(``, core ``bl.a.``, trail
  ``,``). A word is a token that contains a letter and is not a URL or an
  e-mail address. Numbers, dates and times (``2026``, ``26.11.2026``,
  ``10.30``, ``13:75``) contain no letter, so they are not words. A hyphenated
  compound is one word (``e-tjänst``, ``ATP-poäng``), and so is a number-letter
  compound (``2-åring``, ``20-åringarna``): it contains letters.
* A word is long when it has more than six *letters*; hyphens, digits and
  periods are not counted (``e-tjänst`` has 7 letters and is long,
  ``2-åring`` has 5 and is not, ``t.ex.`` has 3).
* Every block (heading, paragraph, list item, table cell …) ends a sentence.
* Inside a block, ``.``, ``!``, ``?`` and ``…`` end a sentence when the next
  word starts a new one: its first letter or digit — after any opening quote,
  bracket, dash or ellipsis — is an upper-case letter or a digit. So
  ``make - maka? föräldrar - barn?`` is one sentence (as in the Talbanken gold
  data) and ``fader.' Ett av`` is two. Glued sentences (``klimatet.Därför``)
  are split first.
* A colon ends a sentence only when the next word starts with a capital
  letter, directly or after an opening quotation mark (``löd: 'Du skall``).
  ``barn: '... fadern är`` does not end one, nor does a colon before a digit.
  After a capitalised word inside a sentence (a name) only a quotation ends
  one: "A. I. Rabin: Infants and Children" and "Kajsa Ohrlander: Kvinnor som
  slavar" are references, an author and a title, and Talbanken's gold data
  keeps them one sentence; "Anna sa: 'Vi kommer.'" is still two.
  A semicolon never ends a sentence.
* Not sentence ends: the abbreviations in ``ABBREVIATIONS`` (case-insensitive),
  any other dotted letter sequence such as ``fr.o.m.`` or ``A.I.``, and
  initials (``A. I. Rabin``: a single capital letter with a period). The few
  abbreviations that close an enumeration or an amount (``m.m.``, ``osv.``,
  ``etc.``, ``kr.`` …, see ``FINAL_ABBREVIATIONS``) end a sentence when a
  capital letter follows, because "Vi lånar ut böcker m.m. Välkommen!" is two
  sentences.
* A number is not a word, so a list number's period (``1. Fyll i``) closes a
  "sentence" with no words, which is dropped: "1. Fyll i blanketten. 2. Skicka
  den." is two sentences. An ordinal before a lower-case word (``den 3. maj``)
  ends nothing.
* A sentence with no words is dropped.

Why not textstat: its ``lix()`` uses this same formula, but its counting is
wrong for Swedish web text: ``t.ex.``, ``bl.a.`` and ``kl.`` split sentences,
sentences of two words or fewer are silently dropped, hyphens are deleted,
numbers, URLs, e-mail addresses and glued sentences count as (long) words,
and its language is global state (``lix()`` itself ignores it; with the default
en_US the syllable-based formulas try to download NLTK's cmudict and raise
LookupError offline). It deletes the combining marks of decomposed å/ä/ö, which
leaves its letter counts, and so its LIX, unchanged. So we count ourselves and
share only the formula; tests/test_readability.py shows where the two disagree
and that they agree on plain text.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from audits.model import Readability
from audits.nominal import nominal_ratio

LONG_WORD_LETTERS = 6
"""A word is long when it has more than this many letters."""

DEFAULT_MIN_WORDS = 50
"""Below this many words LIX says more about chance than about the text."""

OVIX_MIN_WORDS = 100
"""Below this many words OVIX is not computed: the share of distinct words in
a short text says little about its vocabulary (DESIGN.md: "from ~100 words")."""

LONG_SENTENCE_WORDS = 25
"""A sentence is long when it has more than this many words."""

TOO_LITTLE_TEXT = "too_little_text"

BANDS: tuple[str, ...] = ("very_easy", "easy", "medium", "hard", "very_hard", TOO_LITTLE_TEXT)
"""The stable band codes, easiest first (their Swedish labels: reports/labels.py)."""

# Lower bounds of the bands above "very_easy", in order.
_BAND_FLOORS: tuple[tuple[float, str], ...] = (
    (60.0, "very_hard"),
    (50.0, "hard"),
    (40.0, "medium"),
    (30.0, "easy"),
)

FINAL_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "m.m.", "mm.", "m.fl.", "mfl.", "osv.", "o.s.v.", "etc.", "o.d.",
        "e.d.", "o.dyl.", "o.likn.", "kr.", "st.", "ggr.", "ff.", "f.kr.",
        "e.kr.",
    }
)  # fmt: skip
"""Abbreviations that often end a sentence: they end one if a capital follows."""

ABBREVIATIONS: frozenset[str] = FINAL_ABBREVIATIONS | frozenset(
    {
        "t.ex.", "tex.", "ex.", "bl.a.", "s.k.", "ca.", "kl.", "nr.", "tel.",
        "tfn.", "fr.o.m.", "t.o.m.", "d.v.s.", "dvs.", "resp.", "jfr.", "inkl.",
        "exkl.", "p.g.a.", "pga.", "f.d.", "f.n.", "f.ö.", "ev.", "enl.", "obs.",
        "s.", "sid.", "forts.", "vard.", "m.a.o.", "i.st.f.", "istf.", "s.a.s.",
        "ang.", "avd.", "adr.", "fr.", "fig.", "kap.", "mom.", "tab.", "ref.",
        "jur.", "pers.", "prof.", "dr.", "doc.", "tf.", "t.v.", "t.h.", "u.a.",
        "n.b.", "p.s.", "uppl.", "utg.", "urspr.", "vol.", "äv.", "omkr.",
        "v.", "jan.", "febr.", "feb.", "apr.", "aug.", "sep.", "sept.", "okt.",
        "nov.", "dec.",
    }
)  # fmt: skip
"""Swedish abbreviations (lower case, with their final period) whose period is
not a sentence end. Words that are also ordinary words with a period after
them ("bil.", "ung.", "mån.") are deliberately left out."""

_STRONG_ENDS = frozenset(".!?…")
_QUOTES = frozenset("'\"«»‘’‚‛“”„‹›")
_CLOSERS = "'\"»’”)]"
# Soft hyphens and zero-width characters: invisible on the page, but inside a
# word they would hide its letters from the long-word count.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u2060\ufeff"))

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)", re.IGNORECASE)
# A bare host name such as "vanersborg.se" or "skolverket.se/bidrag": the top
# level domain list keeps dotted abbreviations ("t.ex", "bl.a") out, and a
# lower-case top level domain keeps a glued "klimatet.Se" a sentence break.
_BARE_HOST = re.compile(
    r"^[\w-]{2,}(?:\.[\w-]+)*\.(?:se|nu|com|org|net|eu|info|io|fi|no|dk|de|uk|gov|edu)"
    r"(?:[/:?#]\S*)?$",
)
# Periods, "!" or "?" glued between a word of two or more letters and a
# capitalised word: "klimatet.Därför". Checked per character (Python's re has
# no Unicode upper-case class).
_GLUE = re.compile(r"[.!?]+")
_CHUNK = re.compile(r"\S+")
_END_PUNCTUATION = re.compile(r"[.!?…:]")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a page's text.

    ``block`` is the index of the block it came from; ``text`` is the sentence
    as written (NFC-normalised, soft hyphens and zero-width characters removed,
    whitespace collapsed, punctuation included) so a report can quote it;
    ``words`` are its words as LIX counts them (see ``tokenize_words``).

    The quoted text runs from the sentence's first token (with its opening
    punctuation) to the token that ends it (with its closing punctuation). A
    word-less "sentence" in front of it, such as a list number ``1.``, is not
    part of the quote.
    """

    block: int
    text: str
    words: tuple[str, ...]


class _Token(NamedTuple):
    """A chunk of text: opening punctuation, the token proper, closing punctuation.

    ``start`` and ``end`` are its offsets in the normalised block, so a
    sentence's original text can be quoted. A NamedTuple, not a dataclass:
    there is one per token of every page, and tuples are cheaper to build.
    """

    lead: str
    core: str
    trail: str
    start: int
    end: int


def normalise(text: str) -> str:
    """NFC-normalise ``text`` and remove soft hyphens and zero-width characters."""
    return unicodedata.normalize("NFC", text).translate(_INVISIBLE)


def letter_count(word: str) -> int:
    """The number of letters in ``word`` (hyphens, digits and periods are not letters)."""
    return _letters(normalise(word))


def _letters(word: str) -> int:
    # For words that are NFC already (segment's): normalising again costs more
    # than the count itself.
    return len(word) if word.isalpha() else sum(1 for char in word if char.isalpha())


def is_long_word(word: str) -> bool:
    """True when ``word`` has more than six letters (LIX's "long word")."""
    return letter_count(word) > LONG_WORD_LETTERS


def tokenize_words(text: str) -> list[str]:
    """The words of ``text``, in order, as LIX counts them.

    A word is a token that contains a letter and is not a URL or an e-mail
    address; abbreviations keep their periods (``t.ex.``), other tokens are
    stripped of surrounding punctuation.
    """
    return [token.core for token in _tokenize(normalise(text)) if _is_word(token.core)]


def segment(blocks: Sequence[str]) -> list[Sentence]:
    """Split text blocks into sentences, with their text and their words.

    Every block ends a sentence; inside a block the rules in the module
    docstring apply. Sentences with no words are dropped.
    """
    return [
        Sentence(block_index, text, words)
        for block_index, block in enumerate(blocks)
        for text, words in _block_sentences(block)
    ]


@functools.lru_cache(maxsize=4096)
def _block_sentences(block: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """One block's sentences as (quoted text, words), cached: a page's text is segmented
    for its readability and again for the klarspråk rules, mostly the same blocks."""
    text = normalise(block)
    tokens = _tokenize(text)
    sentences: list[tuple[str, tuple[str, ...]]] = []
    words: list[str] = []
    first = 0  # index of the current sentence's first token
    for index, token in enumerate(tokens):
        if _is_word(token.core):
            words.append(token.core)
        elif not words:
            # A word-less "sentence" such as a list number ("1. Fyll i")
            # is dropped, and left out of the next sentence's quote.
            if token.core and _ends_sentence(tokens, index, words_so_far=0):
                first = index + 1
            continue
        if _ends_sentence(tokens, index, words_so_far=len(words)):
            sentences.append((_quote(text, tokens, first, index), tuple(words)))
            words = []
            first = index + 1
    if words:
        sentences.append((_quote(text, tokens, first, len(tokens) - 1), tuple(words)))
    return tuple(sentences)


def split_sentences(blocks: Sequence[str]) -> list[list[str]]:
    """Split text blocks into sentences, each given as its list of words (see ``segment``)."""
    return [list(sentence.words) for sentence in segment(blocks)]


def analyse(blocks: Sequence[str], min_words: int = DEFAULT_MIN_WORDS) -> Readability:
    """Count words, sentences and long words in ``blocks`` and score them.

    With O words, M sentences and L long words:

    * ``lix`` = O/M + 100·L/O, rounded to one decimal; its band is taken from
      the rounded value, so the number and the band a report shows agree;
    * ``mean_sentence_length`` = O/M (one decimal);
    * ``long_sentence_share`` = the share of sentences of more than
      ``LONG_SENTENCE_WORDS`` words (0..1, three decimals);
    * ``long_word_share`` = L/O (three decimals);
    * ``nominal_ratio`` = NQ, see ``audits.nominal`` (two decimals; None when
      the text has no pronoun, adverb or verb);
    * ``ovix``: see :func:`ovix`; it needs ``OVIX_MIN_WORDS`` words as well.

    With fewer than ``min_words`` words (or none) the counts are still given,
    but every score is None ("not computed", never 0) and ``band`` is
    ``"too_little_text"``.

    One pass over the sentences; only the words' set for OVIX is built on the
    side, because the benchmark runs this over every page of a site.
    """
    sentences = segment(blocks)
    words = long_words = long_sentences = 0
    for sentence in sentences:
        count = len(sentence.words)
        words += count
        long_words += sum(1 for word in sentence.words if _letters(word) > LONG_WORD_LETTERS)
        if count > LONG_SENTENCE_WORDS:
            long_sentences += 1
    if words == 0 or words < min_words:
        return Readability(words, len(sentences), long_words, None, TOO_LITTLE_TEXT)
    count = len(sentences)
    lix = round(words / count + 100 * long_words / words, 1)
    nq = nominal_ratio([sentence.words for sentence in sentences])
    return Readability(
        words,
        count,
        long_words,
        lix,
        lix_band(lix),
        ovix=ovix([word for sentence in sentences for word in sentence.words]),
        mean_sentence_length=round(words / count, 1),
        long_sentence_share=round(long_sentences / count, 3),
        long_word_share=round(long_words / words, 3),
        nominal_ratio=round(nq, 2) if nq is not None else None,
    )


def ovix(words: Sequence[str]) -> float | None:
    """OVIX (ordvariationsindex) = log(O) / log(2 − log(U)/log(O)), one decimal.

    O is the number of words, U the number of distinct word forms, case-folded
    ("Barn" and "barn" are one form). None below ``OVIX_MIN_WORDS`` words.

    The edge U == O (no word form repeats) makes the denominator log(2 − 1) = 0
    and OVIX infinite. We return None there rather than a cap: any cap would
    be an arbitrary number that a report would rank against real values, and
    infinity does not survive JSON. It cannot happen in real prose of 100
    words, where function words repeat; just below it (U = O − 1, O = 100)
    OVIX is already about 2,100, against 40–80 for ordinary text.
    """
    total = len(words)
    if total < OVIX_MIN_WORDS:
        return None
    distinct = len({word.casefold() for word in words})
    if distinct == total:
        return None
    return round(math.log(total) / math.log(2 - math.log(distinct) / math.log(total)), 1)


def lix_band(lix: float) -> str:
    """The band code of a LIX value.

    "very_easy" < 30 ≤ "easy" < 40 ≤ "medium" < 50 ≤ "hard" < 60 ≤ "very_hard":
    a value on a boundary belongs to the band above it (30.0 is easy, 60.0 is
    very hard), so every value has exactly one band.
    """
    for floor, band in _BAND_FLOORS:
        if lix >= floor:
            return band
    return "very_easy"


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _CHUNK.finditer(text):
        tokens.extend(_split_chunk(match.group(), match.start()))
    return tokens


def _split_chunk(chunk: str, offset: int) -> list[_Token]:
    """Split one whitespace-free chunk into tokens (more than one if sentences are glued).

    ``offset`` is the chunk's position in the block; tokens carry their own.
    """
    end = offset + len(chunk)
    # Fast paths for the common chunks, a word ("kommunen") or a word and one
    # punctuation mark ("kommunen,"): letters alone can be neither a link nor
    # glued sentences, so the general path below would give the same token.
    if chunk.isalpha():
        return [_Token("", chunk, "", offset, end)]
    if chunk[:-1].isalpha() and not chunk[-1].isalnum():
        return [_attach_period(_Token("", chunk[:-1], chunk[-1], offset, end))]
    alnum = [i for i, char in enumerate(chunk) if char.isalnum()]
    if not alnum:
        return [_Token("", "", chunk, offset, end)]
    lead, core, trail = chunk[: alnum[0]], chunk[alnum[0] : alnum[-1] + 1], chunk[alnum[-1] + 1 :]
    if _is_link(core):
        return [_Token(lead, core, trail, offset, end)]
    tokens: list[_Token] = []
    start = 0
    token_start = offset
    core_offset = offset + alnum[0]
    for match in _GLUE.finditer(core):
        before, after = core[start : match.start()], core[match.end() :]
        if _glued_sentence_end(before, after):
            token_end = core_offset + match.end()
            token = _Token(
                lead if not tokens else "", before, match.group(), token_start, token_end
            )
            tokens.append(_attach_period(token))
            start = match.end()
            token_start = token_end
    tokens.append(
        _attach_period(_Token(lead if not tokens else "", core[start:], trail, token_start, end))
    )
    return tokens


def _glued_sentence_end(before: str, after: str) -> bool:
    """True for "klimatet.|Därför": two or more letters, then a capitalised word."""
    return (
        len(before) >= 2
        and before[-1].isalpha()
        and before[-2].isalpha()
        and len(after) >= 2
        and after[0].isupper()
        and after[1].islower()
    )


def _attach_period(token: _Token) -> _Token:
    """Move the period of an abbreviation or initial from the trail into the core."""
    if not token.trail.startswith(".") or token.trail.startswith(".."):
        return token
    candidate = token.core + "."
    if candidate.lower() in ABBREVIATIONS or _is_initial_or_dotted(token.core):
        return token._replace(core=candidate, trail=token.trail[1:])
    return token


def _is_initial_or_dotted(core: str) -> bool:
    """True for an initial ("A") or a dotted letter sequence ("A.I", "fr.o.m").

    Parts of at most four letters, as in abbreviations: a file name such as
    "blankett.pdf" at the end of a sentence is not one.
    """
    if len(core) == 1:
        return core.isupper()
    parts = core.split(".")
    return len(parts) > 1 and all(part.isalpha() and len(part) <= 4 for part in parts)


def _is_link(core: str) -> bool:
    return bool(_URL_SCHEME.match(core) or _EMAIL.match(core) or _BARE_HOST.match(core))


def _is_word(core: str) -> bool:
    # Letters only (most words) cannot be a link: every link pattern needs a
    # period, an "@" or a colon.
    return core.isalpha() or (any(char.isalpha() for char in core) and not _is_link(core))


def _ends_sentence(tokens: Sequence[_Token], index: int, *, words_so_far: int) -> bool:
    """Whether the sentence ends after ``tokens[index]``.

    ``words_so_far`` counts the words of the current sentence, this token's
    included. The block end is handled by the caller.
    """
    token = tokens[index]
    if "." not in token.core and _END_PUNCTUATION.search(token.trail) is None:
        # Most tokens: no punctuation that could end a sentence, and not an
        # abbreviation (they all contain a period). Decided without a look ahead.
        return False
    following = _next_token(tokens, index)
    if following is None:
        return False
    first = following.core[0]
    if any(char in _STRONG_ENDS for char in token.trail):
        return first.isupper() or first.isdigit()
    if token.core.lower() in FINAL_ABBREVIATIONS and not token.trail.strip(_CLOSERS):
        return first.isupper()
    if ":" in token.trail:
        if token.core[:1].isupper() and words_so_far > 1:
            # After a name inside a sentence, a colon followed by a capital
            # introduces a title ("A. I. Rabin: Infants and Children …",
            # "Kajsa Ohrlander: Kvinnor som slavar"); only a quotation the
            # name introduces starts a new sentence.
            return first.isupper() and _opens_quote(tokens, index)
        return first.isupper()
    return False


def _quote(text: str, tokens: Sequence[_Token], first: int, last: int) -> str:
    """The text of ``tokens[first..last]`` as written, whitespace collapsed."""
    return " ".join(text[tokens[first].start : tokens[last].end].split())


def _next_token(tokens: Sequence[_Token], index: int) -> _Token | None:
    """The next token with a letter or digit in it, skipping bare punctuation.

    Its first character decides whether a sentence starts: opening quotes,
    brackets, dashes and ellipses before it do not change that.
    """
    # Indexes, not a slice: a slice would copy the rest of the block per sentence.
    for position in range(index + 1, len(tokens)):
        if tokens[position].core:
            return tokens[position]
    return None


def _opens_quote(tokens: Sequence[_Token], index: int) -> bool:
    """Whether a quotation mark stands between ``tokens[index]`` and the next word."""
    for position in range(index + 1, len(tokens)):
        following = tokens[position]
        # A bare quotation mark is a token of its own, with the mark as its trail.
        between = following.lead if following.core else following.trail
        if any(char in _QUOTES for char in between):
            return True
        if following.core:
            return False
    return False
