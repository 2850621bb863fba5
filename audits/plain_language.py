"""Klarspråk checks: plain-language rules for Swedish public text (språklagen 11 §).

Språklagen (2009:600) 11 § asks public bodies for language that is "vårdat,
enkelt och begripligt". Each rule here is data (:class:`PlainRule`: id, impact,
tags, Swedish help texts) beside a pure ``evaluate(page) -> tuple[Hit, ...]``,
as axe-core splits its rules from its checks. :func:`check_text` runs them all
on a page's main-content blocks and returns :class:`~audits.model.Finding` s.

Rules (``RULES``), with their default impact on axe-core's scale:

=============================  ========  =============================================
id                             impact    reports
=============================  ========  =============================================
klarsprak-long-sentence        moderate  a sentence of more than 25 words (serious > 35)
klarsprak-passive              minor     an s-passive with a doer to name ("ska skickas
                                         in"), once a sentence, with the active phrase
klarsprak-nominalisation       minor     a heavy noun phrase ("fatta beslut om"), a
                                         chain of verb-nouns, or 3 verb-nouns
                                         carried by "ske"
klarsprak-stiff-word           minor     a stiff word with a plainer alternative, once
                                         a page per word (the message counts them)
klarsprak-rare-word            minor     a rare word (Zipf < 2.0 and not a compound of
                                         common parts), at most 5 a page; off
                                         by default (``DEFAULT_OFF``)
klarsprak-abbreviation         moderate  an abbreviation the page never explains
klarsprak-capitals             minor     3 or more words, or a word of 6 or more
                                         letters, in capitals
klarsprak-no-reader-address    moderate  a page of 300 words or more that never says
                                         du/ni/vi (or their other forms)
=============================  ========  =============================================

Tags: every rule has ``klarsprak`` (a plain-language rule, not a WCAG A/AA
requirement) and ``sprakla-11`` (the legal ground), and one ``cat.*`` tag
(sentences, words, form, address) to group them as axe-core does. Three rules
also carry the WCAG AAA criterion they serve: 3.1.5 Reading Level (long
sentences), 3.1.3 Unusual Words (rare words), 3.1.4 Abbreviations. Findings are
marked ``best_practice``: they are advice, and never counted as WCAG failures.

The rules' metadata is data, ``audits/klarsprak/data/rules.json`` (read once, at
import, like axe-core's ``lib/rules/*.json``); the checks are the functions
here, and the word knowledge they use is in ``audits.klarsprak``. Word
lists live beside it (see its README.md) and are read once, lazily. Word
frequencies come from the ``wordfreq`` package (Zipf scale: log10 of
occurrences per billion words; code Apache-2.0, data CC BY-SA 4.0).

``min_words``: rules that judge the page as a whole (rare words, abbreviations,
reader address) need at least that many words — a contact card or a form page
is not prose. Rules that quote a concrete sentence run on any text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from importlib import resources

from audits import language
from audits.klarsprak import data, morphology, passive
from audits.klarsprak import lexicon as lex
from audits.model import Finding, Outcome, RuleInfo, Source
from audits.readability import Sentence, segment

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
MAX_RARE_WORDS = 5
"""At most this many rare words are reported a page: the rarest."""
FOREIGN_SHARE = 4
"""A sentence where one word in this many (or more) is rare is not Swedish: skipped."""
READER_ADDRESS_MIN_WORDS = 300
"""A page this long should speak to its reader at least once."""
SNIPPET_CHARS = 300
DEFAULT_MIN_WORDS = 50

READER_PRONOUNS = frozenset(
    {"du", "dig", "din", "ditt", "dina", "ni", "er", "ert", "era", "vi", "oss", "vår", "vårt",
     "våra"}
)  # fmt: skip


@dataclass(frozen=True)
class TextPage:
    """A page's text prepared once for every rule: sentences and their lower-cased words."""

    sentences: tuple[Sentence, ...]
    lowered: tuple[tuple[str, ...], ...]
    """Each sentence's words in lower case, "" for a word of a quoted legal title: the
    word rules leave a statute's or an EU act's title alone (the editor cannot reword
    it; "med avseende på" in the GDPR's title is not the page's stiff word)."""
    words: int

    @property
    def text(self) -> str:
        """All sentences, one a line (for searches that need punctuation)."""
        return "\n".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class Hit:
    """One occurrence a rule found: what to quote and what to advise."""

    snippet: str
    message: str
    impact: str | None = None
    """None: the rule's own impact."""


Evaluate = Callable[[TextPage], tuple[Hit, ...]]


@dataclass(frozen=True)
class PlainRule:
    """A klarspråk rule: its metadata (Swedish texts for the report) and its check."""

    id: str
    impact: str
    tags: tuple[str, ...]
    help: str
    explanation: str
    suggestion: str
    evaluate: Evaluate = field(repr=False, compare=False)
    whole_page: bool = False
    """True when the rule judges the page as a whole and so needs ``min_words``."""
    on_by_default: bool = True
    """False for a rule whose measured precision is not yet good enough to run unasked
    (bench/bench_klarsprak.py measures it; the ``klarsprak_off`` setting switches it on)."""

    def info(self) -> RuleInfo:
        """The rule as the report describes it."""
        return RuleInfo(
            id=self.id,
            source=Source.KLARSYN,
            help=self.help,
            description=f"{self.explanation} {self.suggestion}",
            tags=self.tags,
        )


def prepare(blocks: Sequence[str]) -> TextPage:
    """Segment ``blocks`` into sentences (audits.readability) and lower-case their words."""
    sentences = tuple(segment(blocks))
    lowered = tuple(_without_titles(s) for s in sentences)
    return TextPage(sentences, lowered, sum(len(w) for w in lowered))


def _without_titles(sentence: Sentence) -> tuple[str, ...]:
    """The sentence's words in lower case, each word of a quoted legal title as ""."""
    lowered = [w.lower() for w in sentence.words]
    if "(" not in sentence.text:  # every title has its number in parentheses
        return tuple(lowered)
    for title in legal_titles(sentence.text):
        words = [w.lower() for part in segment([title]) for w in part.words]
        for start in range(len(lowered) - len(words) + 1):
            if lowered[start : start + len(words)] == words:
                lowered[start : start + len(words)] = [""] * len(words)
                break
    return tuple(lowered)


def _words_outside_titles(sentence: Sentence, lowered: Sequence[str]) -> list[str]:
    """The sentence's words as written, less those of quoted legal titles."""
    return [word for word, low in zip(sentence.words, lowered, strict=True) if low]


def is_swedish(lang: str) -> bool:
    """True for "sv", "sv-SE", "sv_FI" … and for an undeclared language ("")."""
    primary = lang.strip().lower().replace("_", "-").split("-")[0]
    return primary in ("", "sv")


#: Markup left in a page's text by its CMS ("Välj <input checked> om …"): not words.
_MARKUP = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]{0,200})?/?>")


def check_text(
    blocks: Sequence[str],
    *,
    lang: str = "sv",
    min_words: int = DEFAULT_MIN_WORDS,
    off: Collection[str] | None = None,
) -> tuple[Finding, ...]:
    """Run the rules in ``RULES`` on a page's main-content blocks, less those in ``off``
    (None: ``DEFAULT_OFF``, the rules that are off unless switched on).

    Returns violations with source klarsyn, the occurrence's impact, no selector,
    the quoted sentence (at most 300 characters) as snippet and the concrete
    Swedish advice as message. Whole-page rules are skipped below ``min_words`` words.

    Only Swedish text is checked, because the rules and their advice are Swedish:
    a page declared in another ``lang``, or whose text is in another language
    (``audits.language.text_language``: an English speech on a page declared Swedish),
    gives ``()``; a block in another language (``audits.language.is_foreign``: an
    English, Finnish or Arabic passage on a Swedish page) is left out. That the
    language is not declared is a policy finding of its own (policy-lang-mismatch,
    policy-foreign-passage), not a klarspråk one.
    """
    if not is_swedish(lang):
        return ()
    found = language.text_language(blocks)
    if found is not None and not language.same_language(found, "sv"):
        return ()
    swedish = [_MARKUP.sub(" ", block) for block in blocks if not language.is_foreign(block)]
    page = prepare(swedish)
    if not page.words:
        return ()
    off = DEFAULT_OFF if off is None else off
    return tuple(
        Finding(
            rule=rule.id,
            source=Source.KLARSYN,
            outcome=Outcome.VIOLATION,
            impact=hit.impact or rule.impact,
            snippet=hit.snippet,
            best_practice=True,
            message=hit.message,
        )
        for rule in RULES.values()
        if rule.id not in off and (page.words >= min_words or not rule.whole_page)
        for hit in rule.evaluate(page)
    )


def quote(text: str, needle: str = "") -> str:
    """``text``, or a window of it around ``needle``, at most SNIPPET_CHARS characters."""
    if len(text) <= SNIPPET_CHARS:
        return text
    at = max(text.lower().find(needle.lower()), 0) if needle else 0
    start = max(0, min(at - SNIPPET_CHARS // 3, len(text) - SNIPPET_CHARS + 2))
    if start:
        start = text.find(" ", start) + 1 or start  # begin at a word
    window = text[start : start + SNIPPET_CHARS - 2]
    if start + len(window) < len(text):
        window = window.rsplit(" ", 1)[0] + "…"
    return ("…" if start else "") + window


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
_TITLE_END = (
    r"(?:[^,.;:!?()\n]|[.:](?=\w))*?(?=\s*(?:[,;!?(]|[.:](?!\w)|$)|\s+(?:som|när|där|eftersom|men|"
    r"innan|vilket|vilka|(?:om|och|eller)\s+(?:du|ni|vi|man|jag|hen|han|hon))\b)"
)
#: The title of a Swedish statute or an EU act, as a text quotes it: "lagen (2018:1937) om
#: tillgänglighet till digital offentlig service", "Europaparlamentets och rådets förordning
#: (EU) 2016/679 av den 27 april 2016 om skydd för fysiska personer …", up to the next
#: punctuation (a title has none but its number).
_LEGAL_TITLE = re.compile(
    r"\b(?:[\wåäöÅÄÖ-]*(?:lag|lagen|förordning|förordningen|balk|balken|kungörelse)"
    r"\s+\((?:SFS\s+)?\d{4}:\d+\)\s+om\s" + _TITLE_END + r""
    r"|(?:Europaparlamentets\s+och\s+rådets\s+|[Rr]ådets\s+|[Kk]ommissionens\s+)?"
    r"(?:förordning|direktiv|beslut)(?:en|et)?\s+\((?:EU|EG|EEG|Euratom)\)\s+(?:nr\s+)?"
    r"\d+/\d+(?:/\w+)?" + _TITLE_END + r")",
)


def legal_titles(sentence: str) -> list[str]:
    """The titles of statutes and EU acts quoted in ``sentence`` (see _LEGAL_TITLE)."""
    return [m.group(0) for m in _LEGAL_TITLE.finditer(sentence)]


def _word_count(text: str) -> int:
    """Words as the sentence counts them: tokens with a letter (numbers are not words)."""
    return sum(1 for token in text.split() if any(c.isalpha() for c in token))


# --- 2. s-passive ------------------------------------------------------------------------
#
# Who the advice names as the doer (the heuristic, from the sentence alone):
# 1. "av X" after the passive names the doer: X becomes the subject ("nämnden beslutar").
# 2. Another body in the passive's clause (Försäkringskassan, förvaltningsrätten,
#    länsstyrelsen …), or a verb whose doer is a rule or a thing (omfattas, påverkas,
#    berörs): neither "vi" nor "du" can be assumed, so the advice leaves the doer open,
#    "'… beviljar' i stället för 'beviljas'".
# 3. The reader is the one it is done to ("du ombeds", "erbjuds du", "till dig"): the
#    doer is "vi". The municipality receives it ("till oss", "till kommunen"): the doer
#    is "du". The municipality is the one it is done to ("vi kallas"): open.
# 4. A past act (byggdes, har godkänts) is seldom the reader's and not surely ours: open.
# 5. A verb listed in klarsprak/data/passive_doers.tsv gets its usual doer: "du" for the
#    reader's acts (skicka in, betala, överklaga; "jag" in a question, which the reader
#    asks), "vi" for the municipality's (behandla, bevilja, betala ut). Any other verb:
#    open, because "vi" or "du" would be a guess.
# The quoted phrase keeps the sentence's word order: "kan du skicka ansökan",
# "erbjuder vi dig", "sätter vi ned avgiften".


#: The passive rule's tokens: words and numbers, with a hyphen kept at the end of the
#: first part of a shortened compound ("stats- och regeringschefer"), which is no verb.
#: Numbers count here: "budget för 2027 behandlas" has no preposition before its verb.
_TOKEN = re.compile(r"\w(?:[\w:-]*\w)?-?")


def passives(page: TextPage) -> tuple[Hit, ...]:
    """The first s-passive of each sentence (see klarsprak.passive), with advice that
    names the doer (see the heuristic above)."""
    hits = []
    for s in page.sentences:
        tokens = _TOKEN.findall(s.text)
        lowered = [t.lower() for t in tokens]
        found = passive.find_passive(tokens, lowered)
        if found is not None:
            hits.append(Hit(quote(s.text, found.phrase), passive_advice(found, s.text, lowered)))
    return tuple(hits)


def passive_advice(found: passive.Passive, sentence: str, lowered: Sequence[str]) -> str:
    """The Swedish advice for the s-passive ``found`` in ``sentence``."""
    agent = named_agent(sentence, found.phrase)
    if agent is not None:
        # "styrs av lagar och förordningar": the doer is named, so it becomes the
        # subject ("lagar och förordningar styr"), not "vi" or "du".
        written, subject, between = agent
        if between:
            # "antogs detaljplanen av kommunfullmäktige": the subject between becomes
            # the object, "kommunfullmäktige antog detaljplanen".
            return (
                f"Skriv i aktiv form med den som gör det först: "
                f"'{subject} {found.active} {between}' "
                f"i stället för '{found.phrase} {between} av {written}'."
            )
        if found.bare_infinitive:
            return (
                "Skriv om meningen i aktiv form med den som gör det först: "
                f"'{subject} {found.finite}' i stället för '{found.phrase} av {written}'."
            )
        return (
            f"Skriv i aktiv form med den som gör det först: '{subject} {found.active}' "
            f"i stället för '{found.phrase} av {written}'."
        )
    if found.bare_infinitive:
        # "rätt att behandlas" has no subject to replace: the sentence must be rewritten.
        return (
            f"Skriv om meningen i aktiv form och säg vem som {found.finite}, "
            f"i stället för '{found.phrase}'."
        )
    doers = _doers(found, lowered, question=sentence.rstrip().endswith("?"))
    if not doers:
        return (
            f"Skriv i aktiv form och säg vem som gör det: '{active_clause(found, '…')}' "
            f"i stället för '{found.phrase}'."
        )
    examples = " eller ".join(f"'{active_clause(found, doer)}'" for doer in doers)
    return (
        f"Skriv i aktiv form och säg vem som gör det: till exempel {examples} "
        f"i stället för '{found.phrase}'."
    )


def active_clause(found: passive.Passive, doer: str) -> str:
    """The active phrase with ``doer`` as its subject, in the sentence's word order:
    "vi skickar in"; inverted, "kan du skicka ansökan", "erbjuder vi dig"."""
    if not found.inverted:
        return f"{doer} {found.active}"
    first, *rest = found.verbs
    clause = " ".join((first, doer, *rest, *found.obj))
    return clause[:1].upper() + clause[1:] if found.phrase[:1].isupper() else clause


#: Bodies other than the municipality: when one is named in the passive's clause, the
#: doer may be it, so the advice names neither "vi" nor "du". (A body whose name starts
#: with "kommun", kommunstyrelsen, is the municipality's own.)
_OTHER_BODIES = ("verket", "kassan", "myndigheten", "förmedlingen", "rätten", "domstolen",
                 "styrelsen",
                 "inspektionen", "ombudsmannen", "länsstyrelsen", "regeringen", "riksdagen",
                 "staten", "polisen", "regionen")  # fmt: skip
#: Verbs whose doer is a rule or a thing, not a person: "omfattas av lagen".
_THING_DOERS = ("omfatt", "påverk", "berör", "regler", "drabb", "orsak", "täck")
_CLAUSE_BOUNDARIES = frozenset(
    {"och", "eller", "men", "som", "när", "om", "eftersom", "där", "då", "medan", "innan",
     "vilket", "vilka", "vilken", "hur", "vad", "vem", "varför", "att"}
)  # fmt: skip


def _doers(found: passive.Passive, lowered: Sequence[str], *, question: bool) -> tuple[str, ...]:
    """Who the advice may name as the doer, in order; () when it must leave the doer open."""
    left = max((k + 1 for k in range(found.start) if lowered[k] in _CLAUSE_BOUNDARIES), default=0)
    right = next(
        (k for k in range(found.end + 1, len(lowered)) if lowered[k] in _CLAUSE_BOUNDARIES),
        len(lowered),
    )
    clause = lowered[left:right]
    if any(
        w.endswith(_OTHER_BODIES) and not w.startswith("kommun") and clause[k - 1 : k] != ["till"]
        for k, w in enumerate(clause)
    ):
        return ()  # another body that may be the doer; "till förvaltningsrätten" is a place
    if found.verb.startswith(_THING_DOERS):
        return ()
    objects = {w.lower() for w in found.obj}  # "Du kallas", "erbjuds du" → "dig"
    done_to_reader = bool(objects & {"dig", "er"}) or "dig" in clause
    # "till oss", "till kommunen": the municipality receives it, so the reader sends it.
    sent_to_us = "oss" in clause or any(
        clause[k : k + 2] == ["till", "kommunen"] for k in range(len(clause))
    )
    reader = "jag" if question else "du"
    if "oss" in objects or (done_to_reader and sent_to_us):
        return ()  # "Vi kallas": someone else does it to us
    if done_to_reader:
        return ("vi",)
    if sent_to_us:
        return (reader,)
    if found.tense in ("past", "supine"):
        return ()
    doer = passive.usual_doers().get(found.lemma) or passive.usual_doers().get(
        found.lemma.split(" ")[0] if found.lemma.count(" ") else ""
    )
    return {"reader": (reader,), "municipality": ("vi",)}.get(doer or "", ())


#: An object pronoun after "av" → the subject form it takes in the active sentence.
_SUBJECT_FORMS = {"mig": "jag", "dig": "du", "honom": "han", "henne": "hon", "oss": "vi",
                  "er": "ni", "dem": "de"}  # fmt: skip
# "av" and the agent after the passive phrase, up to punctuation (not the period of an
# initial: "A. I. Rabin"), a number ("den 23 november"), or a word that starts a clause
# or an adverbial ("av nämnden efter att …",
# "av förskolans handläggare via kontaktcenter"). Words that may join two agents ("och")
# are let through: named_agent then cuts the agent before any verb that follows.
_AGENT = (
    r"{phrase}((?:\s+[\w:-]+){{0,3}}?)\s+av\s+((?:[A-ZÅÄÖ]\.|[\w:-]+)"
    r"(?:\s+(?:[A-ZÅÄÖ]\.|[\w:-]+)){{0,5}}?)"
    r"(?=\s*(?:[,;:!?)–]|\s-\s|$)|(?<!\s[A-ZÅÄÖ])\.|\s+(?:den\s+)?\d"
    r"|\s+(?:eller|men|som|att|när|om|eftersom|där|efter|innan|före|för|i|på|till|med|under|inom|senast|varje|genom|utan|enligt|via|vid|"
    r"hos|från|mot|per|bland|mellan|åt|ur|trots|inför|då|redan|också|även|inte|tillsammans|"
    r"gemensamt|själv|själva)\b)"
)


#: Common finite verbs that end a relative clause's agent: "som fastställts av nämnden
#: gäller", "som antogs av fullmäktige är".
_FINITE_VERBS = frozenset(
    {"är", "var", "blir", "blev", "gäller", "gällde", "innebär", "betyder", "står", "ligger",
     "går", "gör", "ger", "tar", "finns", "fanns", "visar", "kostar", "började", "börjar"}
)  # fmt: skip


def named_agent(sentence: str, phrase: str) -> tuple[str, str, str] | None:
    """The doer an s-passive names with "av" after it: (as written, as the subject of the
    active sentence: "oss" → "vi", the passive's subject between them: "antogs
    detaljplanen av kommunfullmäktige" → "detaljplanen"), or None."""
    match = re.search(_AGENT.format(phrase=re.escape(phrase)), sentence)
    if match is None:
        return None
    between = match.group(1).split()
    if any(not _noun_phrase_word(w.lower()) for w in between):
        return None  # "fattas därför av", "skickas in av": not a subject between
    if any(morphology.is_nominalisation(w.lower()) for w in between):
        # "görs en individuell bedömning av den sökandes behov": the "av" belongs to the
        # verb-noun (what is judged), not to the passive (who judges).
        return None
    words = match.group(2).split()
    # "tas fram av förvaltningen och antas av fullmäktige", "av sekretess obligatoriskt ska
    # registreras": the agent ends before the next verb and the adverb before it.
    cut = next(
        (k for k, w in enumerate(words) if k and (w.lower() in passive.VERB_PHRASE
                                                  or w.lower() in _FINITE_VERBS
                                                  or passive.is_s_passive(w.lower()))),
        len(words),
    )  # fmt: skip
    words = words[:cut]
    if "av" in (w.lower() for w in words[1:]):
        # "sköts av Trafikverket och enskilda vägar av vägföreningarna": a second "av"
        # starts another clause whose verb is left out; the agent ends before its "och".
        second = [w.lower() for w in words].index("av", 1)
        joints = [k for k in range(second) if words[k].lower() in ("och", "eller")]
        words = words[: joints[-1]] if joints else []
    while words and (words[-1].lower() in ("och", "eller", "samt")
                     or words[-1].lower().endswith(("ligt", "iskt"))):  # fmt: skip
        words.pop()
    if not words:
        return None
    agent = " ".join(words)
    return agent, _SUBJECT_FORMS.get(agent.lower(), agent), " ".join(between)


def _noun_phrase_word(word: str) -> bool:
    """Whether ``word`` may stand between a passive and "av": a word of its subject or an
    adverb ("fattas därför av nämnden"), not a number, preposition, modal or clause word."""
    return not (
        word[:1].isdigit()
        or word in passive.PREPOSITIONS
        or (word in passive.VERB_PHRASE and word not in passive.ADVERBS)
        or word in _CLAUSE_BOUNDARIES
        or word in passive.PARTICLES
    )


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
    after_titles = [text[m.end() : m.end() + 20] for m in _LEGAL_TITLE.finditer(text)]
    hits = []
    seen: set[str] = set()
    for s, lowered in zip(page.sentences, page.lowered, strict=True):
        for token, entry in lex.find_abbreviations(_words_outside_titles(s, lowered)):
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
        for run in lex.capital_runs(_words_outside_titles(s, lowered)):
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


EVALUATORS: dict[str, Evaluate] = {
    "klarsprak-long-sentence": long_sentences,
    "klarsprak-passive": passives,
    "klarsprak-nominalisation": nominalisations,
    "klarsprak-stiff-word": stiff_words,
    "klarsprak-rare-word": rare_words,
    "klarsprak-abbreviation": abbreviations,
    "klarsprak-capitals": capitals,
    "klarsprak-no-reader-address": reader_address,
}
"""Each rule's check, by rule id; the rules' metadata is in klarsprak/data/rules.json."""


def load_rules() -> dict[str, PlainRule]:
    """The rules of ``klarsprak/data/rules.json``, each with its evaluate() from EVALUATORS."""
    rules = json.loads(resources.files(data).joinpath("rules.json").read_text(encoding="utf-8"))
    return {
        rule["id"]: PlainRule(
            id=rule["id"],
            impact=rule["impact"],
            tags=tuple(rule["tags"]),
            help=rule["help"],
            explanation=rule["explanation"],
            suggestion=rule["suggestion"],
            evaluate=EVALUATORS[rule["id"]],
            whole_page=rule.get("wholePage", False),
            on_by_default=rule.get("onByDefault", True),
        )
        for rule in rules
    }


RULES: dict[str, PlainRule] = load_rules()
"""Every klarspråk rule, by id, in the order check_text runs them (read once, at import)."""
DEFAULT_OFF: frozenset[str] = frozenset(r.id for r in RULES.values() if not r.on_by_default)
"""The rules check_text leaves out unless asked: ``klarsprak-rare-word`` (see its docstring)."""
