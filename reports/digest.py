"""The digest per owner: what changed on an owner's pages since the site's previous run.

Web editors do not open a full report every morning; the digest tells each owner (a
nämnd or förvaltning, ``audits.targets.Owner``) what is new on its own pages and what it
fixed, each item with its page, the rule in plain Swedish (``reports.ruletexts``) and the
page's section of the report (its anchor, ``reports.sections.pages.page_anchors``: the
same as report.html's, for the same rows).

Everything comes from the diff of the run against the site's previous run
(``reports.history.diff_runs``, the diff ``klarsyn diff`` and the report's "what changed"
section show), narrowed like the report's: findings an accepted exception covers are out.
For each owner (by run B's owner patterns; pages no pattern matches are "ingen ägare"):

- ``new``: WCAG violations new or reappeared (fixed once, and back) on editorial content,
  the most severe first; ``new_template``: the template faults among them, one line per
  rule (they are the web team's to fix in the template, not the editor's);
- ``fixed``: WCAG violations fixed (their page was checked again: never an unverified
  one), editorial ones listed and template ones in ``fixed_template``;
- ``over_lix``: pages newly over their audience's LIX target (policy-lix-over-target new
  or back);
- ``stale``: pages that went stale (policy-stale-page new or back); ``stale_soon``: pages
  that will be stale within ``soon_days`` (30) of the run's day and were not that close,
  or stale, in the previous run (so a page is announced once, not every night);
- ``broken_links``: new broken links (policy-broken-link, on the page that links);
- ``documents``: new problems of documents (the PDF checks, policy-stale-document).

The follow-up owner (Kommunstyrelseförvaltningen unless configured) gets the roll-up: each
owner's counts, and every new template fault of the site. An owner with none of the above
has nothing new (``OwnerDigest.has_news``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from audits.exceptions import AcceptedException, split_accepted
from audits.fingerprint import page_key
from audits.model import DiffStatus, FindingKind, PageResult, PageStatus, RunInfo, severity
from audits.sitepolicy import page_updated_on
from audits.targets import NO_OWNER, Owner
from reports.editlinks import edit_link
from reports.history import Fault, RunDiff, diff_runs
from reports.prepare import accepted_prints, filter_owner, narrowed
from reports.ruletexts import RuleTexts
from reports.runsettings import RunSettings
from reports.sections.pages import page_anchors, shown_pages
from reports.sections.site import run_site_name
from reports.store import Store
from reports.viewmodel.parts import Link, make_link

#: The owner who follows up compliance across owners and gets the roll-up (configurable).
FOLLOW_UP = "Kommunstyrelseförvaltningen"
#: A page that will be stale within this many days is announced.
SOON_DAYS = 30
#: The rules whose new findings are listed apart from the WCAG violations.
LIX_RULE = "policy-lix-over-target"
STALE_RULE = "policy-stale-page"
LINK_RULE = "policy-broken-link"
DOCUMENT_RULES = frozenset({
    "policy-pdf-untagged", "policy-pdf-no-title", "policy-pdf-no-lang", "policy-pdf-scanned",
    "policy-stale-document",
})  # fmt: skip
_NEW = (DiffStatus.NEW, DiffStatus.REAPPEARED)


class NoPreviousRun(ValueError):
    """The run is its site's first in the store: there is nothing to compare it with."""


@dataclass(frozen=True)
class DigestItem:
    """One thing that changed on a page. ``detail`` is page-derived (a snippet: escape it);
    ``anchor`` the page's section in the report (None: the report shows no section for it,
    e.g. a page that is gone); ``stale_on`` the day a page becomes stale (``stale_soon``)."""

    page: Link
    rule: str
    help: str
    detail: str
    anchor: str | None
    impact: str | None = None
    reappeared: bool = False
    stale_on: date | None = None
    #: "Redigera sidan": the page's link into the CMS (the run's ``edit_url``,
    #: reports/editlinks.py); None when the run has no ``edit_url``.
    edit: Link | None = None


@dataclass(frozen=True)
class TemplateLine:
    """A template fault of one rule, on ``pages`` pages (of one owner, or of the site)."""

    rule: str
    help: str
    pages: int


@dataclass(frozen=True)
class OwnerDigest:
    """What changed on one owner's pages (see the module doc)."""

    name: str
    contact: str
    new: tuple[DigestItem, ...] = ()
    new_template: tuple[TemplateLine, ...] = ()
    fixed: tuple[DigestItem, ...] = ()
    fixed_template: tuple[TemplateLine, ...] = ()
    over_lix: tuple[DigestItem, ...] = ()
    stale: tuple[DigestItem, ...] = ()
    stale_soon: tuple[DigestItem, ...] = ()
    broken_links: tuple[DigestItem, ...] = ()
    documents: tuple[DigestItem, ...] = ()

    def counts(self) -> dict[str, int]:
        """How many of each (template faults: by page), by the field names."""
        return {
            "new": len(self.new),
            "new_template": sum(t.pages for t in self.new_template),
            "fixed": len(self.fixed) + sum(t.pages for t in self.fixed_template),
            "over_lix": len(self.over_lix),
            "stale": len(self.stale),
            "stale_soon": len(self.stale_soon),
            "broken_links": len(self.broken_links),
            "documents": len(self.documents),
        }

    @property
    def has_news(self) -> bool:
        return any(self.counts().values())


@dataclass(frozen=True)
class Digest:
    """The digest of one run: each owner's part, and the roll-up for ``follow_up``."""

    site_name: str
    run: RunInfo
    previous: RunInfo
    follow_up: str
    #: The configured owners in their order, then "ingen ägare" when it has news.
    owners: tuple[OwnerDigest, ...]
    #: The site's new template faults, for the roll-up (the web team's to fix).
    site_template: tuple[TemplateLine, ...] = ()

    def owner(self, name: str) -> OwnerDigest | None:
        return next((o for o in self.owners if o.name == name), None)

    @property
    def has_news(self) -> bool:
        return any(o.has_news for o in self.owners)


def build_digest(
    store: Store,
    run_id: int,
    *,
    exceptions: Sequence[AcceptedException] = (),
    today: date | None = None,
    follow_up: str = FOLLOW_UP,
    soon_days: int = SOON_DAYS,
    report_owner: str | None = None,
) -> Digest:
    """The digest of ``run_id`` against the previous run of its site (see the module doc).

    ``exceptions``: the accepted exceptions (in force on ``today``) whose findings are left
    out, as the report leaves them out. ``report_owner``: the report the links lead into
    is that owner's alone (``--owner``), whose page anchors are counted on its own pages
    (None: the whole site's report). Raises NoPreviousRun for a site's first run and
    StoreError for a run the store does not have.
    """
    run = store.load_run(run_id)
    previous = store.previous_run_id(run_id)
    if previous is None:
        raise NoPreviousRun(
            f"run {run_id} is the first run of {run.site} in the store: there is no "
            "earlier run to compare it with"
        )
    pages = store.load_pages(run_id)
    accepted, remaining = split_accepted(pages, exceptions, today or date.today())
    diff = narrowed(diff_runs(store, previous, run_id, pages), accepted=accepted_prints(accepted))
    settings = RunSettings.parse(run.settings)
    owners = settings.targets.owners
    in_report = remaining if report_owner is None else filter_owner(remaining, report_owner,
                                                                    owners)
    anchors = page_anchors(shown_pages(in_report))
    rules = RuleTexts(store.load_rules(run_id))
    before = store.load_pages(previous, texts=False, links=False, findings=False)
    soon = _stale_soon(remaining, before, settings, RunSettings.parse(diff.run_a.settings),
                       (run, diff.run_a), soon_days)
    parts = []
    for owner in (*owners, Owner(NO_OWNER, ())):
        faults = [f for f in diff.faults if f.owner == owner.name]
        mine = [p for p in soon if settings.targets.place(p[0].url).owner_name == owner.name]
        part = _owner_digest(owner, faults, mine, anchors, rules)
        if settings.edit_url:
            part = _edit_linked(part, settings.edit_url)
        if owner.name != NO_OWNER or part.has_news:
            parts.append(part)
    return Digest(
        site_name=run_site_name(run, settings),
        run=run,
        previous=diff.run_a,
        follow_up=follow_up,
        owners=tuple(parts),
        site_template=_template_lines(_wcag(diff, *_NEW), rules),
    )


def _wcag(diff: RunDiff, *statuses: DiffStatus) -> list[Fault]:
    return [f for f in diff.of(*statuses) if f.kind is FindingKind.WCAG]


def _owner_digest(
    owner: Owner,
    faults: Sequence[Fault],
    soon: Sequence[tuple[PageResult, date]],
    anchors: Mapping[str, str],
    rules: RuleTexts,
) -> OwnerDigest:
    def items(selected: Iterable[Fault]) -> tuple[DigestItem, ...]:
        listed = [_item(f, anchors, rules) for f in selected]
        listed.sort(key=lambda i: (severity(i.impact), i.rule, i.page.text, i.detail))
        return tuple(listed)

    new = [f for f in faults if f.status in _NEW]
    fixed = [f for f in faults if f.status is DiffStatus.FIXED]
    wcag_new = [f for f in new if f.kind is FindingKind.WCAG]
    wcag_fixed = [f for f in fixed if f.kind is FindingKind.WCAG]
    return OwnerDigest(
        name=owner.name,
        contact=owner.contact,
        new=items(f for f in wcag_new if not f.template),
        new_template=_template_lines(wcag_new, rules),
        fixed=items(f for f in wcag_fixed if not f.template),
        fixed_template=_template_lines(wcag_fixed, rules),
        over_lix=items(f for f in new if f.rule == LIX_RULE),
        stale=items(f for f in new if f.rule == STALE_RULE),
        stale_soon=tuple(
            DigestItem(make_link(p.url), STALE_RULE, rules.help(STALE_RULE),
                       p.title, anchors.get(p.url), stale_on=day)
            for p, day in sorted(soon, key=lambda s: (s[1], s[0].url))),
        broken_links=items(f for f in new if f.rule == LINK_RULE),
        documents=items(f for f in new if f.rule in DOCUMENT_RULES),
    )


#: The fields of an OwnerDigest that list pages (DigestItem), each given its edit link.
_ITEM_FIELDS = ("new", "fixed", "over_lix", "stale", "stale_soon", "broken_links", "documents")


def _edit_linked(part: OwnerDigest, template: str) -> OwnerDigest:
    """``part`` with every item's "Redigera sidan" link, from the run's ``edit_url``."""
    def linked(items: tuple[DigestItem, ...]) -> tuple[DigestItem, ...]:
        return tuple(replace(i, edit=make_link(edit_link(template, i.page.text))) for i in items)

    return replace(part, **{name: linked(getattr(part, name)) for name in _ITEM_FIELDS})


def _item(f: Fault, anchors: Mapping[str, str], rules: RuleTexts) -> DigestItem:
    return DigestItem(
        page=make_link(f.page_url),
        rule=f.rule,
        help=rules.help(f.rule),
        detail=f.snippet,
        anchor=anchors.get(f.page_url),
        impact=f.impact,
        reappeared=f.status is DiffStatus.REAPPEARED,
    )


def _template_lines(faults: Iterable[Fault], rules: RuleTexts) -> tuple[TemplateLine, ...]:
    """One line per rule of the template faults among ``faults``, with their pages."""
    pages: dict[str, set[str]] = {}
    for f in faults:
        if f.template:
            pages.setdefault(f.rule, set()).add(f.page_url)
    lines = [TemplateLine(rule, rules.help(rule), len(urls)) for rule, urls in pages.items()]
    return tuple(sorted(lines, key=lambda t: (-t.pages, t.rule)))


def _run_day(run: RunInfo, settings: RunSettings) -> date:
    """The day a run counted ages to: its reference date, else the day it started."""
    return date.fromisoformat(settings.reference_date or run.started[:10])


def _stale_from(page: PageResult, settings: RunSettings) -> date | None:
    """The first day ``page`` is stale (policy-stale-page: older than max_age_days); None
    when the page gives no date."""
    updated = page_updated_on(page)
    return None if updated is None else updated + timedelta(days=settings.max_age_days + 1)


def _stale_soon(
    pages: Sequence[PageResult],
    before: Sequence[PageResult],
    settings: RunSettings,
    settings_before: RunSettings,
    runs: tuple[RunInfo, RunInfo],
    soon_days: int,
) -> list[tuple[PageResult, date]]:
    """The audited pages that become stale within ``soon_days`` after the run's day and
    were not within ``soon_days`` of it (or past it) in the previous run; with that day."""
    today, earlier = _run_day(runs[0], settings), _run_day(runs[1], settings_before)
    close_before = set()
    for page in before:
        day = _stale_from(page, settings_before) if page.status is PageStatus.AUDITED else None
        if day is not None and day <= earlier + timedelta(days=soon_days):
            close_before.add(page_key(page.url))
    found = []
    for page in pages:
        day = _stale_from(page, settings) if page.status is PageStatus.AUDITED else None
        if (day is not None and today < day <= today + timedelta(days=soon_days)
                and page_key(page.url) not in close_before):
            found.append((page, day))
    return found
