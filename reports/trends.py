"""Trends over runs: one RunPoint per stored run, the figures the trend charts draw.

Counting rules (the same as the report's, so the last point matches the summary of a run
rendered without accepted exceptions):
- *audited* counts ledger rows with status audited (pages and documents).
- *wcag* counts axe-core's WCAG violations (``audits.model.is_wcag_violation``) per
  impact, in ``audits.model.IMPACT_ORDER`` (critical, serious, moderate, minor, then an
  impact we do not know). Every stored violation counts: accepted exceptions are decisions
  about today's report, not part of the run, so a trend is never rewritten when the
  exceptions file changes.
- *over_target* counts audited pages whose LIX is over their audience's target
  (``audits.targets.Audience.difference``, rounded as the report shows it).
- Owners and audiences come from each run's own settings, as when that run was reported.
  An owner the run did not know has no figures for it (None): the chart line breaks and the
  table says "–", never 0.

The charts are laid out by ``reports.sections.trends``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from audits.model import (
    IMPACT_ORDER,
    Impact,
    PageResult,
    PageStatus,
    RunInfo,
    is_wcag_violation,
    known_impact,
)
from audits.targets import NO_OWNER
from reports.runsettings import Targets
from reports.store import Store


@dataclass(frozen=True)
class Tally:
    """One run's figures for the site or for one owner; ``wcag`` in ``IMPACT_ORDER``."""

    audited: int
    wcag: tuple[int, ...]
    over_target: int


@dataclass(frozen=True)
class RunPoint:
    """One run on the trend lines: the site's figures and each owner's (by name)."""

    run_id: int
    started: str
    partial: bool
    site: Tally
    owners: tuple[tuple[str, Tally], ...] = ()

    def tally(self, owner: str | None) -> Tally | None:
        """The site's tally (owner None) or the owner's; None when the run had no such owner."""
        if owner is None:
            return self.site
        return dict(self.owners).get(owner)


def tally(pages: Iterable[PageResult], targets: Targets) -> Tally:
    """The figures of ``pages`` (see the module's counting rules)."""
    audited = wcag = over = 0
    by_impact: dict[Impact | None, int] = dict.fromkeys(IMPACT_ORDER, 0)
    for page in pages:
        if page.status is not PageStatus.AUDITED:
            continue
        audited += 1
        for f in page.findings:
            if is_wcag_violation(f):
                by_impact[known_impact(f.impact)] += 1
                wcag += 1
        audience = targets.place(page.url).audience
        lix = page.readability.lix if page.readability else None
        over += lix is not None and audience.difference(lix) > 0
    return Tally(audited, tuple(by_impact.values()), over)


def run_point(run: RunInfo, pages: Sequence[PageResult]) -> RunPoint:
    """One run's point: its whole site and every owner of its settings (and "ingen ägare"
    when some audited row belongs to none)."""
    targets = Targets.from_settings(run.settings)
    groups: dict[str, list[PageResult]] = {o.name: [] for o in targets.owners}
    for page in pages:
        groups.setdefault(targets.place(page.url).owner_name, []).append(page)
    owners = tuple((name, tally(rows, targets)) for name, rows in groups.items()
                   if name != NO_OWNER or any(p.status is PageStatus.AUDITED for p in rows))
    return RunPoint(run.id, run.started, run.partial, tally(pages, targets), owners)


def trend_points(store: Store, *, until: int | None = None) -> list[RunPoint]:
    """One point per stored run of the same site, oldest first, up to run ``until``.

    ``until`` is the run being reported (default: the latest); later runs are left out, so
    an old run's report shows the trend as it stood then. Runs of other sites in the same
    store are left out too.
    """
    runs = sorted(store.list_runs(), key=lambda r: r.id)
    if not runs:
        return []
    last = next((r for r in runs if r.id == until), None) if until is not None else runs[-1]
    if last is None:
        raise ValueError(f"the store has no run {until}")
    # A point needs no run's text or links (``run_point``): loading them would hold a
    # second run's worth of text beside the report's rows, once per stored run.
    return [run_point(store.load_run(r.id), store.load_pages(r.id, texts=False, links=False))
            for r in runs if r.id <= last.id and r.site == last.site]
