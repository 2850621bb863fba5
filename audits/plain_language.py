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
                                         carried by "ske"; off by default
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
import, like axe-core's ``lib/rules/*.json``); the checks are functions of a
prepared page (``klarsprak.page``) in ``klarsprak.sentence_rules`` (long sentences,
nominal style), ``klarsprak.passive_advice`` and ``klarsprak.word_rules`` (stiff and
rare words, abbreviations, capitals, reader address), and the word knowledge they use
is in the rest of ``audits.klarsprak``. Word
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
from audits.klarsprak import data
from audits.klarsprak.page import Hit, TextPage, prepare
from audits.klarsprak.passive_advice import passives
from audits.klarsprak.sentence_rules import long_sentences, nominalisations
from audits.klarsprak.word_rules import (
    abbreviations,
    capitals,
    rare_words,
    reader_address,
    stiff_words,
)
from audits.model import Finding, Outcome, RuleInfo, Source

DEFAULT_MIN_WORDS = 50


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

    #: The English texts (help, explanation, suggestion) for reports in English; the
    #: rule's explanation is English, the Swedish words it quotes stay Swedish.
    english: tuple[str, str, str] | None = None

    def info(self, lang: str = "sv") -> RuleInfo:
        """The rule as a report in ``lang`` describes it (the Swedish without English)."""
        help_text, explanation, suggestion = self.help, self.explanation, self.suggestion
        if lang == "en" and self.english:
            help_text, explanation, suggestion = self.english
        return RuleInfo(
            id=self.id,
            source=Source.KLARSYN,
            help=help_text,
            description=f"{explanation} {suggestion}",
            tags=self.tags,
        )


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
            english=(rule["en"]["help"], rule["en"]["explanation"], rule["en"]["suggestion"])
            if "en" in rule else None,
        )
        for rule in rules
    }


RULES: dict[str, PlainRule] = load_rules()
"""Every klarspråk rule, by id, in the order check_text runs them (read once, at import)."""
DEFAULT_OFF: frozenset[str] = frozenset(r.id for r in RULES.values() if not r.on_by_default)
"""The rules check_text leaves out unless asked: those whose precision on the held-out part
of the reviewed sample (bench/bench_klarsprak.py) is below 60 %, rare words and
nominalisations."""
