"""A portfolio: the latest run of every site of one store, side by side.

``klarsyn report DB --portfolio`` and the top page of ``klarsyn audit --sites`` show one
row per site (``runs.site``: a site's runs are the runs of its start URLs). Every figure is
the one the site's own report shows, counted by the same functions, from the run's rows
without the findings its accepted exceptions take out:

- *URLs found, audited, failed, skipped*: ledger rows by status; *coverage* is audited
  of found.
- *WCAG violations*: ``reports.sections.accessibility.impact_counts`` (occurrences per
  impact, and the pages they are on); *per page* is occurrences per audited HTML page.
- *Template faults*: ``reports.sections.templatefaults.template_faults`` (one per rule
  and shared region).
- *Over the LIX target*: ``reports.trends.tally``'s count of audited pages whose LIX is
  over their audience's target, as a share of the audited pages that have a LIX.
- *Accessibility statement* (tillgänglighetsredogörelse): the audited page
  ``audits.sitepolicy.is_statement`` recognises; the DIGG items missing on it
  (``audits.statement.missing_items``, the check behind the site pass's
  ``policy-statement-content`` findings, on the same text and day); its age, from the last
  update it states (``audits.statement.last_updated``) to the day the run's ages count to.
- *Untagged documents*: rows with a ``policy-pdf-untagged`` finding.
- *Trend*: the change since the site's previous run in the store, of the trend charts'
  figures (``reports.trends.run_point``: every stored violation, exceptions never
  rewrite a trend).

Nothing here renders: ``reports.reporters.portfolioreport`` writes the page, JSON and CSV.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from audits.exceptions import AcceptedException, split_accepted
from audits.model import IMPACT_ORDER, FindingKind, PageResult, PageStatus, RunInfo
from audits.sitepolicy import is_statement
from audits.statement import last_updated, missing_items
from reports.prepare import prepare
from reports.runsettings import RunSettings
from reports.sections.accessibility import impact_counts
from reports.sections.pages import is_html
from reports.sections.site import run_site_name
from reports.sections.templatefaults import template_faults
from reports.store import Store
from reports.trends import run_point, tally

UNTAGGED_RULE = "policy-pdf-untagged"


@dataclass(frozen=True)
class Statement:
    """The site's accessibility statement as its run found it."""

    #: The statement's URL; "" when the run found none.
    url: str = ""
    #: The keys of the DIGG items missing from it (``audits.statement.ITEMS``).
    missing: tuple[str, ...] = ()
    #: The last update it states (ISO date); "" when it states none.
    updated: str = ""
    #: Days from ``updated`` to the day the run's ages count to; None without a date.
    age_days: int | None = None

    @property
    def found(self) -> bool:
        return bool(self.url)


@dataclass(frozen=True)
class Trend:
    """The change since the site's previous run (later minus earlier)."""

    previous_run: int
    audited: int
    wcag: int
    over_target: int


@dataclass(frozen=True)
class SiteRow:
    """One site of the portfolio: its latest run's figures (see the module doc)."""

    name: str
    #: ``runs.site``: the run's start URLs.
    site: str
    #: The folder beside the portfolio page that holds the site's own report.
    folder: str
    run_id: int
    started: str
    partial: bool
    urls_found: int
    audited: int
    html_audited: int
    failed: int
    skipped: int
    #: WCAG violations (occurrences) per impact, in ``IMPACT_ORDER``.
    wcag_by_impact: tuple[int, ...]
    wcag: int
    wcag_pages: int
    template_faults: int
    scored: int
    over_target: int
    statement: Statement
    untagged_documents: int
    trend: Trend | None

    @property
    def coverage(self) -> float | None:
        """Audited rows of the URLs found, in per cent (None: nothing found)."""
        return 100 * self.audited / self.urls_found if self.urls_found else None

    @property
    def wcag_per_page(self) -> float | None:
        return self.wcag / self.html_audited if self.html_audited else None

    @property
    def over_target_share(self) -> float | None:
        """Pages over their LIX target, in per cent of the pages with a LIX."""
        return 100 * self.over_target / self.scored if self.scored else None


def site_row(
    store: Store,
    run_id: int,
    folder: str,
    exceptions: Sequence[AcceptedException] = (),
    today: date | None = None,
) -> SiteRow:
    """The portfolio row of run ``run_id``; ``exceptions`` are the accepted exceptions its
    report applies (on ``today``, default the current day)."""
    run = store.load_run(run_id)
    pages = store.load_pages(run_id, texts=False, links=False)
    _, remaining = split_accepted(pages, exceptions, today or date.today())
    report = prepare(run, remaining, store.load_rules(run_id))
    rows = report.rows
    settings = report.settings
    by_status = Counter(p.status for p in rows)
    audited = [p for p in rows if p.status is PageStatus.AUDITED]
    by_impact, totals = impact_counts(rows)
    wcag_of = {r.impact: r.wcag.occurrences for r in by_impact}
    faults = template_faults(rows, report.marker, report.rules, {}, {})
    previous = store.previous_run_id(run_id)
    return SiteRow(
        name=site_name_of(run, settings),
        site=run.site,
        folder=folder,
        run_id=run.id,
        started=run.started,
        partial=run.partial,
        urls_found=len(rows),
        audited=by_status[PageStatus.AUDITED],
        html_audited=sum(is_html(p) for p in audited),
        failed=by_status[PageStatus.FAILED],
        skipped=by_status[PageStatus.SKIPPED],
        wcag_by_impact=tuple(wcag_of.get(i, 0) for i in IMPACT_ORDER),
        wcag=totals[FindingKind.WCAG].occurrences,
        wcag_pages=totals[FindingKind.WCAG].pages,
        template_faults=len(faults),
        scored=sum(p.readability is not None and p.readability.lix is not None for p in audited),
        over_target=tally(rows, report.targets).over_target,
        statement=_statement(store, run, audited),
        untagged_documents=sum(any(f.rule == UNTAGGED_RULE for f in p.findings) for p in rows),
        trend=None if previous is None else _trend(store, previous, run, pages),
    )


def site_name_of(run: RunInfo, settings: RunSettings) -> str:
    """The site's name: the ``name`` it was audited under, else its hosts' name."""
    name = settings.stored.get("name")
    return name if isinstance(name, str) and name else run_site_name(run, settings)


def _statement(store: Store, run: RunInfo, audited: Sequence[PageResult]) -> Statement:
    page = next((p for p in audited if is_statement(p)), None)
    if page is None:
        return Statement()
    today = _reference_day(run)
    blocks = [b.text for b in store.page_blocks(run.id, page.url)]
    updated = last_updated(blocks, today)
    max_age = run.settings.get("max_age_days")
    return Statement(
        url=page.url,
        # The site pass's own check (audits/sitepolicy.py) on the same text and day.
        missing=missing_items(blocks, today, max_age if isinstance(max_age, int) else 365),
        updated=updated.isoformat() if updated else "",
        age_days=(today - updated).days if updated else None,
    )


def _reference_day(run: RunInfo) -> date:
    """The day the run's site pass counted ages to: its ``reference_date``, else its start."""
    given = run.settings.get("reference_date")
    return date.fromisoformat(given if isinstance(given, str) and given else run.started[:10])


def _trend(store: Store, previous: int, run: RunInfo, pages: Sequence[PageResult]) -> Trend:
    before = run_point(store.load_run(previous), store.load_pages(previous, texts=False,
                                                                  links=False)).site
    now = run_point(run, pages).site
    return Trend(previous, now.audited - before.audited, sum(now.wcag) - sum(before.wcag),
                 now.over_target - before.over_target)


def folder_name(name: str, taken: Mapping[str, object] | set[str] = frozenset()) -> str:
    """A folder name for a site's reports: ``name`` in lower-case ASCII letters, digits and
    hyphens ("Vänersborgs kommun" → "vanersborgs-kommun"), "-2", "-3", … added while it is
    in ``taken``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "webbplats"
    folder, n = base, 1
    while folder in taken:
        n += 1
        folder = f"{base}-{n}"
    return folder
