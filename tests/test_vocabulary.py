"""One vocabulary: impacts, finding kinds and WCAG violations have one definition each,
and the store's SQL counts the same WCAG violations as the gate and the reports."""

from __future__ import annotations

import itertools
from pathlib import Path

from audits.model import (
    IMPACT_ORDER,
    IMPACTS,
    Finding,
    FindingKind,
    Impact,
    Outcome,
    PageResult,
    PageStatus,
    Source,
    is_wcag_violation,
    kind_of,
    known_impact,
    severity,
)
from reports.store import Store


def _every_finding() -> list[Finding]:
    """A finding for every combination of the fields the kinds are decided by."""
    return [
        Finding(rule, source, outcome, impact, best_practice=best)
        for rule, source, outcome, impact, best in itertools.product(
            ("image-alt", "policy-h1-count", "klarsprak-passive"), Source, Outcome,
            (*IMPACTS, None, "odd"), (False, True))
    ]


def test_impacts_are_ordered_most_severe_first_with_the_unknown_last() -> None:
    assert IMPACTS == ("critical", "serious", "moderate", "minor")
    assert [severity(i) for i in (*IMPACTS, None, "odd")] == [0, 1, 2, 3, 4, 4]
    assert known_impact("serious") is Impact.SERIOUS
    assert known_impact("odd") is None
    assert IMPACT_ORDER[-1] is None


def test_each_finding_has_exactly_one_kind_and_only_axe_violations_are_wcag() -> None:
    for f in _every_finding():
        kind = kind_of(f)
        assert (kind is FindingKind.WCAG) == is_wcag_violation(f)
        assert is_wcag_violation(f) == (
            f.source is Source.AXE and f.outcome is Outcome.VIOLATION and not f.best_practice)
        if f.source is Source.KLARSYN:
            assert kind is (FindingKind.POLICY if f.rule.startswith("policy-")
                            else FindingKind.FLAG)
        elif f.outcome is Outcome.NEEDS_REVIEW:
            assert kind is FindingKind.NEEDS_REVIEW


def test_the_store_counts_the_wcag_violations_the_model_defines(tmp_path: Path) -> None:
    findings = _every_finding()
    with Store(tmp_path / "klarsyn.sqlite") as store:
        run = store.start_run("http://127.0.0.1/", "2026-12-01T00:00:00+00:00", "test", {})
        for n, f in enumerate(findings):
            store.add_page(run, PageResult(url=f"http://127.0.0.1/{n}",
                                           status=PageStatus.AUDITED, findings=(f,)))
        (summary,) = store.list_runs()
    expected = sum(is_wcag_violation(f) for f in findings)
    assert expected > 0
    assert summary.wcag_violations == expected
