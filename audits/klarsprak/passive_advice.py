"""The klarspråk passive rule: each sentence's first s-passive, with advice that names
the doer (the detection is audits/klarsprak/passive.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from audits.klarsprak import morphology, passive
from audits.klarsprak.page import Hit, TextPage, quote

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
        if found is not None and not _dated_record(found, lowered):
            hits.append(Hit(quote(s.text, found.phrase), passive_advice(found, s.text, lowered)))
    return tuple(hits)


#: Verbs of a document's own history: its date stamp ("publicerades den 4 mars").
_RECORD_VERBS = frozenset(
    {"publicera", "uppdatera", "revidera", "ändra", "granska", "göra", "skapa", "skriva",
     "kontrollera", "senast ändra"}
)  # fmt: skip


def _dated_record(found: passive.Passive, lowered: Sequence[str]) -> bool:
    """A document's own history with its date: "Webbplatsen publicerades den 4 mars 2024",
    "Redogörelsen uppdaterades senast den 2 april", "Bedömningen gjordes den 16 november".
    Who did it hardly matters to the reader (the review judged every such flag debatable),
    so it is left alone; "Beslutet fattades den 3 mars" is not such a record."""
    if found.tense not in ("past", "supine") or found.lemma not in _RECORD_VERBS:
        return False
    after = lowered[found.end + 1 : found.end + 5]
    return any(
        word == "den" and k + 1 < len(after) and after[k + 1][:1].isdigit()
        for k, word in enumerate(after)
    )


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
                 "staten", "polisen", "regionen",
                 # a court's review: "kan prövas genom laglighetsprövning"
                 "prövning")  # fmt: skip
#: The municipality's own staff and bodies, named in a sentence: the reader's usual act
#: ("boka", "skicka in") may then be theirs, unless it goes to them ("anmälas till
#: förvaltningen": the reader reports it).
_STAFF = ("handläggaren", "handläggare", "handläggarna", "personalen", "förvaltningen",
          "nämnden")  # fmt: skip
#: Verbs whose doer is a rule or a thing, not a person: "omfattas av lagen".
_THING_DOERS = ("omfatt", "påverk", "berör", "regler", "drabb", "orsak", "täck")
_CLAUSE_BOUNDARIES = frozenset(
    {"och", "eller", "men", "som", "när", "om", "eftersom", "där", "då", "medan", "innan",
     "vilket", "vilka", "vilken", "hur", "vad", "vem", "varför", "att"}
)  # fmt: skip


def _doers(found: passive.Passive, lowered: Sequence[str], *, question: bool) -> tuple[str, ...]:
    """Who the advice may name as the doer, in order; () when it must leave the doer open."""
    if found.tense == "infinitive" and not passive.MODALS.intersection(found.verbs):
        return ()  # its modal stands far before ("ska, med undantag för …, anmälas"): "du anmäla"
    left = max((k + 1 for k in range(found.start) if lowered[k] in _CLAUSE_BOUNDARIES), default=0)
    right = next(
        (k for k in range(found.end + 1, len(lowered)) if lowered[k] in _CLAUSE_BOUNDARIES),
        len(lowered),
    )
    clause = lowered[left:right]
    bodies = [k for k, w in enumerate(clause)
              if w.endswith(_OTHER_BODIES) and not w.startswith("kommun")]  # fmt: skip
    if any(clause[k - 1 : k] != ["till"] for k in bodies):
        return ()  # another body that may be the doer
    # "till förvaltningsrätten": another body receives it, so the municipality does not
    # do it ("Överklagandet skickas till förvaltningsrätten"); the reader may.
    to_body = bool(bodies)
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
    if doer == "municipality" and to_body:
        return ()
    if doer == "reader" and any(
        w.endswith(_STAFF) and lowered[k - 1 : k] != ["till"] for k, w in enumerate(lowered)
    ):
        # "… behöver handläggaren veta vilket språk du talar så att rätt tolk kan bokas":
        # the sentence names the municipality's staff, who may be the ones who do it.
        return ()
    return {"reader": (reader,), "municipality": ("vi",)}.get(doer or "", ())


#: Nouns whose "av" says what they are of, not who acts: "behov av stöd".
_NOUNS_WITH_AV = frozenset(
    {"behov", "behovet", "brist", "bristen", "del", "delen", "delar", "tillgång",
     "tillgången", "mängd", "mängden", "antal", "antalet", "användning", "användningen",
     "kopia", "kopian", "kopior", "hjälp"}
)  # fmt: skip
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
    if between and between[-1].lower() in _NOUNS_WITH_AV:
        return None  # "utreds ditt behov av stöd": "av stöd" says what is needed
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
