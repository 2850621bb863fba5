"""What changed between two runs of a store: faults new, back, fixed, still there.

Faults are compared by fingerprint (``audits.fingerprint``; the store gives every finding
one). For runs A and B of one store, each fingerprint found in either run has one status:

- ``new``: in B, not in A, and in no run before A (by run id);
- ``reappeared``: in B, not in A, but in some run before A: fixed once, and back;
- ``persisting``: in A and in B;
- ``fixed``: in A, not in B, and B checked its page: audited it (a document: fetched
  it), found it gone (4xx), or, run to its end, no longer met it at all (not linked,
  not in a sitemap: gone for a visitor too);
- ``unverified``: in A, not in B, but B did not check its page (it failed to scan —
  timeout, browser error, 5xx — or was skipped: budget, depth, robots.txt, exclusions;
  or B was interrupted before it met the page).
  Counting these as fixed would be a pass for a page nobody looked at.

What is counted: violations of every source (axe-core's WCAG and best-practice rules and
klarsyn's own policy and klarspråk checks), since they are all faults someone can fix;
``rule`` and ``source`` let a reader narrow them. axe-core's "needs review" (incomplete)
is diffed the same way but kept apart (``RunDiff.review``), never added to the fault
counts: it is a question for a person, not a fault. A fingerprint includes the outcome,
so a finding that turns from "needs review" into a violation is a new violation.

Grouping: per rule; per owner (``audits.targets.owner_for`` with run B's ``owners``
settings, "ingen ägare" when none matches); and template against editorial faults
(``template_keys``: a fault is a template fault when its page-independent key is found
on at least ``max(3, 10 % of the run's audited pages)`` audited pages of that run, B's
for faults found in B, A's for faults only found in A).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from audits.fingerprint import fingerprints, page_key, site_key
from audits.model import (
    DiffStatus,
    Finding,
    FindingKind,
    Origin,
    Outcome,
    PageResult,
    PageStatus,
    Reason,
    RunInfo,
    Source,
    kind_of,
)
from audits.targets import Owner, owner_name
from reports.runsettings import RunSettings
from reports.store import Store

# The statuses and origins by their short names: the diff's rules below read as the module
# doc states them.
NEW, REAPPEARED, PERSISTING, FIXED, UNVERIFIED = DiffStatus
STATUSES: tuple[DiffStatus, ...] = tuple(DiffStatus)
TEMPLATE, EDITORIAL = Origin
#: A key on at least this many audited pages (and at least TEMPLATE_SHARE of them) is
#: a template fault.
TEMPLATE_MIN_PAGES = 3
TEMPLATE_SHARE = 0.10


def template_keys(pages: Sequence[PageResult]) -> set[str]:
    """The site keys (``audits.fingerprint.site_key``) of a run's template faults.

    A key is a template fault when it is found on at least
    ``max(TEMPLATE_MIN_PAGES, TEMPLATE_SHARE × audited pages)`` audited pages of the run
    (a page counts once however often the key occurs on it). Every outcome counts, but
    only axe-core's findings: they name an element of the page's markup, which a shared
    template repeats; our own findings (a LIX over target, a stale date) can read alike on
    many pages without any shared region behind them.
    """
    audited = [p for p in pages if p.status is PageStatus.AUDITED]
    spread = Counter(
        key
        for p in audited
        for key in {site_key(f) for f in p.findings if f.source is Source.AXE}
    )
    least = max(TEMPLATE_MIN_PAGES, TEMPLATE_SHARE * len(audited))
    return {key for key, count in spread.items() if count >= least}


@dataclass(frozen=True)
class Fault:
    """One fingerprint of the diff: the fault as found in B (or in A, when fixed)."""

    fingerprint: str
    status: DiffStatus
    rule: str
    source: str
    impact: str | None
    best_practice: bool
    page_url: str
    selector: str
    snippet: str
    owner: str
    template: bool

    @property
    def origin(self) -> Origin:
        return TEMPLATE if self.template else EDITORIAL

    def finding(self) -> Finding:
        """The fault as a finding, from what the diff kept of it (the outcome: a violation;
        the diff's needs-review results are kept apart and are not asked for theirs)."""
        return Finding(self.rule, Source(self.source), Outcome.VIOLATION, self.impact,
                       selector=self.selector, snippet=self.snippet,
                       best_practice=self.best_practice)

    @property
    def kind(self) -> FindingKind:
        """WCAG, best practice, policy or klarspråk (``audits.model.FindingKind``)."""
        return kind_of(self.finding())


def _tally(faults: Iterable[Fault]) -> dict[DiffStatus, int]:
    counts = Counter(f.status for f in faults)
    return {status: counts[status] for status in STATUSES}


def _grouped(faults: Sequence[Fault], key: str) -> dict[str, dict[DiffStatus, int]]:
    groups = sorted({getattr(f, key) for f in faults})
    return {g: _tally(f for f in faults if getattr(f, key) == g) for g in groups}


@dataclass(frozen=True)
class RunDiff:
    """The change from run A to run B. ``faults``: violations; ``review``: needs review."""

    run_a: RunInfo
    run_b: RunInfo
    faults: tuple[Fault, ...]
    review: tuple[Fault, ...]

    @property
    def settings_changed(self) -> bool:
        """Whether the runs were made with different settings (the diff may show that)."""
        return self.run_a.settings != self.run_b.settings

    def of(self, *statuses: DiffStatus) -> tuple[Fault, ...]:
        """The violations of these statuses."""
        return tuple(f for f in self.faults if f.status in statuses)

    def fingerprints(self, *statuses: DiffStatus) -> frozenset[str]:
        """The fingerprints of the violations of these statuses (the gate's "new or back")."""
        return frozenset(f.fingerprint for f in self.of(*statuses))

    def statuses(self) -> dict[str, DiffStatus]:
        """Fingerprint → status, of violations and needs-review findings alike."""
        return {f.fingerprint: f.status for f in (*self.faults, *self.review)}

    def totals(self) -> dict[DiffStatus, int]:
        return _tally(self.faults)

    def review_totals(self) -> dict[DiffStatus, int]:
        return _tally(self.review)

    def by_rule(self) -> dict[str, dict[DiffStatus, int]]:
        return _grouped(self.faults, "rule")

    def by_owner(self) -> dict[str, dict[DiffStatus, int]]:
        return _grouped(self.faults, "owner")

    def by_origin(self) -> dict[Origin, dict[DiffStatus, int]]:
        """Template faults against editorial ones (both keys always present)."""
        return {o: _tally(f for f in self.faults if f.origin == o) for o in (TEMPLATE, EDITORIAL)}

    def as_dict(self, *, with_faults: bool = True) -> dict[str, object]:
        """Everything as JSON-able data (``klarsyn diff --json``); ``with_faults`` false:
        the two lists of faults empty, in their places, for the caller to fill (report.json
        writes them a fault at a time, ``fault_dict``)."""

        def run(info: RunInfo) -> dict[str, object]:
            return {
                "id": info.id,
                "site": info.site,
                "started": info.started,
                "finished": info.finished,
                "partial": info.partial,
            }

        return {
            "run_a": run(self.run_a),
            "run_b": run(self.run_b),
            "settings_changed": self.settings_changed,
            "totals": self.totals(),
            "by_rule": self.by_rule(),
            "by_owner": self.by_owner(),
            "by_origin": self.by_origin(),
            "faults": [fault_dict(f) for f in self.faults] if with_faults else [],
            "needs_review": {
                "totals": self.review_totals(),
                "faults": [fault_dict(f) for f in self.review] if with_faults else [],
            },
        }


def fault_dict(fault: Fault) -> dict[str, object]:
    """One fault of ``RunDiff.as_dict``."""
    return asdict(fault)


def previous_run(store: Store, run_id: int) -> int | None:
    """The latest run before ``run_id`` of the same site; None for a site's first run."""
    return store.previous_run_id(run_id)


def _checked(page: PageResult | None, complete: bool) -> bool:
    """Whether a run looked at a page's faults again (see the module's ``fixed``).

    A page a complete run never met is gone for a visitor; an interrupted run
    (``complete`` False) may just not have reached it.
    """
    if page is None:
        return complete
    if page.status is PageStatus.AUDITED:
        return True
    if page.status is PageStatus.SKIPPED:
        return page.reason == Reason.NOT_HTML and page.http_status is not None
    return page.reason.startswith("http_4")


def _found(pages: Sequence[PageResult], outcome: Outcome) -> dict[str, tuple[str, Finding]]:
    """Fingerprint → (page URL, finding) of one outcome's findings."""
    found: dict[str, tuple[str, Finding]] = {}
    for page in pages:
        prints = fingerprints(page.findings, page.url)
        for finding, fp in zip(page.findings, prints, strict=True):
            if finding.outcome is outcome:
                found.setdefault(fp, (page.url, finding))
    return found


def _fault(
    fp: str, status: DiffStatus, url: str, f: Finding, owners: Sequence[Owner], keys: set[str]
) -> Fault:
    return Fault(
        fingerprint=fp,
        status=status,
        rule=f.rule,
        source=f.source.value,
        impact=f.impact,
        best_practice=f.best_practice,
        page_url=url,
        selector=f.selector,
        snippet=f.snippet,
        owner=owner_name(url, owners),
        template=site_key(f) in keys,
    )


def diff_runs(
    store: Store, run_a: int, run_b: int, pages_b: Sequence[PageResult] | None = None
) -> RunDiff:
    """Compare run A (before) with run B (after) by fingerprint (see the module doc).

    ``pages_b``: run B's rows as ``store.load_pages(run_b)`` gives them, when the caller
    holds them already (a report of run B): a 10,000-page run's rows are then not in
    memory twice. Raises ``StoreError`` when the store has no such run.
    """
    info_a, info_b = store.load_run(run_a), store.load_run(run_b)
    pages_a = store.load_pages(run_a)
    if pages_b is None:
        pages_b = store.load_pages(run_b)
    owners = RunSettings.parse(info_b.settings).targets.owners
    keys_a, keys_b = template_keys(pages_a), template_keys(pages_b)
    ledger_b = {page_key(p.url): p for p in pages_b}

    def compare(outcome: Outcome) -> tuple[Fault, ...]:
        before, after = _found(pages_a, outcome), _found(pages_b, outcome)
        earlier = store.fingerprints_before(run_a, outcome)
        faults = []
        for fp, (url, f) in after.items():
            status = PERSISTING if fp in before else REAPPEARED if fp in earlier else NEW
            faults.append(_fault(fp, status, url, f, owners, keys_b))
        for fp, (url, f) in before.items():
            if fp not in after:
                checked = _checked(ledger_b.get(page_key(url)), not info_b.partial)
                status = FIXED if checked else UNVERIFIED
                faults.append(_fault(fp, status, url, f, owners, keys_a))
        faults.sort(key=lambda x: (STATUSES.index(x.status), x.rule, x.page_url, x.selector))
        return tuple(faults)

    return RunDiff(info_a, info_b, compare(Outcome.VIOLATION), compare(Outcome.NEEDS_REVIEW))
