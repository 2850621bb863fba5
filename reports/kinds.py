"""What kind of result a finding is, and the Swedish words for impacts.

A report keeps three sources apart and never adds them together:

- axe-core's results (source "axe"): a WCAG violation, a best-practice violation, or needs
  review (axe-core's "incomplete");
- policy findings: klarsyn's checks against the communication policy (rule ids
  ``policy-*``, see audits/policy.py), counted per criterion in the policy scorecard;
- klarspråk flags: every other klarsyn finding, counted under readability.
"""

from __future__ import annotations

from audits.model import Finding, Outcome, Source

POLICY_PREFIX = "policy-"

WCAG, BEST_PRACTICE, NEEDS_REVIEW = "wcag", "best_practice", "needs_review"

IMPACT_LABELS_SV: dict[str | None, str] = {
    "critical": "kritisk",
    "serious": "allvarlig",
    "moderate": "måttlig",
    "minor": "mindre",
    None: "ej angiven",
}


def is_axe(f: Finding) -> bool:
    """An axe-core result (of any outcome)."""
    return f.source == Source.AXE


def is_policy(f: Finding) -> bool:
    """A finding of one of klarsyn's communication-policy checks."""
    return f.source == Source.KLARSYN and f.rule.startswith(POLICY_PREFIX)


def is_flag(f: Finding) -> bool:
    """A klarspråk flag: one of klarsyn's own findings that is not a policy finding."""
    return f.source == Source.KLARSYN and not f.rule.startswith(POLICY_PREFIX)


def axe_kind(f: Finding) -> str | None:
    """Which summary column an axe-core finding counts in; None for klarsyn's own findings."""
    if not is_axe(f):
        return None
    if f.outcome is Outcome.NEEDS_REVIEW:
        return NEEDS_REVIEW
    return BEST_PRACTICE if f.best_practice else WCAG


def is_wcag_violation(f: Finding) -> bool:
    """An axe-core violation of a WCAG rule: what "fel mot WCAG" counts everywhere."""
    return axe_kind(f) == WCAG
