"""The "what changed since the previous run" section, from a ``reports.history.RunDiff``.

Counting rules:
- A diff covers the violations of every source; the report never adds its kinds together
  (see reports/kinds.py): counts are given per kind (WCAG, best practice, policy,
  klarspråk), and the headline figures, the owner table and the template table count
  *fel mot WCAG* alone, as the summary does.
- Statuses are the diff's: new, reappeared (fixed once, and back), persisting, fixed (its
  page was checked again), unverified (its page was not checked again: never counted as
  fixed).
- A template fault (``Fault.template``) repeated on many pages is one row in the lists of
  new and fixed faults ("× N sidor"), as in the template section; the counts count every
  fingerprint.
- In a report limited to one owner, only that owner's faults count; findings an accepted
  exception takes out of the report are taken out of the diff too (``narrowed``), so the
  section counts what the summary counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from audits.fingerprint import site_key
from audits.model import Finding, Outcome, RuleInfo, Source
from audits.targets import NO_OWNER
from reports.followup import rule_help
from reports.history import (
    EDITORIAL,
    FIXED,
    NEW,
    ORIGIN_LABELS_SV,
    PERSISTING,
    REAPPEARED,
    TEMPLATE,
    UNVERIFIED,
    Fault,
    RunDiff,
)
from reports.kinds import IMPACT_LABELS_SV
from reports.runsettings import Targets
from reports.viewmodel import Link, make_link

#: The statuses in the order the report shows them, with their Swedish column heads.
STATUS_ORDER: tuple[str, ...] = (NEW, FIXED, PERSISTING, REAPPEARED, UNVERIFIED)
STATUS_HEADS_SV: dict[str, str] = {
    NEW: "Nya", REAPPEARED: "Återkomna", PERSISTING: "Kvarstående", FIXED: "Åtgärdade",
    UNVERIFIED: "Ej kontrollerade",
}
#: One finding's status, as a tag beside it ("ett fel" is neuter).
STATUS_LABELS_SV: dict[str | None, str] = {
    NEW: "nytt", REAPPEARED: "återkommet", PERSISTING: "kvarstår",
}
KIND_HEADS_SV: dict[str, str] = {
    "wcag": "Fel mot WCAG", "best_practice": "Bästa praxis (inte krav)",
    "policy": "Anmärkningar mot policyn", "flag": "Klarspråksflaggor",
}
LIST_LIMIT = 100


def statuses(diff: RunDiff | None) -> dict[str, str]:
    """Fingerprint → status of every finding the diff knows ({} without a diff)."""
    return diff.statuses() if diff is not None else {}


def narrowed(diff: RunDiff, owner: str | None = None,
             accepted: Collection[str] = ()) -> RunDiff:
    """The diff of one owner's faults (None: all), without the ``accepted`` fingerprints
    (findings of this run an accepted exception takes out of the report)."""
    if owner is None and not accepted:
        return diff

    def keep(f: Fault) -> bool:
        return (owner is None or f.owner == owner) and f.fingerprint not in accepted

    return replace(diff, faults=tuple(f for f in diff.faults if keep(f)),
                   review=tuple(f for f in diff.review if keep(f)))


def fault_kind(f: Fault) -> str:
    """The fault's kind, as reports.kinds counts it: wcag, best_practice, policy or flag."""
    if f.source == Source.AXE:
        return "best_practice" if f.best_practice else "wcag"
    return "policy" if f.rule.startswith("policy-") else "flag"


@dataclass(frozen=True)
class StatusRow:
    """One row of counts in STATUS_ORDER; ``anchor`` links the row to its section;
    ``part``: the row is a part of the row above it (template or editorial WCAG faults)."""

    name: str
    counts: tuple[int, ...]
    anchor: str | None = None
    part: bool = False


@dataclass(frozen=True)
class ChangedFault:
    """A new or fixed fault as listed: a template fault once, with its page count."""

    rule: str
    help: str
    kind: str
    kind_label: str
    impact: str | None
    impact_label: str
    page: Link
    anchor: str | None
    selector: str
    snippet: str
    template: bool
    pages: int


@dataclass(frozen=True)
class ChangesView:
    """The section: the previous run, WCAG totals per status, tables, the two lists.

    ``kinds``: a row per kind, the WCAG row followed by its template and editorial parts
    (``origins``); ``owners``: WCAG faults per owner.

    ``new`` and ``fixed`` hold at most LIST_LIMIT rows; ``new_total`` and ``fixed_total``
    count them all (rows, a template fault counting once).
    """

    previous_id: int
    previous_started: str
    settings_changed: bool
    heads: tuple[str, ...]
    wcag: StatusRow
    kinds: tuple[StatusRow, ...]
    owners: tuple[StatusRow, ...]
    origins: tuple[StatusRow, ...]
    new: tuple[ChangedFault, ...]
    new_total: int
    fixed: tuple[ChangedFault, ...]
    fixed_total: int


def _row(name: str, faults: Sequence[Fault], anchor: str | None = None,
         part: bool = False) -> StatusRow:
    counts = Counter(f.status for f in faults)
    return StatusRow(name, tuple(counts[s] for s in STATUS_ORDER), anchor, part)


def changes_view(
    diff: RunDiff,
    targets: Targets,
    owner: str | None = None,
    anchors: Mapping[str, str] | None = None,
    rules: Mapping[str, RuleInfo] | None = None,
) -> ChangesView:
    """The section from ``diff``; ``owner``: that owner's faults alone. ``anchors`` map a
    page URL to its section in the report; ``rules`` give the rules' Swedish help texts."""
    faults = list(diff.faults if owner is None else narrowed(diff, owner).faults)
    wcag = [f for f in faults if fault_kind(f) == "wcag"]
    names = [owner] if owner else [*(o.name for o in targets.owners), NO_OWNER]
    names += sorted({f.owner for f in wcag} - set(names))
    by_owner = defaultdict(list)
    for f in wcag:
        by_owner[f.owner].append(f)
    origins = tuple(_row(f"varav {ORIGIN_LABELS_SV[o]}", [f for f in wcag if f.origin == o],
                         anchor, part=True)
                    for o, anchor in ((TEMPLATE, "mallfel"), (EDITORIAL, None)))
    kinds = [_row(head, [f for f in faults if fault_kind(f) == kind])
             for kind, head in KIND_HEADS_SV.items()]
    new = _listed(faults, NEW, anchors or {}, rules or {})
    fixed = _listed(faults, FIXED, anchors or {}, rules or {})
    return ChangesView(
        previous_id=diff.run_a.id,
        previous_started=diff.run_a.started,
        settings_changed=diff.settings_changed,
        heads=tuple(STATUS_HEADS_SV[s] for s in STATUS_ORDER),
        wcag=kinds[0],
        kinds=(kinds[0], *origins, *kinds[1:]),
        owners=tuple(_row(name, by_owner.get(name, [])) for name in dict.fromkeys(names)
                     if name != NO_OWNER or by_owner.get(name) or not targets.owners),
        origins=origins,
        new=new[:LIST_LIMIT], new_total=len(new),
        fixed=fixed[:LIST_LIMIT], fixed_total=len(fixed),
    )


def _listed(faults: Sequence[Fault], status: str, anchors: Mapping[str, str],
            rules: Mapping[str, RuleInfo]) -> list[ChangedFault]:
    """The faults of ``status``: WCAG first, the most severe, then by rule and page; a
    template fault once (grouped by its page-independent key), with its page count."""
    groups: dict[tuple[str, ...], list[Fault]] = {}
    for f in faults:
        if f.status != status:
            continue
        key = (f.rule, _site_key(f)) if f.template else (f.fingerprint,)
        groups.setdefault(key, []).append(f)
    kinds = tuple(KIND_HEADS_SV)
    impacts = tuple(IMPACT_LABELS_SV)
    rows = []
    for group in groups.values():
        first = min(group, key=lambda f: f.page_url)
        impact = first.impact if first.impact in impacts else None
        kind = fault_kind(first)
        rows.append(ChangedFault(
            rule=first.rule, help=rule_help(first.rule, rules), kind=kind,
            kind_label=KIND_HEADS_SV[kind],
            impact=impact, impact_label=IMPACT_LABELS_SV[impact],
            page=make_link(first.page_url), anchor=anchors.get(first.page_url),
            selector=first.selector, snippet=first.snippet, template=first.template,
            pages=len({f.page_url for f in group})))
    rows.sort(key=lambda r: (kinds.index(r.kind), impacts.index(r.impact), r.rule, r.page.text))
    return rows


def _site_key(f: Fault) -> str:
    """The fault's page-independent key, from what the diff kept of it."""
    return site_key(Finding(f.rule, Source(f.source), Outcome.VIOLATION, f.impact,
                            selector=f.selector, snippet=f.snippet,
                            best_practice=f.best_practice))
