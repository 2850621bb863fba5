"""What a store holds: its runs, and what changed between two of them.

The queries of ``klarsyn history`` and ``klarsyn diff``; the store must exist (a missing
or foreign file is a StoreError) and is only read.
"""

from __future__ import annotations

from pathlib import Path

from reports.history import RunDiff, diff_runs
from reports.store import RunSummary, Store


def list_runs(path: Path) -> list[RunSummary]:
    """Every run of the store at ``path``, oldest first, with its headline counts."""
    with Store(path, create=False) as store:
        return store.list_runs()


def compare_runs(path: Path, run_a: int, run_b: int) -> RunDiff:
    """What changed from run ``run_a`` to run ``run_b`` of the store at ``path``."""
    with Store(path, create=False) as store:
        return diff_runs(store, run_a, run_b)
