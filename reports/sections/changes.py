"""The "what changed since the previous run" section, from a ``reports.history.RunDiff``.

Counting rules:
- A diff covers the violations of every source; the report never adds its kinds together
  (``audits.model.FindingKind``): counts are given per kind (WCAG, best practice, policy,
  klarspråk), and the headline figures, the owner table and the template table count
  *fel mot WCAG* alone, as the summary does.
- Statuses are the diff's: new, reappeared (fixed once, and back), persisting, fixed (its
  page was checked again), unverified (its page was not checked again: never counted as
  fixed).
- A template fault (``Fault.template``) repeated on many pages is one row in the lists of
  new and fixed faults ("× N sidor"), as in the template section; the counts count every
  fingerprint.
- In a report limited to one owner, only that owner's faults count; findings an accepted
  exception takes out of the report are taken out of the diff too (``reports.prepare``),
  so the section counts what the summary counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from audits.fingerprint import site_key
from audits.model import (
    DiffStatus,
    FindingKind,
    Origin,
    known_impact,
    severity,
)
from audits.targets import NO_OWNER
from reports.history import Fault, RunDiff
from reports.i18n import SWEDISH, Translator
from reports.labels import (
    DIFF_STATUS_LABELS_SV,
    IMPACT_LABELS_SV,
    KIND_HEADS_SV,
    ORIGIN_LABELS_SV,
    heading,
)
from reports.ruletexts import RuleTexts
from reports.runsettings import Targets
from reports.viewmodel.parts import make_link
from reports.viewmodel.sections import ChangedFault, ChangesView, StatusRow

#: The statuses in the order the report shows them.
STATUS_ORDER: tuple[DiffStatus, ...] = (DiffStatus.NEW, DiffStatus.FIXED, DiffStatus.PERSISTING,
                                        DiffStatus.REAPPEARED, DiffStatus.UNVERIFIED)
LIST_LIMIT = 100


def _row(name: str, faults: Sequence[Fault], anchor: str | None = None,
         part: bool = False) -> StatusRow:
    counts = Counter(f.status for f in faults)
    return StatusRow(name, tuple(counts[s] for s in STATUS_ORDER), anchor, part)


def changes_view(
    diff: RunDiff,
    targets: Targets,
    owner: str | None,
    anchors: Mapping[str, str],
    rules: RuleTexts,
    words: Translator = SWEDISH,
) -> ChangesView:
    """The section from ``diff``, already narrowed to what the report counts (``owner``:
    that owner's faults alone, see ``reports.prepare``). ``anchors`` map a page URL to
    its section in the report."""
    faults = list(diff.faults)
    wcag = [f for f in faults if f.kind is FindingKind.WCAG]
    names = [owner] if owner else [*(o.name for o in targets.owners), NO_OWNER]
    names += sorted({f.owner for f in wcag} - set(names))
    by_owner = defaultdict(list)
    for f in wcag:
        by_owner[f.owner].append(f)
    origins = tuple(_row(words.gettext("varav %(origin)s") % {
                             "origin": words.gettext(ORIGIN_LABELS_SV[o])},
                         [f for f in wcag if f.origin is o],
                         anchor, part=True)
                    for o, anchor in ((Origin.TEMPLATE, "mallfel"), (Origin.EDITORIAL, None)))
    kinds = [_row(words.gettext(head), [f for f in faults if f.kind is kind])
             for kind, head in KIND_HEADS_SV.items()]
    new = _listed(faults, DiffStatus.NEW, anchors, rules, words)
    fixed = _listed(faults, DiffStatus.FIXED, anchors, rules, words)
    return ChangesView(
        previous_id=diff.run_a.id,
        previous_started=diff.run_a.started,
        settings_changed=diff.settings_changed,
        heads=tuple(heading(words.gettext(DIFF_STATUS_LABELS_SV[s])) for s in STATUS_ORDER),
        wcag=kinds[0],
        kinds=(kinds[0], *origins, *kinds[1:]),
        owners=tuple(_row(name, by_owner.get(name, [])) for name in dict.fromkeys(names)
                     if name != NO_OWNER or by_owner.get(name) or not targets.owners),
        origins=origins,
        new=new[:LIST_LIMIT], new_total=len(new),
        fixed=fixed[:LIST_LIMIT], fixed_total=len(fixed),
    )


def _listed(faults: Sequence[Fault], status: DiffStatus, anchors: Mapping[str, str],
            rules: RuleTexts, words: Translator = SWEDISH) -> list[ChangedFault]:
    """The faults of ``status``: WCAG first, the most severe, then by rule and page; a
    template fault once (grouped by its page-independent key), with its page count."""
    groups: dict[tuple[str, ...], list[Fault]] = {}
    for f in faults:
        if f.status != status:
            continue
        key = (f.rule, site_key(f.finding())) if f.template else (f.fingerprint,)
        groups.setdefault(key, []).append(f)
    kinds = tuple(KIND_HEADS_SV)
    rows = []
    for group in groups.values():
        first = min(group, key=lambda f: f.page_url)
        impact = known_impact(first.impact)
        kind = first.kind
        rows.append(ChangedFault(
            rule=first.rule, help=rules.help(first.rule), kind=kind,
            kind_label=words.gettext(KIND_HEADS_SV[kind]),
            impact=impact, impact_label=words.gettext(IMPACT_LABELS_SV[impact]),
            page=make_link(first.page_url), anchor=anchors.get(first.page_url),
            selector=first.selector, snippet=first.snippet, template=first.template,
            pages=len({f.page_url for f in group})))
    rows.sort(key=lambda r: (kinds.index(r.kind), severity(r.impact), r.rule, r.page.text))
    return rows
