"""The rules' Swedish texts, with the one fallback every report uses.

A run stores the texts of the rules it used (axe-core's in Swedish, klarsyn's own); a
policy rule the run did not store is read from audits.policy; any other rule is shown by
its id rather than dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from audits.model import RuleInfo, Source
from audits.policy import RULES as POLICY_RULES


@dataclass(frozen=True)
class RuleTexts:
    """The rules' Swedish texts: the run's own, else audits.policy's for a policy rule."""

    rules: Mapping[str, RuleInfo]

    def known(self, rule_id: str) -> RuleInfo | None:
        """The rule's texts; None when neither the run nor audits.policy knows the rule."""
        if rule_id in self.rules:
            return self.rules[rule_id]
        return POLICY_RULES[rule_id].info() if rule_id in POLICY_RULES else None

    def info(self, rule_id: str, source: Source) -> RuleInfo:
        """The rule's texts, or a stand-in that names it by its id: a report shows a rule
        it has no texts for rather than dropping its findings."""
        return self.known(rule_id) or RuleInfo(rule_id, source, help=rule_id, description="")

    def help(self, rule_id: str) -> str:
        """The rule's Swedish help text, else its id."""
        known = self.known(rule_id)
        return known.help if known else rule_id
