"""Swedish verb forms for the s-passive rule: is a word an s-passive, in which tense, and
what are its active forms.

Irregular passive forms are listed (``passive``, ``passive_past``,
``passive_supine``: ges, gavs, getts), also after a verb prefix (an+ses,
upp+gavs, be+skrivs), and so is a prefix before a regular passive
(åter+lämnas, in+lämnats). Otherwise the active forms of the same verb must be
common words (Zipf ≥ ``VERB_ZIPF``): skickas/skickades/skickats need "skickar" and
"skickade"; byggs/byggas/byggdes/byggts need "bygger", "bygga" and "byggde"
(with m and n doubled where Swedish doubles them: bestäms → bestämmer,
godkänts → godkänna). A genitive fails this test: "kommuner" exists, but
"kommuna" and "kommunde" do not. A verb in -era is a verb even when rare
(kanaliseras: "kanaliserar" exists, "kameras" has no "kamerar").

Active forms keep the tense: skickas → skickar, byggs → bygger, byggas (after a
modal) → bygga, skickades → skickade, byggts → byggt. The present of an -a verb is
chosen by its conjugation, which its past tells best: kontaktar (kontaktade, not
the noun "kontakter"), bygger (byggde), gör (an r-stem whose past is -de).
"""

from __future__ import annotations

from functools import lru_cache

from audits.klarsprak.lexicon import prefixes, s_forms, zipf

VERB_ZIPF = 2.0
"""An active verb form at least this common confirms a passive reading."""
RARE_VERB_ZIPF = 1.0
"""A verb in -era is a verb when its infinitive is at least this common."""

TENSE_OF_KIND = {"passive": "present", "passive_past": "past", "passive_supine": "supine"}
"""The ``s_forms.tsv`` kinds of irregular passive forms, and their tense."""
_VOWELS = frozenset("aeiouyåäö")


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


def _rare_era_tense(word: str) -> str | None:
    """kanaliseras, sublimerades: a verb in -era, however rare ("kameras" has no "kamerar")."""
    for ending, tense in (("eras", "present"), ("erades", "past"), ("erats", "supine")):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)] + "er"
            known = max(zipf(stem + "ar"), zipf(stem + "ade")) > 0
            return tense if known and zipf(stem + "a") >= RARE_VERB_ZIPF else None
    return None


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
        if kind in TENSE_OF_KIND:
            return TENSE_OF_KIND[kind]
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
        return TENSE_OF_KIND.get(kind)
    return _prefixed_tense(word) or _regular_tense(word) or _rare_era_tense(word)


def is_s_passive(word: str) -> bool:
    """Whether the lower-case ``word`` is an s-passive verb form (see module docstring)."""
    return passive_tense(word) is not None


def present_of(infinitive: str) -> str:
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
    if word not in s_forms():
        # ut+tas → ut+tar, upp+gavs → upp+gav: a prefix before a listed strong form.
        for prefix in prefixes():
            rest = word[len(prefix) :]
            if word.startswith(prefix) and s_forms().get(rest) in TENSE_OF_KIND:
                return prefix + active_form(rest, tense)
    if tense in ("infinitive", "past", "supine"):
        return word[:-1]  # skicka, skickade, skickat; gav, tog, sa; gett, tagit
    if word.endswith("es"):
        return word[:-1] + "r"  # ges → ger, anses → anser, läses → läser
    if word.endswith("as"):
        return present_of(word[:-1])  # skickas → skickar, tas → tar, göras → gör
    stem = word[:-1]
    if stem[-1] in _VOWELS:
        return stem + "r"  # nås → når, tros → tror
    if stem.endswith("r"):
        return stem  # genomförs → genomför, görs → gör
    # byggs → bygger, sätts → sätter, bestäms → bestämmer; but bedöms → bedömer: the
    # doubled consonant only where the language has it.
    return max((_double(_single(stem)) + "er", _single(stem) + "er"), key=zipf)


def infinitive_of(word: str, tense: str) -> str:
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
