"""The "Manuell granskning" section: an auditor's verdicts beside the automated results.

Built by ``reports.sections.manual`` from a filled-in urval.csv (``reports.manual``).
"""

from __future__ import annotations

from dataclasses import dataclass

from reports.viewmodel.parts import Link


@dataclass(frozen=True)
class ManualRow:
    """One judged criterion of one page. ``automated`` and ``verdict`` are codes
    (``reports.sections.sample.Automated``, ``reports.verdicts.Verdict``; ""
    for a note without a verdict), each with its words. ``conflict``: the auditor passed
    a criterion axe-core found a WCAG violation of."""

    criterion: str
    name: str
    level: str
    en301549: str
    automated: str
    automated_label: str
    rules: tuple[str, ...]
    verdict: str
    verdict_label: str
    note: str
    conflict: bool


@dataclass(frozen=True)
class ManualPage:
    url: Link
    title: str
    #: The page's anchor in the report's page section ("" when it is not shown there).
    anchor: str
    rows: tuple[ManualRow, ...]


@dataclass(frozen=True)
class ManualView:
    """The verdicts of one manual file on the report's pages, and their counts."""

    name: str
    pages: tuple[ManualPage, ...]
    passed: int
    failed: int
    not_applicable: int
    #: Notes without a verdict.
    notes_only: int
    conflicts: int
