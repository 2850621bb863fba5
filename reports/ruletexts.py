"""The rules' texts in the report's language, with the one fallback every report uses.

A run stores the texts of the rules it used in the language it audited in: axe-core's
from its Swedish locale, klarsyn's own (klarspråk, policy) in Swedish. A policy rule the
run did not store is read from audits.policy; any other rule is shown by its id rather
than dropped.

English (``lang="en"``): a rule's help and description come from the rule's English
metadata instead: axe-core's own English texts (``audits.axe.english_rule_texts``, from
the installed axe-core), the klarspråk rules' ``en`` texts (audits/klarsprak/data/
rules.json) and the policy rules' (audits/data/policy_en.json). A rule with no English
text keeps its stored one. Only the rule's texts change: its id, tags and link stay the
run's, and a finding's own message stays as the audit stored it (see README, --lang).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from audits.axe import english_rule_texts
from audits.model import RuleInfo, Source
from audits.plain_language import RULES as PLAIN_RULES
from audits.policy import RULES as POLICY_RULES


@dataclass(frozen=True)
class RuleTexts:
    """The rules' texts in ``lang``: the run's own, else audits.policy's for a policy rule."""

    rules: Mapping[str, RuleInfo]
    lang: str = "sv"
    #: axe-core's English texts, rule id → (help, description); read from the installed
    #: axe-core when not given.
    axe_english: Mapping[str, tuple[str, str]] | None = field(default=None, compare=False)

    def known(self, rule_id: str) -> RuleInfo | None:
        """The rule's texts; None when neither the run nor audits.policy knows the rule."""
        if rule_id in self.rules:
            stored = self.rules[rule_id]
        elif rule_id in POLICY_RULES:
            stored = POLICY_RULES[rule_id].info()
        else:
            return None
        return stored if self.lang == "sv" else self._translated(stored)

    def info(self, rule_id: str, source: Source) -> RuleInfo:
        """The rule's texts, or a stand-in that names it by its id: a report shows a rule
        it has no texts for rather than dropping its findings."""
        return self.known(rule_id) or RuleInfo(rule_id, source, help=rule_id, description="")

    def help(self, rule_id: str) -> str:
        """The rule's help text, else its id."""
        known = self.known(rule_id)
        return known.help if known else rule_id

    def _translated(self, stored: RuleInfo) -> RuleInfo:
        """``stored`` with the help and description of the rule's English metadata."""
        rule_id = stored.id
        if stored.source is Source.AXE:
            texts = self.axe_english if self.axe_english is not None else english_rule_texts()
            if rule_id in texts:
                help_text, description = texts[rule_id]
                return replace(stored, help=help_text, description=description)
            return stored
        own = POLICY_RULES.get(rule_id) or PLAIN_RULES.get(rule_id)
        if own is None:
            return stored
        english = own.info(self.lang)
        return replace(stored, help=english.help, description=english.description)
