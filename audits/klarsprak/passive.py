"""s-passives: which -s words are passive verbs, and their verb phrase in active form.

A Swedish word ending in -s is a passive verb ("skickas"), a deponent verb
("finns"), a genitive ("kommunens", "EU:s"), the first part of a compound
("stats- och regeringschefer") or just a word ("kurs", "annars"). Without a
tagger we decide from the word's form, its place in the sentence and the
lists in ``data/s_forms.tsv``.

**Verb position.** A verb never follows a preposition ("på fritids"), a
determiner that needs a noun ("en kurs", "vårt mötes") or a genitive
("EU:s stats", "kommunens"); a word written with a hyphen after it is a
compound part. Capitalised words are names: a Swedish sentence puts its verb
second, so it rarely starts with a passive.

**Left alone** (``s_forms.tsv`` kinds, each with its reason; a language
reviewer would not sign a flag on them):

* ``deponent`` — s-verbs with no active counterpart in that sense (finnas,
  hoppas, lyckas, trivas, minnas): there is no active sentence to write.
* ``reciprocal`` — the -s means "each other" or "together" (träffas, ses, mötas,
  återförenas, samlas, "följas åt"): "Vi ses!", "kan återförenas med sin familj".
  Nobody does it to them.
* ``definitional`` — naming and defining ("Det kallas karensdag", benämns,
  betecknas, definieras, "Med inkomst avses", "räknas som"): the sentence says
  what a word means, and "vi kallar det" adds nothing.
* ``stative`` — a state with no doer to name ("uppgifter saknas", "det behövs").
* ``anticausative`` — a change that happens by itself ("när lavan blandas med
  vatten", "priserna ändras", "smittan sprids"). After a modal of obligation or
  permission (ska, måste, får, bör, behöver) someone must act ("matavfallet får
  inte blandas med annat avfall"), so it is reported there; after "kan" or
  "kommer att" it still says what may happen, and is not.
* ``not_verb`` — nouns, adverbs and pronouns in -s that would pass the form test.

A two-word entry ("ses över", "samlas in", "kallas till", "räknas som") is the
word followed by that word, and overrides the word's own kind: "samlas" is
reciprocal, "samlas in" a passive.

**Passive forms** — whether a word is an s-passive, in which tense, and its
active forms — are in :mod:`audits.klarsprak.verb_forms`. After a modal ("ska
skickas", "kan ansökan skickas") or "att" ("att behandlas") an unlisted -as form
is an infinitive passive.

One verb is listed by its sense in code: "fattas" counts only with "beslut" in the
sentence ("beslutet fattades"); without it, it is the deponent "saknas" ("det som
fattas").

**The verb phrase** (:class:`Passive`) takes in the modals, auxiliaries and
adverbs before the verb ("ska inte skickas"), a particle after it ("lämnas in",
"stängs av på", "fylls i", "sätts avgiften ned"), the subject when it stands
inside the phrase ("Kan ansökan skickas", "kommer fler att omfattas", "erbjuds
du") and a subject pronoun right before it ("Du kallas"). Its active form keeps
the tense: skickas → skickar, skickades → skickade, har skickats → har skickat, a
supine with no "har" ("som fastställts") → har fastställt, ska skickas → ska
skicka. The subject inside the phrase becomes the object of the active phrase:
"kan du skicka ansökan", "kommer att omfatta fler", "kallar dig".

:func:`usual_doers` reads ``data/passive_doers.tsv``: who usually does what a
verb names on a municipality's pages, for the advice in ``audits.plain_language``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from audits.klarsprak import data
from audits.klarsprak.lexicon import prefixes, s_forms, zipf
from audits.klarsprak.verb_forms import (
    TENSE_OF_KIND,
    VERB_ZIPF,
    active_form,
    infinitive_of,
    is_s_passive,
    passive_tense,
    present_of,
)

GENITIVE_BASE_ZIPF = 2.0
"""A word in -ens/-ets/-ans/-nas is a genitive when its definite form is this common."""

MODALS = frozenset(
    {"ska", "skall", "skulle", "kan", "kunde", "kunna", "måste", "bör", "borde", "får",
     "fick", "behöver", "behövde", "behöva", "vill", "ville", "brukar", "kommer",
     "torde", "måtte", "att"}
)  # fmt: skip
# Modals of obligation and permission: after them someone must act, so an anticausative
# ("får inte blandas", "ska ändras") is a passive.
DEONTIC = frozenset(
    {"ska", "skall", "skulle", "måste", "bör", "borde", "får", "fick", "behöver", "behövde",
     "behöva"}
)  # fmt: skip
# Adverbs that may stand between a modal and its verb and still be quoted with them.
ADVERBS = frozenset(
    {"inte", "också", "även", "alltid", "normalt", "därför", "dock", "endast", "bara",
     "först", "sedan", "ofta", "ibland", "aldrig", "nu", "redan", "gärna", "helst",
     "snarast", "direkt", "automatiskt", "digitalt", "då", "nämligen", "dessutom", "alltså",
     "ju", "väl", "nog", "kanske", "troligen", "förmodligen", "fortfarande", "ännu",
     "heller", "enbart", "sällan", "snart", "senare", "tidigare", "genast", "här",
     "numera", "idag", "ändå", "ej", "icke"}
)  # fmt: skip
# Particles quoted with a passive verb ("lämnas in"); "av", "i" and "på" are particles only
# when they govern nothing (_BARE_PARTICLES: "stängs av på Storgatan").
PARTICLES = frozenset(
    {"in", "ut", "upp", "över", "emot", "bort", "fram", "tillbaka", "ner", "ned", "igen"}
)  # fmt: skip
# A verb never follows these directly: prepositions and determiners that need a noun.
PREPOSITIONS = frozenset(
    {"i", "på", "av", "för", "till", "med", "från", "under", "efter", "vid", "hos", "mot",
     "genom", "utan", "inom", "enligt", "mellan", "bland", "kring", "runt", "ur", "åt",
     "trots", "via", "per", "inför", "bakom", "framför", "utanför", "ovanför", "angående",
     "beträffande", "jämte", "om", "utom"}
)  # fmt: skip
_DETERMINERS = frozenset(
    {"en", "ett", "varje", "varenda", "min", "mitt", "mina", "din", "ditt", "dina", "sin",
     "sitt", "sina", "vår", "vårt", "våra", "ert", "era", "hans", "hennes", "dess", "deras",
     "samma", "nästa"}
)  # fmt: skip
# Words that start a clause (conjunctions, subjunctions, relative and question words).
_CLAUSE_WORDS = frozenset(
    {"och", "eller", "men", "som", "att", "när", "om", "eftersom", "där", "då", "medan",
     "innan", "så", "vilket", "vilka", "vilken", "hur", "vad", "vem", "varför", "vart"}
)  # fmt: skip
_PERFECT = frozenset({"har", "hade", "ha", "haft"})
# Words that, directly before a passive, belong to its verb phrase: "ska skickas",
# "har skickats", "ska inte ha skickats".
VERB_PHRASE = MODALS | _PERFECT | ADVERBS
# Pronouns that may stand as the subject right after a finite passive ("erbjuds du"),
# with their object form for the active phrase. "det" and "den" are left out: "krävs det"
# is mostly the expletive "det".
OBJECT_FORMS = {"jag": "mig", "du": "dig", "vi": "oss", "ni": "er", "han": "honom",
                "hon": "henne", "de": "dem"}  # fmt: skip
# Infinitive → present of the verbs that may follow "att" in a verb phrase.
_PRESENT = {"kunna": "kan", "behöva": "behöver", "vilja": "vill", "få": "får", "ha": "har",
            "böra": "bör"}  # fmt: skip
# "fatta" is a passive in public text only with "beslut" ("beslutet fattades"); without
# it, "fattas" is the deponent "saknas" ("det som fattas", "det fattas pengar").
_FATTAS = frozenset({"fattas", "fattades", "fattats"})
_LEFT_ALONE = frozenset(
    {"deponent", "reciprocal", "definitional", "stative", "anticausative", "not_verb"}
)  # fmt: skip


@dataclass(frozen=True)
class Passive:
    """An s-passive verb phrase and the same phrase in active form.

    ``phrase`` is as written ("Kan ansökan skickas", "ska skickas in"). ``verbs``
    is the active verb group without a subject ("kan", "skicka"; "ska", "skicka",
    "in"); ``subject`` the passive's subject when it stands inside the phrase
    ("ansökan"), which becomes the object of the active phrase (``obj``).
    ``tense`` is the passive verb's: "present", "past", "supine" or "infinitive".
    ``bare_infinitive``: the phrase starts with "att" and has no finite verb of
    its own ("rätt att behandlas", "för att kunna beviljas"). ``start`` and
    ``end`` are the indices of the phrase's first and last word in the sentence.
    """

    phrase: str
    verbs: tuple[str, ...]
    subject: tuple[str, ...]
    tense: str
    bare_infinitive: bool = False
    start: int = 0
    end: int = 0
    lemma: str = ""
    """The verb's infinitive with its particle ("skicka in", "betala ut"); "" for an
    irregular past or supine."""
    patient: str = ""
    """A subject pronoun right before the passive, taken into the phrase: "Du kallas"."""

    @property
    def verb(self) -> str:
        """The active form of the passive verb itself: "skicka" in "ska skicka in"."""
        return next(w for w in reversed(self.verbs) if w not in PARTICLES and w != "av")

    @property
    def active(self) -> str:
        """The verb group in active form, object included: "kan skicka ansökan"."""
        return " ".join((*self.verbs, *self.obj))

    @property
    def obj(self) -> tuple[str, ...]:
        """The passive's subject as the active phrase's object: du → dig, fler → fler (a
        pronoun alone: "de" in "de nya reglerna" is an article)."""
        if self.patient:
            return (OBJECT_FORMS[self.patient.lower()],)  # "Du kallas" → "kallar dig"
        if len(self.subject) == 1:
            return (OBJECT_FORMS.get(self.subject[0].lower(), self.subject[0]),)
        return self.subject

    @property
    def inverted(self) -> bool:
        """The finite verb comes before the subject: "Kan ansökan skickas", "erbjuds du"."""
        return bool(self.subject)

    @property
    def finite(self) -> str:
        """The verb group as a finite clause's, for "säg vem som …": att kunna bevilja → kan
        bevilja, att behandla → behandlar."""
        if not self.bare_infinitive:
            return " ".join(self.verbs)
        first, *rest = self.verbs[1:]
        return " ".join((_PRESENT.get(first) or present_of(first), *rest))


@cache
def usual_doers() -> dict[str, str]:
    """Verb (infinitive, with its particle) → who usually does it: "reader" or
    "municipality" (``data/passive_doers.tsv``)."""
    text = resources.files(data).joinpath("passive_doers.tsv").read_text(encoding="utf-8")
    doers = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            doer, verbs, *_ = line.split("\t")
            doers.update(dict.fromkeys((v.strip() for v in verbs.split(",")), doer))
    return doers


# --- the sentence --------------------------------------------------------------------


def _is_genitive(word: str) -> bool:
    """EU:s, kommunens, barnets, skolans: a genitive, so a noun follows it, not a verb."""
    if ":" in word and word.endswith("s"):
        return True
    base = word[:-1]
    return (
        word.endswith("s")
        and len(word) > 4
        and base.endswith(("en", "et", "an", "na"))
        and zipf(base) >= GENITIVE_BASE_ZIPF
        and not is_s_passive(word)
    )


def in_verb_position(lowered: Sequence[str], i: int) -> bool:
    """Whether ``lowered[i]`` may be a verb: not after a preposition, a determiner that
    needs a noun, or a genitive ("på fritids", "ett mötes", "EU:s stats")."""
    if i == 0:
        return True
    before = lowered[i - 1]
    return before not in PREPOSITIONS and before not in _DETERMINERS and not _is_genitive(before)


def word_kind(lowered: Sequence[str], i: int) -> str | None:
    """The ``s_forms.tsv`` kind of ``lowered[i]``, a two-word entry ("samlas in", "räknas
    som", also with an adverb between: "räknas inte som") first."""
    forms = s_forms()
    following = [w for w in lowered[i + 1 : i + 3] if w not in ADVERBS][:1]
    if following:
        kind = forms.get(f"{lowered[i]} {following[0]}")
        if kind is not None:
            return kind
    return forms.get(lowered[i])


def find_passive(words: Sequence[str], lowered: Sequence[str]) -> Passive | None:
    """The first s-passive of a sentence, as a :class:`Passive` (see module docstring)."""
    for i in range(len(lowered)):
        found = passive_at(words, lowered, i)
        if found is not None:
            return found
    return None


def _verb_group_start(lowered: Sequence[str], i: int) -> int:
    """The first word of the modals, auxiliaries and adverbs right before ``lowered[i]``."""
    begin = i
    while begin > 0 and i - begin < 4 and lowered[begin - 1] in VERB_PHRASE:
        begin -= 1
    while begin < i and lowered[begin] in ADVERBS:
        begin += 1
    return begin


def _finite_before_subject(
    lowered: Sequence[str], begin: int, i: int
) -> tuple[int, int, bool] | None:
    """(where, where the gap ends, whether the gap is the subject) for a modal or "har" a few
    words
    before the passive: "Kan ansökan skickas", "kommer fler att omfattas", "Har blanketten
    skickats" (a subject of one to three words), "måste i fortsättningen läggas" (an
    adverbial that starts with a preposition). No clause word or other verb-phrase word
    may stand between: "kan … och utvecklas", "får veta hur ansökan behandlas" are not one
    verb phrase."""
    stop = begin if begin < i else i
    while stop > 0 and lowered[stop - 1] in ADVERBS:
        stop -= 1  # "kan ansökan inte skickas": the adverb belongs to the verb group
    # "kommer" needs its "att": "kommer fler att omfattas", and no other modal takes one.
    takes_att = begin < i and lowered[begin] == "att"
    for j in range(stop - 1, max(stop - 5, -1), -1):
        word = lowered[j]
        if (word in MODALS or word in _PERFECT) and j < stop - 1:
            if word == "att" or (word in ("kommer", "kom")) != takes_att:
                return None
            gap = lowered[j + 1 : stop]
            return j, stop, gap[0] not in PREPOSITIONS and not all(map(_adverbial, gap))
        if (word in VERB_PHRASE and word not in ADVERBS) or word in _CLAUSE_WORDS:
            return None
        if word in PREPOSITIONS and j != stop - 1 and lowered[j - 1] not in MODALS:
            return None  # a preposition only as the first word of an adverbial
    return None


# s-passives whose infinitive has no -as: "kan ges", "ska ses över", "kan anses".
_SHORT_INFINITIVES = ("ges", "ses", "nås", "fås", "slås", "tros")


def _fits_auxiliary(word: str, auxiliary: str) -> bool:
    """Whether the passive ``word`` can follow ``auxiliary`` across a subject: a supine
    after "har" ("Har blanketten skickats"), an infinitive after a modal ("Kan ansökan
    skickas", "kan det anses") — not a present ("får plats erbjuds")."""
    if auxiliary in _PERFECT:
        return word.endswith("ts")
    return word.endswith("as") or any(
        word == short or (word.endswith(short) and word[: -len(short)] in prefixes())
        for short in _SHORT_INFINITIVES
    )


def _adverbial(word: str) -> bool:
    """An adverb, or an adjective used as one ("kraftigt", "tydligt", "möjligen")."""
    return word in ADVERBS or word.endswith(("igt", "ligt", "iskt", "ligen", "vis"))


def _particle_after(
    lowered: Sequence[str], i: int, *, with_subject: bool
) -> tuple[int, int] | None:
    """(first, last) index of what follows the passive up to its particle: "lämnas in",
    "stängs av på"; ``with_subject``: also a subject of at most three words before the
    particle, "sätts avgiften ned", but not "erbjuds barn upp till 12 år"."""
    for end in range(i + 1, min(i + (5 if with_subject else 2), len(lowered))):
        word = lowered[end]
        # "ses till" (se till = look after) takes "till" as its particle.
        see_to = word == "till" and end == i + 1 and lowered[i] in ("ses", "sågs", "setts")
        if word in PARTICLES or see_to or (word in _BARE_PARTICLES and _bare(lowered, end)):
            following = lowered[end + 1] if end + 1 < len(lowered) else ""
            if end > i + 1 and following == "till":
                return None  # "upp till", "fram till": a preposition, not a particle
            return i + 1, end
        if word in PREPOSITIONS or word in VERB_PHRASE or word in _CLAUSE_WORDS:
            return None
        if is_s_passive(word):
            return None
    return None


# Prepositions that are particles when nothing they could govern follows them: "stängs
# av (på Storgatan)", "fylls i (digitalt)", "sätts på".
_BARE_PARTICLES = frozenset({"av", "i", "på"})


def _bare(lowered: Sequence[str], at: int) -> bool:
    """Whether ``lowered[at]`` governs nothing: "stängs av", "stängs av på Storgatan",
    "fylls i digitalt" (not "stängs av kommunen", "lämnas i receptionen")."""
    after = lowered[at + 1] if at + 1 < len(lowered) else ""
    return not after or after in PREPOSITIONS or after in ADVERBS or after in _CLAUSE_WORDS


def passive_at(words: Sequence[str], lowered: Sequence[str], i: int) -> Passive | None:
    """The s-passive phrase around ``words[i]`` (see find_passive), or None if it is none."""
    word = lowered[i]
    if not word.endswith("s") or words[i][:1].isupper() or not in_verb_position(lowered, i):
        # A name ("Lukas", "Jonas"), also first in a sentence: Swedish puts the
        # verb second, so a sentence rarely starts with its passive verb.
        return None
    begin = _verb_group_start(lowered, i)
    subject: tuple[str, ...] = ()
    verb_words = [w for w in lowered[begin:i] if w in VERB_PHRASE]
    before = _finite_before_subject(lowered, begin, i)
    if before is not None and not _fits_auxiliary(word, lowered[before[0]]):
        before = None  # "Om du får plats erbjuds du": "får" governs no infinitive here
    if before is not None:
        j, stop, is_subject = before
        gap = words[j + 1 : stop]
        after_gap = [w for w in lowered[stop:i] if w in VERB_PHRASE]  # "inte", "att"
        if [w.lower() for w in gap] == ["det"]:
            # "kan det krävas (ett intyg)" is mostly the expletive "det": left out.
            verb_words = [lowered[j], *after_gap]
        elif is_subject:  # "Kan ansökan skickas", "kommer fler att omfattas"
            subject = tuple(gap)
            verb_words = [lowered[j], *after_gap]
        else:  # "måste i fortsättningen läggas", "bör nämligen kraftigt understrykas"
            verb_words = [lowered[j], *(w.lower() for w in gap), *after_gap]
        begin = j
    chain = [w for w in verb_words if w in VERB_PHRASE and w not in ADVERBS]
    governing = chain[-1] if chain else ""
    tense = _tense_in_context(lowered, i, governing, chain)
    if tense is None:
        return None
    end = i
    finite = tense in ("present", "past") and not subject
    after = _particle_after(lowered, i, with_subject=finite)
    particle: tuple[str, ...] = ()
    if after is not None:
        subject = subject or tuple(words[after[0] : after[1]])
        end = after[1]
        particle = (lowered[end],)
    elif finite and i + 1 < len(lowered) and lowered[i + 1] in OBJECT_FORMS:
        subject, end = (words[i + 1],), i + 1  # "erbjuds du en lägenhet"
    patient = ""
    if not subject and begin > 0 and lowered[begin - 1] in OBJECT_FORMS:
        begin -= 1  # "Du kallas till ett möte" → "vi kallar dig"
        patient = words[begin]
    if governing in MODALS or (
        tense == "present"
        and (_infinitive_only(word) or (not chain and _modal_far_before(lowered, i)))
    ):
        tense = "infinitive"
    if tense == "supine" and not _PERFECT.intersection(chain):
        verb_words.append("har")  # "som fastställts" → "som vi har fastställt"
    return Passive(
        phrase=" ".join(words[begin : end + 1]),
        verbs=(*verb_words, active_form(word, tense), *particle),
        subject=subject,
        tense=tense,
        bare_infinitive=bool(chain) and chain[0] == "att",
        start=begin,
        end=end,
        lemma=" ".join(filter(None, (infinitive_of(word, tense), *particle))),
        patient=patient,
    )


def _infinitive_only(word: str) -> bool:
    """Whether the -as form ``word`` is only an infinitive: "göras" (present "görs"),
    "byggas" (present "byggs"), unlike "skickas", which is both. An infinitive whose
    modal the sentence left out ("kan återkrav bli aktuellt och anmälan göras") keeps it."""
    if not word.endswith("as") or len(word) < 5:
        return False
    stem = word[:-2]
    if zipf(stem + "ar") >= VERB_ZIPF:
        return False  # first conjugation: "sorteras" is present too ("sorterar")
    return s_forms().get(stem + "s") == "passive" or zipf(stem + "s") >= VERB_ZIPF


def _modal_far_before(lowered: Sequence[str], i: int) -> bool:
    """Whether a modal governs the -as/-es passive at ``i`` across a long subject, in the
    same clause: "ska ansökan avseende varje adress inges separat" (inge, not inger)."""
    if not lowered[i].endswith(("as", "es")):
        return False  # "byggs" is no infinitive: a modal before it governs another verb
    for j in range(i - 1, max(i - 8, -1), -1):
        word = lowered[j]
        if word in _CLAUSE_WORDS or word in _PERFECT or is_s_passive(word):
            return False
        if word in MODALS:
            return word != "att"
    return False


def _tense_in_context(
    lowered: Sequence[str], i: int, governing: str, chain: Sequence[str]
) -> str | None:
    """The passive's tense, or None when the word is no passive here (see module
    docstring: the left-alone kinds, anticausatives after a modal of obligation)."""
    word = lowered[i]
    kind = word_kind(lowered, i)
    if word in _FATTAS and not any(w.startswith("beslut") for w in lowered):
        return None  # "det som fattas" = saknas; the passive is "beslut fattas"
    if kind == "anticausative":
        return "present" if DEONTIC.intersection(chain) else None
    if kind in _LEFT_ALONE:
        return None
    if kind in TENSE_OF_KIND:
        return TENSE_OF_KIND[kind]
    if governing in MODALS and word.endswith("as") and len(word) > 4:
        return "infinitive"  # after a modal an unlisted -as form is an infinitive passive
    tense = passive_tense(word)
    if governing in _PERFECT and tense == "present" and word.endswith("ts"):
        return "supine"  # "har satts": after har, -ts is the supine
    return tense
