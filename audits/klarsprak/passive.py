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

**Passive forms.** Irregular ones are listed (``passive``, ``passive_past``,
``passive_supine``: ges, gavs, getts), also after a verb prefix (an+ses,
upp+gavs, be+skrivs), and so is a prefix before a regular passive
(åter+lämnas, in+lämnats). Otherwise the active forms of the same verb must be
common words (Zipf ≥ ``VERB_ZIPF``): skickas/skickades/skickats need "skickar" and
"skickade"; byggs/byggas/byggdes/byggts need "bygger", "bygga" and "byggde"
(with m and n doubled where Swedish doubles them: bestäms → bestämmer,
godkänts → godkänna). A genitive fails this test: "kommuner" exists, but
"kommuna" and "kommunde" do not. A verb in -era is a verb even when rare
(kanaliseras: "kanaliserar" exists, "kameras" has no "kamerar"). After a modal
("ska skickas", "kan ansökan skickas") or "att" ("att behandlas") an unlisted
-as form is an infinitive passive.

**The verb phrase** (:class:`Passive`) takes in the modals, auxiliaries and
adverbs before the verb ("ska inte skickas"), a particle after it ("lämnas in",
"stängs av på", "fylls i", "sätts avgiften ned"), and the subject when it stands inside the
phrase: "Kan ansökan skickas", "kommer fler att omfattas", "erbjuds du", and a subject
pronoun right before it ("Du kallas"). Its
active form keeps the tense: skickas → skickar, skickades → skickade, har
skickats → har skickat, a supine with no "har" ("som fastställts") → har
fastställt, ska skickas → ska skicka. The subject inside the phrase becomes the
object of the active phrase: "kan du skicka ansökan", "kommer att omfatta fler",
"kallar dig".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from audits.klarsprak import data
from audits.klarsprak.lexicon import prefixes, s_forms, zipf

VERB_ZIPF = 2.0
"""An active verb form at least this common confirms a passive reading."""
RARE_VERB_ZIPF = 1.0
"""A verb in -era is a verb when its infinitive is at least this common."""

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
     "heller", "enbart", "sällan", "snart", "senare", "tidigare", "genast", "här", "där",
     "numera", "idag", "ändå"}
)  # fmt: skip
# Particles quoted with a passive verb ("lämnas in"); "av" is one only when no agent
# follows it ("stängs av på Storgatan"), and "på", "om", "till" usually start an object.
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
_VOWELS = frozenset("aeiouyåäö")
# "fatta" is a passive in public text only with "beslut" ("beslutet fattades"); without
# it, "fattas" is the deponent "saknas" ("det som fattas", "det fattas pengar").
_FATTAS = frozenset({"fattas", "fattades", "fattats"})
_TENSE_OF_KIND = {"passive": "present", "passive_past": "past", "passive_supine": "supine"}
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
        return " ".join((_PRESENT.get(first) or _present(first), *rest))


# --- the word ------------------------------------------------------------------------


def _double(stem: str) -> str:
    """The stem with its final m or n doubled where Swedish doubles it: bestäm → bestämm."""
    if len(stem) > 2 and stem[-1] in "mn" and stem[-2] in _VOWELS:
        return stem + stem[-1]
    return stem


def _single(stem: str) -> str:
    """godkänn → godkän (for the past: godkände), bygg → bygg."""
    return stem[:-1] if len(stem) > 3 and stem[-1] in "mn" and stem[-1] == stem[-2] else stem


def _second_conjugation(stem: str) -> bool:
    """bygg → bygger, bygga, byggde; bestäm → bestämmer, bestämma, bestämde; genomför →
    genomför, genomföra, genomförde."""
    single = _single(stem)
    double = _double(single)
    present = single if single.endswith("r") else double + "er"
    past = max(zipf(single + "de"), zipf(single + "te"))
    return min(zipf(present), zipf(double + "a"), past) >= VERB_ZIPF


def _t_stem_present(word: str) -> bool:
    """sätts, sköts, möts: the present of a verb whose stem ends in t (sätter, sätta)."""
    stem = word[:-1]
    return min(zipf(stem + "er"), zipf(stem + "a")) >= VERB_ZIPF


def _rare_era_verb(word: str) -> bool:
    """kanaliseras, sublimerades: a verb in -era, however rare; "kameras" has no "kamerar"."""
    for ending in ("eras", "erades", "erats"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)] + "er"
            return (
                zipf(stem + "a") >= RARE_VERB_ZIPF
                and max(zipf(stem + "ar"), zipf(stem + "ade")) > 0
            )
    return False


def _regular_tense(word: str) -> str | None:
    """The tense of a regular s-passive (see module docstring), None for any other word."""
    if len(word) < 5:  # short words are nouns far more often ("bas", "glas", "kurs")
        return None
    if word.endswith("ades"):  # skickades
        return "past" if zipf(word[:-1]) >= VERB_ZIPF else None
    if word.endswith("ats"):  # skickats
        stem = word[:-3]
        if len(stem) >= 3 and min(zipf(stem + "ar"), zipf(stem + "a")) >= VERB_ZIPF:
            return "supine"
    if word.endswith(("des", "tes")):  # byggdes, köptes; användes, sändes (d/t stems)
        past = word[:-1]
        stems = (past[:-2], past[:-1])  # bygg|de → bygga; använd|e → använda
        if zipf(past) >= VERB_ZIPF and max(zipf(_double(s) + "a") for s in stems) >= VERB_ZIPF:
            return "past"
    if word.endswith("ts"):  # byggts, godkänts; but sätts, sköts are present tense
        if _t_stem_present(word):
            return "present"
        return "supine" if _second_conjugation(word[:-2]) else None
    if word.endswith("ses"):  # läses, upplöses
        return "present" if _second_conjugation(word[:-2]) else None
    if word.endswith("as"):  # skickas (1st conjugation) or byggas (infinitive)
        stem = word[:-2]
        first = min(zipf(stem + "ar"), zipf(stem + "ade")) >= VERB_ZIPF
        return "present" if first or _second_conjugation(stem) else None
    stem = word[:-1]
    if stem[-1] not in _VOWELS and _second_conjugation(stem):  # byggs, genomförs, bestäms
        return "present"
    return None


def _prefixed_tense(word: str) -> str | None:
    """an+ses, upp+gavs, be+skrivs, åter+lämnas: a verb prefix before a passive."""
    for prefix in prefixes():
        rest = word[len(prefix) :]
        if not word.startswith(prefix) or len(rest) < 2:
            continue
        kind = s_forms().get(rest)
        if kind in _TENSE_OF_KIND:
            return _TENSE_OF_KIND[kind]
        # "ses" alone is reciprocal ("vi ses"), but an+ses, ut+ses are passives.
        if rest in ("ses", "sågs", "setts"):
            return "past" if rest == "sågs" else "supine" if rest == "setts" else "present"
        if kind is None and len(rest) >= 5 and (tense := _regular_tense(rest)):
            return tense
    return None


@lru_cache(maxsize=50_000)
def passive_tense(word: str) -> str | None:
    """The tense of the lower-case s-passive ``word`` ("present", "past", "supine"), or None
    if it is no passive on its own (see module docstring)."""
    if len(word) < 3 or not word.endswith("s") or word.endswith("ss") or "-" in word:
        return None
    if ":" in word:  # EU:s, SVT:s
        return None
    kind = s_forms().get(word)
    if kind is not None:
        return _TENSE_OF_KIND.get(kind)
    return _prefixed_tense(word) or _regular_tense(word) or (
        "present" if _rare_era_verb(word) and word.endswith("eras")
        else "past" if _rare_era_verb(word) and word.endswith("ades")
        else "supine" if _rare_era_verb(word) else None
    )  # fmt: skip


def is_s_passive(word: str) -> bool:
    """Whether the lower-case ``word`` is an s-passive verb form (see module docstring)."""
    return passive_tense(word) is not None


def _present(infinitive: str) -> str:
    """skicka → skickar, bygga → bygger, göra → gör, ta → tar, se → ser, preparera →
    preparerar, försvara → försvarar: the -ar form unless the verb is of the second
    conjugation (its -er form is more common, or an r-stem's past is -de)."""
    if not infinitive.endswith("a"):
        return infinitive + "r"  # se → ser, nå → når
    stem = infinitive[:-1]
    first = stem + "ar"
    if len(stem) < 3 or infinitive.endswith("era"):
        return first  # tar; preparerar, informerar
    if stem.endswith("r"):
        # försvara → försvarar (försvarade), but göra → gör, lära → lär (lärde): the bare
        # r-stem is a noun as often as not ("försvar"), so the past decides.
        first_conjugation = zipf(stem + "ade") >= zipf(stem + "de")
        return first if zipf(first) >= VERB_ZIPF and first_conjugation else stem
    second = _double(_single(stem)) + "er"
    # The past tells the conjugation best: kontaktade (not "kontakter", a noun), byggde.
    past_first = zipf(stem + "ade")
    past_second = max(zipf(_single(stem) + "de"), zipf(_single(stem) + "te"))
    if past_first != past_second:
        return first if past_first > past_second else second
    return first if zipf(first) >= zipf(second) else second


# "ombe" is itself stiff (stiff_words.tsv advises "vi ber dig"): its passive gets "be".
_PLAIN_ACTIVE = {"ombeds": "ber", "ombedes": "ber", "ombads": "bad", "ombedas": "be"}


def active_form(word: str, tense: str) -> str:
    """The active form that replaces the s-passive ``word`` in ``tense``: skickas → skickar,
    byggs → bygger, byggas (infinitive) → bygga, skickades → skickade, byggts → byggt."""
    if word in _PLAIN_ACTIVE:
        return _PLAIN_ACTIVE[word]
    if tense in ("infinitive", "past", "supine"):
        return word[:-1]  # skicka, skickade, skickat; gav, tog, sa; gett, tagit
    if word.endswith("es"):
        return word[:-1] + "r"  # ges → ger, anses → anser, läses → läser
    if word.endswith("as"):
        return _present(word[:-1])  # skickas → skickar, tas → tar, göras → gör
    stem = word[:-1]
    if stem[-1] in _VOWELS:
        return stem + "r"  # nås → når, tros → tror
    if stem.endswith("r"):
        return stem  # genomförs → genomför, görs → gör
    return _double(_single(stem)) + "er"  # byggs → bygger, sätts → sätter, bestäms → bestämmer


def _infinitive(word: str, tense: str) -> str:
    """The infinitive of the s-passive ``word``: skickas → skicka, byggs → bygga, görs →
    göra, nås → nå, anses → anse, läses → läsa, skickades → skicka; "" when unknown."""
    if tense in ("past", "supine"):
        for ending in ("ades", "ats"):
            if word.endswith(ending):
                return word[: -len(ending)] + "a"
        return ""
    if word.endswith("as"):
        return word[:-1]
    if word.endswith("es"):
        return max((word[:-1], word[:-2] + "a"), key=zipf)  # anse, läsa
    stem = word[:-1]
    if stem[-1] in _VOWELS:
        return stem
    return stem + "a" if stem.endswith("r") else _double(_single(stem)) + "a"


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
        and zipf(base) >= VERB_ZIPF
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
    if governing in MODALS:
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
        lemma=" ".join(filter(None, (_infinitive(word, tense), *particle))),
        patient=patient,
    )


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
    if kind in _TENSE_OF_KIND:
        return _TENSE_OF_KIND[kind]
    if governing in MODALS and word.endswith("as") and len(word) > 4:
        return "infinitive"  # after a modal an unlisted -as form is an infinitive passive
    tense = passive_tense(word)
    if governing in _PERFECT and tense == "present" and word.endswith("ts"):
        return "supine"  # "har satts": after har, -ts is the supine
    return tense
