"""The CI gate: does a run pass, fail on its findings, or fail for want of a full scan?

Pure logic on a run's ledger rows; the CLI reads the store, the exceptions file and the
diff against the previous run, and prints the reasons. The rules, in order:

1. Only axe-core WCAG violations count (``audits.model.is_wcag_violation``: source
   ``axe``, outcome ``violation``, not a best-practice rule), and of those only the ones no
   accepted exception in force covers.
2. ``fail_on``: ``any`` fails when one such violation remains; ``new`` when one is new or
   reappeared since the previous run of the store (every violation is new when there is no
   previous run, and so is one without a fingerprint); ``none`` never fails on findings.
3. Thresholds, on top of ``fail_on``: ``max_impact["serious"] = N`` fails when more than N
   serious violations remain (occurrences, all of them, not only the new ones). An impact
   without a threshold is not checked.
4. A page that could not be scanned (a browser timeout or error, a failed fetch, a 5xx) fails
   the gate as a technical failure unless ``allow_unscanned``; a 4xx is a broken link, which
   is a finding of the page that links to it, not a failure of the scan.

The result's code is 2 when a rule on findings failed (even if pages were also unscanned:
what was found must be fixed whatever the rest holds), else 1 when pages were unscanned,
else 0. Every failing rule gives one reason, one line of English for a CI log.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from audits.exceptions import AcceptedException, split_accepted
from audits.model import IMPACTS, DiffStatus, Finding, PageResult, PageStatus, is_wcag_violation
from reports.history import RunDiff

GATE_PASS = 0
GATE_TECHNICAL = 1
GATE_FINDINGS = 2

#: How many URLs or rule ids a reason names before it says "and N more".
_NAMED = 3


class FailOn(StrEnum):
    """Which remaining WCAG violations fail the gate."""

    NEW = "new"
    ANY = "any"
    NONE = "none"


@dataclass(frozen=True)
class GatePolicy:
    """What the gate checks, from the command line."""

    fail_on: FailOn = FailOn.ANY
    #: Impact ("critical", "serious", "moderate", "minor") → the most occurrences allowed.
    max_impact: Mapping[str, int] = field(default_factory=dict)
    allow_unscanned: bool = False
    exceptions: tuple[AcceptedException, ...] = ()
    #: The day the exceptions are judged on (they lapse on their ``expires`` day).
    today: date = field(default_factory=date.today)

    def __post_init__(self) -> None:
        unknown = sorted(set(self.max_impact) - set(IMPACTS))
        if unknown:
            raise ValueError(f"no impact called {', '.join(unknown)}")
        if any(limit < 0 for limit in self.max_impact.values()):
            raise ValueError("a threshold must be 0 or more")


@dataclass(frozen=True)
class GateResult:
    """The gate's verdict: the exit code and one line per failing rule."""

    code: int
    reasons: list[str]
    #: Violations an accepted exception in force took out of the count (for a note).
    accepted: int = 0

    @property
    def passed(self) -> bool:
        return self.code == GATE_PASS


def unscanned(page: PageResult) -> bool:
    """Failed for a reason of ours or the server's, not a client error like a broken link."""
    return page.status is PageStatus.FAILED and not page.reason.startswith("http_4")


def evaluate_gate(
    pages: Sequence[PageResult],
    policy: GatePolicy,
    new_fingerprints: Collection[str] | None,
) -> GateResult:
    """Judge a run by ``policy``.

    ``new_fingerprints`` holds the fingerprints that are new or reappeared since the
    previous run; None means there is no previous run (so every violation is new). It is
    only read when ``policy.fail_on`` is ``new``.
    """
    accepted, remaining = split_accepted(pages, policy.exceptions, policy.today)
    violations = [
        (page, finding)
        for page in remaining
        for finding in page.findings
        if is_wcag_violation(finding)
    ]
    reasons = _finding_reasons(violations, policy, new_fingerprints)
    code = GATE_FINDINGS if reasons else GATE_PASS
    failed = [page for page in pages if unscanned(page)]
    if failed and not policy.allow_unscanned:
        reasons.append(_unscanned_reason(failed))
        code = code or GATE_TECHNICAL
    return GateResult(code, reasons, sum(is_wcag_violation(f) for _, f, _ in accepted))


def _finding_reasons(
    violations: list[tuple[PageResult, Finding]],
    policy: GatePolicy,
    new_fingerprints: Collection[str] | None,
) -> list[str]:
    reasons = []
    if policy.fail_on is FailOn.ANY and violations:
        reasons.append(
            f"{len(violations)} WCAG violation(s) remain on {_page_count(violations)} page(s)"
            f" ({_rules(f for _, f in violations)}; --fail-on any)"
        )
    elif policy.fail_on is FailOn.NEW:
        new = [
            (page, finding)
            for page, finding in violations
            if new_fingerprints is None
            or not finding.fingerprint
            or finding.fingerprint in new_fingerprints
        ]
        if new:
            since = "no earlier run to compare with" if new_fingerprints is None else "new or back"
            reasons.append(
                f"{len(new)} new WCAG violation(s) on {_page_count(new)} page(s)"
                f" ({_rules(f for _, f in new)}; {since}; --fail-on new)"
            )
    by_impact = Counter(finding.impact for _, finding in violations)
    for impact in IMPACTS:
        limit = policy.max_impact.get(impact)
        if limit is not None and by_impact[impact] > limit:
            reasons.append(
                f"{by_impact[impact]} {impact} WCAG violation(s) remain,"
                f" more than --max-{impact} {limit}"
            )
    return reasons


def _page_count(violations: Iterable[tuple[PageResult, Finding]]) -> int:
    return len({page.url for page, _ in violations})


def _rules(findings: Iterable[Finding]) -> str:
    """The rule ids, most frequent first: ``image-alt ×3, label``."""
    counts = Counter(finding.rule for finding in findings).most_common()
    named = [rule if n == 1 else f"{rule} ×{n}" for rule, n in counts[:_NAMED]]
    if len(counts) > _NAMED:
        named.append(f"{len(counts) - _NAMED} more rule(s)")
    return ", ".join(named)


def _unscanned_reason(failed: Sequence[PageResult]) -> str:
    named = [f"{page.url} ({page.reason or 'failed'})" for page in failed[:_NAMED]]
    if len(failed) > _NAMED:
        named.append(f"{len(failed) - _NAMED} more")
    return (
        f"{len(failed)} page(s) could not be scanned: {', '.join(named)}"
        " (see the ledger; --allow-unscanned lets the gate pass without them)"
    )


def new_fingerprints(diff: RunDiff) -> frozenset[str]:
    """The fingerprints of the violations a run diff marks new or reappeared."""
    return diff.fingerprints(DiffStatus.NEW, DiffStatus.REAPPEARED)
