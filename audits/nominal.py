"""Nominal style (nominalkvot) of Swedish text, estimated without a tagger.

NQ (Hultman & Westman 1977) = (nouns + prepositions + participles) /
(pronouns + adverbs + verbs). A high NQ means a nominal, "bureaucratic" style
("Ansökan om bidrag ska ske genom ifyllande av blankett"); a low one a verbal
style ("Fyll i blanketten när du söker bidrag"). Rules of thumb: informative
prose is around 1.0, fiction around 0.5, official reports 1.5 or more.

Counting it properly needs a part-of-speech tagger, and no Swedish tagger that
runs offline installs from PyPI (stanza and spaCy fetch their models at run
time). So :func:`classify` guesses each word's class from

* closed word classes, written out below from Swedish grammar: pronouns,
  prepositions, adverbs, auxiliaries and the irregular forms of the most
  common verbs, plus the function words that count for neither side
  (articles, conjunctions, the infinitive marker);
* suffixes: derivational noun suffixes (-ning, -het, -else, -tion, -itet,
  -skap …, with their inflections), definite noun endings (-en, -et, -an,
  -arna, -orna, -erna …), participles (-ande/-ende, -ad/-ade), verb endings
  (-ar/-er in the present, -ade/-de/-te in the past, -as/-es in the passive,
  -at in the supine);
* one word of context on each side, because the ambiguous endings are told
  apart by their neighbours: "-ar" is a verb after a subject ("kommunen
  ansvarar") and a plural noun after a determiner or a preposition ("för
  alla barn", "nya regler"); an "-a" word is an infinitive after "att" or a
  modal verb; "-ande" is a noun after an article ("ett meddelande") unless a
  noun follows ("ett växande problem"); "det" is a pronoun unless a noun or
  an adjective follows.

Words it cannot place (most adjectives, numerals, conjunctions) return None
and count for neither side, as in the formula. Proper names (a capital letter
inside a sentence) count as nouns: they are nouns (egennamn) in Swedish
grammar. The negation "inte" is an adverb, as in Swedish grammar.

The lists were written from Swedish grammar, not learnt from a corpus:
Talbanken, the gold data tests/test_nominal.py measures this against, is
CC BY-SA and nothing derived from it may ship here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

NOUN = "noun"
PREP = "prep"
PART = "part"
PRON = "pron"
ADV = "adv"
VERB = "verb"

NUMERATOR: frozenset[str] = frozenset({NOUN, PREP, PART})
DENOMINATOR: frozenset[str] = frozenset({PRON, ADV, VERB})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Personal, reflexive, possessive, relative, interrogative and indefinite pronouns.
PRONOUNS = _words(
    """jag du han hon hen vi ni mig mej dig dej honom henne oss er sig sej dem dom
    min mitt mina din ditt dina sin sitt sina hans hennes dess deras vår vårt våra
    ert era man som vem vad vems vars varandra varann själv självt ingenting
    allting någonting nånting"""
)
# Pronouns that are determiners (counted for neither side) before a noun
# phrase: "det nya huset", "alla barn"; pronouns otherwise: "det är", "alla vet".
DETERMINER_PRONOUNS = _words(
    """den det de denna detta dessa någon något några ingen inget inga nån nåt
    vilken vilket vilka all alla allt annan annat andra sådan sådant sådana
    samma varje varenda båda bägge"""
)
ARTICLES = _words("en ett")
PREPOSITIONS = _words(
    """av bakom bland bortom bredvid efter enligt emot framför från för före
    förutom genom gentemot hos i ifrån inför inom intill jämte kring med mellan
    mot nedanför om omkring ovanför på per runt till trots under undan ur utan
    utanför utifrån utom vid via åt över angående beträffande inklusive
    exklusive längs utmed inuti innanför nedför uppför"""
)
ADVERBS = _words(
    """inte ej icke också även bara endast redan alltid aldrig ofta sällan nu
    då där här hit dit härifrån därifrån sedan sen ännu fortfarande mycket mer
    mera mest mindre minst så dock ju väl nog kanske troligen förmodligen
    antagligen möjligen ganska rätt helt alldeles särskilt tillsammans hur
    varför vart varifrån igen tillbaka bort borta fram framme upp uppe
    ut ute in inne ner nere ned hem hemma därför därmed därefter därav därpå
    därigenom därtill dessutom emellertid alltså således annars ändå likväl
    tyvärr gärna genast snart strax först sist senare tidigare idag igår
    imorgon ibland någonsin ingenstans någonstans överallt nästan knappt just
    precis exakt egentligen faktiskt verkligen absolut heller likaså vidare
    numera nyligen hittills länge längre lite ungefär cirka omedelbart direkt
    samtidigt härmed varav varpå varigenom varvid iallafall åtminstone främst
    delvis framförallt förstås visserligen nämligen däremot istället snarare
    knappast alls jämt åter oftast närmare lika helst enbart alltför förr
    ihop kvar ens tvärtom desto förvisso samman alltmer igenom självfallet
    överhuvudtaget minsann givetvis naturligtvis troligtvis vanligtvis
    ytterst synnerligen tämligen väldigt därutöver härutöver härefter
    hädanefter framöver tidigt sent bakåt framåt uppåt nedåt utåt inåt hemåt
    hemifrån bortifrån uppifrån nerifrån inifrån dessförinnan emellan
    emellanåt bl.a. t.ex. dvs. d.v.s. ca. resp. bla tex"""
)
# Forms of auxiliaries and of the most common irregular verbs.
VERB_FORMS = _words(
    """är var varit vara vore blir blev blivit bli bliva har hade haft ha hava
    kan kunde kunnat kunna ska skall skulle vill ville velat vilja må måste
    måtte får fick fått få bör borde torde lär gör gjorde gjort göra går gick
    gått gå kommer kom kommit komma tar tog tagit ta taga ser såg sett se ger
    gav gett givit ge giva säger sa sade sagt säga finns fanns funnits finnas
    står stod stått stå ligger låg legat ligga sitter satt suttit sitta vet
    visste vetat veta tror trodde trott tro låter lät låtit låta håller höll
    hållit hålla sätter satte sätta drar drog dragit dra skriver skrev skrivit
    skriva heter hette hetat heta bor bodde bott bo dör dog dött dö sker
    skedde skett ske gäller gällde gällt gälla känner kände känt känna vinner
    vann vunnit vinna hjälper hjälpte hjälpt hjälpa väljer valde valt välja
    fann funnit finna bär bar burit bära for farit fara föll fallit falla slog
    slagit slå bad bett be bjöd bjudit bjuda bröt brutit bryta drev drivit
    driva försvann försvunnit försvinna hann hunnit hinna
    sjönk sjunkit sjunka sköt skjutit skjuta löd lytt lyda sov sovit sova ror rodde rott ro
    ätit äta flög flugit flyga grep gripit gripa hör hörde hört höra
    sägs ges ses görs tas fås nås förs hörs syns märks brukar brukade verkar
    verkade behöver behövde behövt försöker försökte försökt tycker tyckte
    tyckt tycka menar menade lever levde levt leva talar pratar läser läste
    läst läsa söker sökte sökt söka ringer ringde ringt ringa"""
) | _words(
    # Imperatives of the verbs a web page asks its reader to use most.
    """fyll följ glöm använd ansök anmäl byt köp sälj läs ring skriv välj sök
    tänk hjälp kom gå ta ge se hör håll"""
)
# Prefixes of particle and prefix verbs: "består", "ingår", "utgör", "anses".
VERB_PREFIXES: tuple[str, ...] = (
    "be", "för", "före", "upp", "ut", "in", "inne", "över", "under", "fram", "till",
    "av", "an", "på", "om", "med", "mot", "efter", "samman", "ned", "ner", "bort",
    "åter", "genom", "miss", "ifrån", "emot", "kvar", "bi", "sönder",
)  # fmt: skip
# After these, an "-a" word is an infinitive.
INFINITIVE_CUES = _words(
    """att kan kunde kunna ska skall skulle vill ville måste bör borde får fick
    torde må lär brukar brukade behöver behövde behöva försöker försökte
    försöka låt låta lät tänker tänka börjar började börja slutar slutade
    sluta hinner hinna orkar orka vågar våga"""
)
HAVE = _words("har hade ha haft hava")
# Adverbs that are nouns after a determiner or a preposition.
ADVERB_NOUNS = _words("rätt hem")
# Finite verbs that follow a subject: "föräldrar har", "regler gäller".
FINITE = _words(
    """är var har hade kan kunde ska skall skulle vill ville måste får fick bör
    borde blir blev gör gjorde finns fanns gäller gällde"""
)
COPULAS = _words("är var vara varit vore blir blev bli blivit förblir förblev verkar verkade")
# Subjects: a finite verb follows them (Swedish is verb second).
SUBJECT_PRONOUNS = _words("jag du han hon hen vi ni man de den det som vilka vem vad detta")
# Conjunctions, subjunctions and the infinitive marker: counted for neither side.
CONJUNCTIONS = _words(
    """och eller men samt både varken antingen vare såväl att eftersom medan
    innan fast fastän ifall än såsom liksom huruvida när"""
)
NUMERALS = _words(
    """två tre fyra fem sex sju åtta nio tio elva tolv tretton fjorton femton
    sexton sjutton arton nitton tjugo trettio fyrtio femtio sextio sjuttio
    åttio nittio hundra tusen första andra tredje fjärde femte sjätte sjunde
    åttonde nionde tionde elfte tolfte"""
)
# Common adjectives without a derivational suffix (those with one, "-lig",
# "-isk" …, are recognised by _ADJECTIVE), with their inflections.
ADJECTIVES = _words(
    """många flera fler få olika egen eget egna hela halva bra ny nytt nya stor
    stort stora större störst största liten litet lilla små gammal gammalt
    gamla äldre ung ungt unga yngre hög högt höga låg lågt låga vissa övriga
    enda bättre bäst bästa sämre sämst lång långt långa längst kort korta
    kortare svår svårt svåra svårare lätt lätta lättare enkel enkelt enkla
    enklare fri fritt fria hel helt full fullt fulla rik rikt rika fattig
    stark starkt starka svag svagt svaga klar klart klara sann sant sanna
    varm varmt varma kall kallt kalla dyr dyrt dyra billig fel allmän allmänt
    allmänna svensk svenskt svenska social socialt sociala lokal lokalt
    lokala total totalt totala normal normalt normala snabb snabbt snabba
    långsam nära yttre inre övre nedre vuxen vuxet vuxna nästa förra sista
    flesta ena öppen öppet öppna säker säkert säkra god gott goda dålig
    dåligt dåliga rätta verklig fin fint fina hård hårt hårda mjuk tung tungt
    tunga bred brett breda smal djup djupt djupa ren rent rena röd rött röda
    vit vitt vita svart svarta grön grönt gröna blå blått"""
)
NEUTRAL = CONJUNCTIONS | NUMERALS | ADJECTIVES
POSSESSIVES = _words(
    "min mitt mina din ditt dina sin sitt sina hans hennes dess deras vår vårt våra ert era"
)
# A noun usually follows these: determiners, possessives, numerals, adjectives.
NOUN_CUES = DETERMINER_PRONOUNS | ARTICLES | NUMERALS | ADJECTIVES | POSSESSIVES
# Heads of common nouns that end in a vowel, which suffixes cannot tell from
# adjectives or verbs; matched at the end of a word, so compounds count
# too ("förskola", "hemsida", "lönearbete").
NOUN_HEADS: tuple[str, ...] = (
    "fråga", "skola", "kvinna", "människa", "flicka", "vecka", "kyrka", "sida",
    "gata", "klocka", "mamma", "pappa", "kollega", "kamera", "trappa", "lampa",
    "stjärna", "blomma", "jacka", "hälsa", "lista", "summa", "kassa", "timma",
    "ränta", "hyra", "krona", "tavla", "flaska", "pojke", "tanke", "timme",
    "arbete", "möte", "läge", "ställe", "stycke", "yrke", "värde", "område",
    "skede", "nöje", "bonde", "ämne", "liv", "behov", "barn",
)  # fmt: skip

# Derivational noun suffixes, with their inflections (indefinite, definite,
# plural, genitive): -ning, -het, -else, -tion, -itet, -skap, -ism …; "-nad"
# ("kostnad") but not the participles "lämnad", "öppnad", "ordnad"; "-are"
# is the agent noun ("invånare"); the comparative of a derived adjective
# ("tydligare") is caught by _ADJECTIVE first.
_NOUN_SUFFIX = re.compile(
    r"(?:ning|het|else|tion|sion|itet|skap|ism|ist|ment|dom|tör|sör|ur|logi|(?<![mpd])nad|"
    r"eri|ori|ans|ens|tek|graf|ium|eum|are|plats|sats)"
    r"(?:en|er|ar|et|na|erna|arna|ens|ets|ernas|arnas|ers|ars|s|rna|n|r|ns|nas)?$"
)
# Nouns in -ing: "värdering", "utvecklingen" (not "ring", "ting").
_ING = re.compile(r"..ing(?:en|ar|arna|ens|ars|arnas|s)?$")
# Definite and plural endings that no verb or adjective form has.
_NOUN_ENDING = re.compile(r"(?:arna|orna|erna|arnas|ornas|ernas|andet|endet|ens|ets|or|ors)$")
# Derived adjectives: -lig, -ig, -isk, -sam, -bar … with their inflections.
_ADJECTIVE = re.compile(
    r"(?:(?:lig|ig|isk|sam|bar|full|lös|ell|ös)(?:t|a|e|are|ast|aste)?"
    r"|(?:iv|ant)(?:t|a|are|ast|aste))$"
)
_ADVERB = re.compile(r"(?:ligen|vis|ledes)$")
# s-passive and deponent forms: "behandlas", "ansågs", "utmärktes", "behandlats".
_PASSIVE = re.compile(r"(?:as|ades|des|tes|es|ats|tts|dds)$")
# Weak past tense after a consonant: "köpte", "behövde", "ställde", "trodde".
_WEAK_PAST = re.compile(r"[bcdfghjklmprstvx](?:te|de)$")
# Perfect participles of verbs with a stem in -d: "genomförd", "bebodda".
_PARTICIPLE_D = re.compile(r"(?:dd|dda|d|da)$")
_VOWELS_AND_S = frozenset("aeiouyåäös")
# One pattern for the three above: one regex search per word instead of three.
_NOUN_FORM = re.compile("|".join(f"(?:{r.pattern})" for r in (_NOUN_SUFFIX, _ING, _NOUN_ENDING)))

# Markers for closed-class words whose class depends on context (one letter,
# so they cannot be mistaken for a class name).
_DETERMINER, _OM, _ADVERB_NOUN = "d", "o", "a"


def _closed_table() -> dict[str, str]:
    """Every closed-class word and its class, in order of precedence: a word
    on two lists ("för": preposition) takes the first one's class."""
    table: dict[str, str] = {}
    for words, kind in (
        (VERB_FORMS, VERB),
        (_words("om"), _OM),
        (PREPOSITIONS, PREP),
        (DETERMINER_PRONOUNS, _DETERMINER),
        (PRONOUNS, PRON),
        (ADVERB_NOUNS, _ADVERB_NOUN),
        (ADVERBS, ADV),
        (ARTICLES | NEUTRAL, ""),
    ):
        for word in words:
            table.setdefault(word, kind)
    return table


# Built once at import, read only: one dict lookup per word on the hot path.
_CLOSED: dict[str, str] = _closed_table()
# "består", "ingår", "utgjorde", "beror": a prefix and a verb form of two or
# more letters, as one set instead of a loop over the prefixes per word.
_PREFIX_VERB_FORMS: frozenset[str] = frozenset(
    prefix + form for prefix in VERB_PREFIXES for form in VERB_FORMS if len(form) > 1
)


def classify(word: str, prev: str | None, following: str | None = None) -> str | None:
    """The word class of ``word`` for NQ: 'noun', 'prep', 'part', 'pron', 'adv',
    'verb', or None (counted for neither side, or not recognised).

    ``prev`` is the word before it in the same sentence (None at the start);
    ``following`` the word after it, when known. Both are optional context:
    a closed-class word is classified from its own form. ``nominal_ratio``
    passes the last word before it that is not an adverb as ``prev``.
    """
    lower = word.lower()
    prev_lower = prev.lower() if prev is not None else None
    closed = _closed_class(lower, prev_lower, following)
    if closed is not None:
        return None if closed == "" else closed
    if prev is not None and word[0].isupper():
        return NOUN  # a proper name inside a sentence
    if lower.endswith("-"):
        return NOUN  # the first part of a compound: "förskole- och skolverksamhet"
    if "-" in lower:
        # A hyphenated compound ("e-tjänsten", "ATP-poäng") takes the class of its last part.
        lower = lower.rsplit("-", 1)[1]
    if len(lower) < 2 or not lower.isalpha():
        return None  # an abbreviation, a number compound's tail, a letter
    return _open_class(lower, prev_lower, following)


def _closed_class(lower: str, prev: str | None, following: str | None) -> str | None:
    """The class of a closed-class word, "" for a function word counted for
    neither side, None when ``lower`` is not a closed-class word."""
    kind = _CLOSED.get(lower)
    if kind is None or len(kind) > 1:
        return kind  # not closed-class, or a class that needs no context
    if kind == _DETERMINER:
        return "" if following is not None and _starts_noun_phrase(following, lower) else PRON
    if kind == _OM:
        # "Om du vill …": at the start of a sentence, "om" is a subjunction.
        return "" if prev is None else PREP
    if kind == _ADVERB_NOUN:
        # "rätt till bistånd", "ett hem", but "helt rätt", "gå hem"
        return NOUN if prev in NOUN_CUES or prev in PREPOSITIONS or prev in HAVE else ADV
    return kind  # "": a function word counted for neither side


def _open_class(lower: str, prev: str | None, following: str | None) -> str | None:
    """Guess an open-class word from its ending and its neighbours."""
    if _NOUN_FORM.search(lower):
        return NOUN  # before the infinitive cue: "att flickorna", "att utvecklingen"
    if prev in INFINITIVE_CUES and lower.endswith(("a", "å", "o", "e")):
        return VERB  # "att ansöka", "kan bo"
    if lower in _PREFIX_VERB_FORMS:
        return VERB  # "består", "ingår", "utgjorde", "beror"
    if _ADVERB.search(lower):
        return ADV  # "slutligen", "delvis"
    if lower.endswith(("ande", "ende")):
        if prev in NOUN_CUES and (following is None or not _starts_noun_phrase(following, prev)):
            return NOUN  # "ett meddelande", but "ett växande problem"
        return PART
    if _ADJECTIVE.search(lower):
        if lower.endswith("t") and _modifies_verb_or_adjective(prev, following):
            return ADV  # "ökar kraftigt", "betydligt högre"; "är viktigt" is an adjective
        return None
    if lower.endswith("are") and following is not None and following.lower() == "än":
        return None  # a comparative: "svårare än"
    if lower.endswith(NOUN_HEADS):
        return NOUN  # a noun suffix or ending was caught above
    if (
        prev is None
        and lower.endswith("a")
        and following is not None
        and _closed_class(following.lower(), lower, None) not in (None, "")
    ):
        return VERB  # an imperative: "Skicka din ansökan", "Ladda ner"
    if prev in HAVE and lower.endswith("t"):
        return VERB  # supine: "har ansökt", "hade arbetat"
    if prev in COPULAS and _PARTICIPLE_D.search(lower):
        return PART  # "är genomförd", "blev valda"
    if lower.endswith(("dd", "dda")):
        return PART  # "bebodd", "skyddade" is caught below
    if lower.endswith("ade"):
        # "de anställda är välutbildade" (participle), "vi arbetade" (past tense)
        return PART if prev in NOUN_CUES or prev in COPULAS else VERB
    if lower.endswith("ad") and len(lower) > 4:
        return PART  # "ansökan är inlämnad", "en utbildad lärare"
    if len(lower) > 4 and _PASSIVE.search(lower):
        return VERB  # "behandlas", "ansågs", "utmärktes"
    if len(lower) > 3 and lower.endswith(("ar", "er")):
        return _present_or_plural(lower, prev, following)
    if len(lower) > 3 and lower[-1] == "s" and lower[-2] not in _VOWELS_AND_S:
        # "krävs ett intyg" (a passive verb), but "mäns lön", "lands gränser"
        # (a genitive, which an adjective or a noun follows)
        return NOUN if _before_open_word(lower, following) else VERB
    if len(lower) > 3 and _WEAK_PAST.search(lower):
        return VERB
    if len(lower) > 4 and lower.endswith("at"):
        # a supine ("arbetat") or a noun ("resultat", "kandidat")
        return NOUN if prev in NOUN_CUES or prev in PREPOSITIONS else VERB
    if len(lower) > 3 and lower.endswith(("en", "et", "an")):
        return NOUN  # definite forms: "kommunen", "huset", "frågan"
    if (prev in NOUN_CUES or prev in PREPOSITIONS) and not _before_open_word(lower, following):
        return NOUN  # the head of a noun phrase: "ett sätt att", "i tid"
    if lower.endswith(("a", "t", "e")):
        return None  # adjective forms, infinitives, participles of unknown verbs
    if _before_noun(lower, following):
        return None  # an attributive adjective: "social utveckling"
    # Most remaining words are nouns in the indefinite singular: "tid", "år",
    # "miljö", "struktur"; the frequent short words of other classes are in
    # the closed lists.
    return NOUN


def _is_noun_form(lower: str) -> bool:
    """A noun suffix or ending, or a common noun head at the end of a compound."""
    return lower.endswith(NOUN_HEADS) or _NOUN_FORM.search(lower) is not None


def _before_noun(lower: str, following: str | None) -> bool:
    """Whether ``following`` looks like a noun, so that ``lower`` is attributive.

    Only the following word's own form is used: looking at its context again
    would recurse.
    """
    if following is None or not following.isalpha() or following[0].isupper():
        return False
    lower_following = following.lower()
    if _closed_class(lower_following, lower, None) is not None:
        return False
    return _is_noun_form(lower_following)


def _before_open_word(lower: str, following: str | None) -> bool:
    """Whether an open-class word (not a function word) follows ``lower``."""
    if following is None or not following.isalpha():
        return False
    return _closed_class(following.lower(), lower, None) is None


def _modifies_verb_or_adjective(prev: str | None, following: str | None) -> bool:
    """Whether an adjective's -t form is an adverb here.

    Before another adjective it is a degree adverb ("betydligt högre"); after
    a verb other than a copula, at the end of a clause, a manner adverb
    ("ökar kraftigt."). After a copula or a determiner it is an adjective.
    """
    if following is not None:
        lower_following = following.lower()
        if _ADJECTIVE.search(lower_following) or lower_following.endswith(("are", "ast")):
            return True
    if prev is None or prev in COPULAS or prev in NOUN_CUES:
        return False
    ends_clause = following is None or _closed_class(following.lower(), None, None) is not None
    return ends_clause and not prev.endswith(("en", "et", "na"))


def _present_or_plural(lower: str, prev: str | None, following: str | None) -> str:
    """ "-ar"/"-er": a present-tense verb ("ansvarar") or a plural noun ("regler")."""
    if prev is None:
        # A sentence starts with its subject far more often than with a verb,
        # unless a subject follows: "Behöver du hjälp?"
        return VERB if following is not None and following.lower() in SUBJECT_PRONOUNS else NOUN
    if following is not None and following.lower() in FINITE:
        return NOUN  # the subject before its verb: "föräldrar har"
    if prev in SUBJECT_PRONOUNS:
        return VERB
    if prev in NOUN_CUES or prev in PREPOSITIONS or _ADJECTIVE.search(prev):
        return NOUN
    if prev in VERB_FORMS:
        return NOUN  # an object: "ger möjligheter"
    return VERB  # after a noun subject: "kommunen ansvarar"


def _starts_noun_phrase(word: str, prev: str) -> bool:
    """Whether ``word``, after a determiner ``prev``, is the start of a noun phrase."""
    lower = word.lower()
    if lower in ADJECTIVES or lower in NUMERALS:
        return True  # "det nya huset", "de två barnen"
    if _closed_class(lower, prev, None) is not None or not any(c.isalpha() for c in lower):
        return False
    return _open_class(lower, prev, None) not in (VERB, ADV)


def nominal_ratio(sentences: Sequence[Sequence[str]]) -> float | None:
    """NQ = (nouns + prepositions + participles) / (pronouns + adverbs + verbs).

    Each sentence is a sequence of words (as ``readability.segment`` gives
    them); context never crosses a sentence. None when there is no pronoun,
    adverb or verb to divide by.
    """
    numerator = denominator = 0
    for sentence in sentences:
        last = len(sentence) - 1
        prev: str | None = None
        for index, word in enumerate(sentence):
            kind = classify(word, prev, sentence[index + 1] if index < last else None)
            if kind in NUMERATOR:
                numerator += 1
            elif kind in DENOMINATOR:
                denominator += 1
            if kind != ADV or prev is None:
                # Context skips sentence adverbs: in "kan inte ansöka" the cue
                # for the infinitive is "kan", in "en mycket stor" it is "en".
                prev = word
    return numerator / denominator if denominator else None
