"""Language identification of a page's text (lingua-language-detector, offline).

:func:`identify` gives the most likely language of a text among ``LANGUAGES``
and its confidence (0..1). The detector is lingua's high-accuracy mode
(character 1- to 5-grams), restricted to the languages a Swedish municipal site
publishes in: Swedish, the national minority language Finnish, the neighbours,
and the languages municipalities translate into most. Its models ship in the
wheel (Apache-2.0; the 2.1.1 wheel for Python 3.11 is 92 MB); lingua loads them
per script when a text first needs them and keeps them for the process: the 14
Latin-script languages ≈ 350 MiB resident and 3–4 s on an idle 2-core machine
(up to 15 s under load), Cyrillic (Russian, Ukrainian, Serbian) ≈ 70 MiB more,
Arabic and Persian ≈ 45 MiB more. That process is not klarsyn's own: lingua runs in
a worker (audits/languageworker.py, :data:`DETECTOR`), so the models sit beside the
browsers and klarsyn's own memory holds only what the audit gathers; a run ends the
worker (:func:`shut_down`) before it writes its reports. Nothing is started at
import: :func:`warm_up` starts the worker and loads the Latin-script models (every
site's text needs them) where blocking does no harm, beside the crawl's start; the
others load only on a site that has such text. Identifying a paragraph then takes
0.3–1 ms, the pipe included. Blocks that are plainly Swedish
(:func:`looks_swedish`) never reach the detector.

Why not lingua's low-accuracy mode (trigrams only: ≈ 30 MiB and 0.4 s for all
19 languages): on short Swedish blocks it is confidently wrong where the
high-accuracy mode is not, e.g. "Sagostund för barn på biblioteket klockan 18"
is Nynorsk with confidence 0.98 (high accuracy: Swedish), so Swedish passages
would be reported as foreign and left out of the klarspråk checks.

Languages that are hard to tell apart count as one: Norwegian Bokmål, Nynorsk
and "no"; Bosnian, Croatian and Serbian. A group's confidence is the sum of its
members', and codes are compared by group (:func:`same_language`), so
``lang="no"`` on a Bokmål text is right, and a Croatian paragraph identified as
Bosnian is not "another language".

Why lingua and not langid.py: on 122 Swedish sentences of 6–11 words
(Talbanken) langid.py was confidently wrong (≥ 0.9) three times (English,
Norwegian) and lingua never; langid.py has no Somali; lingua got 25 of 25
short paragraphs in 14 languages right, langid.py 23 (Somali → Swahili).
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from audits.languageworker import DetectorProcess, LanguageWorkerError

log = logging.getLogger(__name__)

#: Languages the detector chooses among (ISO 639-1) and their Swedish names.
LANGUAGES: Mapping[str, str] = {
    "sv": "svenska",
    "en": "engelska",
    "fi": "finska",
    "nb": "norska (bokmål)",
    "nn": "norska (nynorsk)",
    "da": "danska",
    "de": "tyska",
    "fr": "franska",
    "es": "spanska",
    "pl": "polska",
    "bs": "bosniska",
    "hr": "kroatiska",
    "sr": "serbiska",
    "tr": "turkiska",
    "ru": "ryska",
    "uk": "ukrainska",
    "ar": "arabiska",
    "fa": "persiska",
    "so": "somaliska",
}

# Names for messages of tags the detector does not know, above all "se" (Northern
# Sami), often written by mistake for Swedish.
_OTHER_NAMES: Mapping[str, str] = {
    "se": "nordsamiska",
    "sma": "sydsamiska",
    "smj": "lulesamiska",
    "fit": "meänkieli",
    "rom": "romani",
    "yi": "jiddisch",
    "no": "norska",
    "ti": "tigrinska",
    "ku": "kurdiska",
    "it": "italienska",
    "nl": "nederländska",
    "pt": "portugisiska",
}

_GROUPS: Mapping[str, str] = {
    "no": "no", "nb": "no", "nn": "no",
    "bs": "hbs", "hr": "hbs", "sr": "hbs", "sh": "hbs", "cnr": "hbs",
}  # fmt: skip

# Scripts that none of LANGUAGES is written in: a text in one of them is another
# language whatever the detector says (it gives no answer for them).
_OTHER_SCRIPTS: Mapping[str, str] = {
    "ETHIOPIC": "etiopisk skrift (till exempel tigrinska eller amhariska)",
    "HEBREW": "hebreisk skrift",
    "GREEK": "grekisk skrift",
    "ARMENIAN": "armenisk skrift",
    "GEORGIAN": "georgisk skrift",
    "DEVANAGARI": "devanagari",
    "BENGALI": "bengalisk skrift",
    "GURMUKHI": "gurmukhi",
    "TAMIL": "tamilsk skrift",
    "THAI": "thailändsk skrift",
    "TIBETAN": "tibetansk skrift",
    "MYANMAR": "burmesisk skrift",
    "KHMER": "khmerisk skrift",
    "HANGUL": "koreansk skrift",
    "HIRAGANA": "japansk skrift",
    "KATAKANA": "japansk skrift",
    "CJK": "kinesisk skrift",
}


SWEDISH_MARKERS: frozenset[str] = frozenset(
    {"och", "att", "är", "inte", "också", "även", "från", "när", "för", "till", "hur", "vad",
     "mycket"}
)  # fmt: skip
"""Function words that are Swedish and not Danish or Norwegian (og, at, er, ikke, også, fra,
når, for, til, hvor, hvad …), nor any other language's: three different ones in a text
make it Swedish without asking the detector (most blocks of a Swedish site)."""
MARKER_COUNT = 3

TEXT_MIN_WORDS = 40
TEXT_CHUNK_WORDS = 12
TEXT_MAX_WORDS = 600
TEXT_SHARE = 0.75
TEXT_CONFIDENCE = 0.9

#: A block of a Swedish page with at least this many words, that does not look Swedish,
#: is asked of the detector (:func:`is_foreign`); shorter ones (headings, list items)
#: are too short to tell.
FOREIGN_BLOCK_WORDS = 6
#: ... and is in another language when the detector says so with this confidence.
FOREIGN_CONFIDENCE = 0.8


#: Characters from Greek (U+0370) on: those below are Latin letters, IPA, modifiers and
#: combining marks, punctuation and digits, none of them in a script of _OTHER_SCRIPTS.
_BEYOND_LATIN = re.compile(r"[^\x00-\u036f]")
_LINK = re.compile(r"\S+@\S+|\S*://\S+|www\.\S+")
_WORD = re.compile(r"[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*")


def words(text: str) -> list[str]:
    """The words of ``text``: runs of letters (and digits after a letter), hyphenated
    compounds whole; web and e-mail addresses and numbers are not words. Cheaper than
    ``audits.readability.tokenize_words``, and close enough to count and to vote."""
    return _WORD.findall(_LINK.sub(" ", text))


@dataclass(frozen=True)
class Identification:
    """The detector's answer: the top language (None when it has none) and its group's
    confidence; ``scores`` holds every group's confidence, keyed by group code
    (see :func:`group`); ``script`` names a script outside the detector's languages."""

    language: str | None
    confidence: float
    scores: Mapping[str, float] = field(default_factory=dict)
    script: str = ""

    def score(self, code: str) -> float:
        """The confidence that the text is in ``code``'s language (its group's)."""
        return self.scores.get(group(code), 0.0)


def primary_subtag(lang: str) -> str:
    """The primary language subtag of a BCP 47 tag, lower-cased: "sv-SE" → "sv"."""
    return lang.strip().lower().replace("_", "-").split("-")[0]


def is_well_formed(lang: str) -> bool:
    """True when ``lang``'s primary subtag has the form of a language code (2–3 letters).

    "svenska" or "swedish" is axe-core's ``html-lang-valid``, not a mismatch of ours."""
    primary = primary_subtag(lang)
    return 2 <= len(primary) <= 3 and primary.isascii() and primary.isalpha()


def group(code: str) -> str:
    """The code a language is compared by ("nb", "nn", "no" → "no"; "bs", "hr", "sr" → "hbs")."""
    code = primary_subtag(code)
    return _GROUPS.get(code, code)


def same_language(a: str, b: str) -> bool:
    """True when two language tags name the same language (or the same group)."""
    return group(a) == group(b)


def is_supported(code: str) -> bool:
    """True when the detector can recognise ``code``'s language."""
    return any(group(known) == group(code) for known in LANGUAGES)


def name_sv(code: str) -> str:
    """The Swedish name of a language code ("en" → "engelska"); the code if unknown."""
    code = primary_subtag(code)
    return LANGUAGES.get(code) or _OTHER_NAMES.get(code, code)


@functools.lru_cache(maxsize=4096)
def identify(text: str) -> Identification:
    """The language of ``text`` among ``LANGUAGES``.

    ``confidence`` is the top language's group's share of lingua's confidence values
    (which sum to 1 over the languages). A text in a script the languages do not use
    gives ``language=None``, ``confidence=0`` and its script's Swedish name in
    ``script``; so does a text without letters (with ``script=""``). Recent answers
    are cached: a template's paragraph recurs on every page.
    """
    scores: dict[str, float] = {}
    top: str | None = None
    for code, value in DETECTOR.confidence_values(text):
        scores[group(code)] = scores.get(group(code), 0.0) + value
        if top is None and value > 0:
            top = code
    if top is None:
        return Identification(None, 0.0, {}, other_script(text))
    return Identification(top, scores[group(top)], scores)


def looks_swedish(words: Sequence[str]) -> bool:
    """True when ``words`` hold at least MARKER_COUNT different SWEDISH_MARKERS."""
    return len({w.lower() for w in words} & SWEDISH_MARKERS) >= MARKER_COUNT


def text_language(blocks: Sequence[str]) -> str | None:
    """The language of most of a page's text, or None when there is no clear one.

    Each block of at least TEXT_CHUNK_WORDS words is judged with the shorter blocks just
    before it (its heading); other short blocks in a row (list items, table cells) are
    joined until they reach that many words. A piece that is Swedish by
    :func:`looks_swedish`, or identified with confidence ≥ TEXT_CONFIDENCE, gives its
    words to its language. The page's language is the one with at least TEXT_SHARE of
    all the pieces' words (unidentified pieces included) and at least TEXT_MIN_WORDS
    words. Only the first TEXT_MAX_WORDS words are read. Pieces, not the whole text,
    because lingua's confidence for a text that mixes Swedish, English and Finnish
    paragraphs can be 0.99 for one of them.
    """
    votes: dict[str, int] = {}
    total = 0
    pending: list[str] = []
    pending_words: list[str] = []
    for block in blocks:
        if total >= TEXT_MAX_WORDS:
            break
        block_words = words(block)
        if not block_words:
            continue
        if len(block_words) >= TEXT_CHUNK_WORDS:
            # Short blocks before a long one (a heading) go with it: same language, mostly.
            total += _vote([*pending, block], pending_words + block_words, votes)
            pending, pending_words = [], []
            continue
        pending.append(block)
        pending_words += block_words
        if len(pending_words) >= TEXT_CHUNK_WORDS:
            total += _vote(pending, pending_words, votes)
            pending, pending_words = [], []
    if pending_words and total < TEXT_MAX_WORDS:
        total += _vote(pending, pending_words, votes)
    if total < TEXT_MIN_WORDS or not votes:
        return None
    code, count = max(votes.items(), key=lambda item: item[1])
    return code if count >= TEXT_SHARE * total and count >= TEXT_MIN_WORDS else None


def is_foreign(block: str) -> bool:
    """Whether a block of a Swedish page is in another language.

    True for a block written mostly in a script no known language uses
    (:func:`other_script`), and for a block of at least FOREIGN_BLOCK_WORDS words that
    does not look Swedish (:func:`looks_swedish`) and that the detector gives another
    language with confidence ≥ FOREIGN_CONFIDENCE. Swedish blocks seldom reach the
    detector: three Swedish function words settle it.
    """
    if other_script(block):
        return True
    block_words = words(block)
    if len(block_words) < FOREIGN_BLOCK_WORDS or looks_swedish(block_words):
        return False
    found = identify(block)
    return (
        found.language is not None
        and not same_language(found.language, "sv")
        and found.confidence >= FOREIGN_CONFIDENCE
    )


def _vote(chunk: Sequence[str], chunk_words: Sequence[str], votes: dict[str, int]) -> int:
    """Add the chunk's words to its language's votes (if identified); return its size."""
    if looks_swedish(chunk_words):
        code: str | None = "sv"
    else:
        found = identify("\n".join(chunk))
        code = found.language if found.confidence >= TEXT_CONFIDENCE else None
    if code is not None:
        votes[code] = votes.get(code, 0) + len(chunk_words)
    return len(chunk_words)


def other_script(text: str) -> str:
    """The Swedish name of the script most of ``text``'s letters are written in, when it is
    one none of ``LANGUAGES`` uses; else ""."""
    counts: dict[str, int] = {}
    # Only a character past the Latin blocks can be in one of _OTHER_SCRIPTS: a Swedish
    # text has a few (dashes, quotes), and each of its letters is not looked up by name.
    for char in _BEYOND_LATIN.findall(text):
        if char.isalpha():
            script = unicodedata.name(char, "").split(" ")[0]
            if script in _OTHER_SCRIPTS:
                counts[script] = counts.get(script, 0) + 1
    if not counts:
        return ""
    script, count = max(counts.items(), key=lambda item: item[1])
    letters = sum(char.isalpha() for char in text)
    return _OTHER_SCRIPTS[script] if count * 2 > letters else ""


#: Latin script only: the models every site's text needs. Arabic and Cyrillic text loads
#: its own models when a page has some.
_WARM_UP = "Du kan ansöka om bygglov i vår e-tjänst. You can apply online."

#: lingua, in a process of its own (audits/languageworker.py): started on first use, its
#: models out of klarsyn's own memory. A check during the loading waits for it.
DETECTOR = DetectorProcess(tuple(LANGUAGES))


def warm_up() -> None:
    """Start the detector and load the Latin-script models now (seconds), not inside the
    first page's check: call it where blocking is harmless, e.g. in a thread beside the
    crawl's start, never on the reactor. Idempotent; identifying waits for a warm-up in
    progress. A worker that cannot start or is killed (a forced stop kills every process
    of the run) is logged, not raised: the page checks start it again or say why not."""
    try:
        DETECTOR.confidence_values(_WARM_UP)
    except LanguageWorkerError as exc:
        log.warning("the language models could not be loaded ahead: %s", exc)


def shut_down() -> None:
    """End the detector's process and free its models (after the text checks of a run);
    a later check starts it again. Recent answers stay cached."""
    DETECTOR.close()
