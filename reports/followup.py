"""Template faults and accepted exceptions: how a report follows faults up, not just lists them.

Template faults ("mallfel"). A fault in a region every page shares (header, menu, footer) is
one fault of the CMS template, not N faults of N editors. ``reports.history.template_keys``
decides which page-independent keys (``audits.fingerprint.site_key``) are template faults; a
finding is a template fault when its key is one of them. Each (rule, key) is shown once as
"1 fel × N sidor" with up to ``EXAMPLES`` example pages, for the CMS vendor or the web team;
every other finding is an editorial fault ("redaktionellt fel") for the page's editor.
Template keys are decided on the whole site's rows, before a report is limited to one owner,
so an owner's report marks the same faults as the site's.

Accepted exceptions ("godkända undantag"). Findings an exception accepts
(``audits.exceptions.split_accepted``) are taken out of every count and listed in their own
section with the reason, who decided and until when; an exception that has expired
accepts nothing, so its findings count again, and it is listed too, marked as expired.
Nothing is hidden silently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from audits.exceptions import Accepted, AcceptedException
from audits.fingerprint import fingerprint, fingerprints, site_key
from audits.model import IMPACTS, Finding, PageResult, RuleInfo
from audits.policy import RULES as POLICY_RULES
from audits.targets import NO_OWNER, Owner, owner_for
from reports.kinds import IMPACT_LABELS_SV, axe_kind, is_policy
from reports.viewmodel import Link, RulePage, make_link

EXAMPLES = 5
KIND_LABELS_SV: dict[str, str] = {
    "wcag": "fel mot WCAG", "best_practice": "bästa praxis", "needs_review": "att granska",
    "policy": "policyanmärkning", "flag": "klarspråksflagga",
}
_KIND_ORDER = tuple(KIND_LABELS_SV)
_IMPACT_ORDER: tuple[str | None, ...] = (*IMPACTS, None)


def kind_of(f: Finding) -> str:
    """The finding's kind, as a key of KIND_LABELS_SV."""
    return axe_kind(f) or ("policy" if is_policy(f) else "flag")


def rule_info(rule_id: str, rules: Mapping[str, RuleInfo]) -> RuleInfo | None:
    """The rule's texts: from the run's rules, else from audits.policy, else None."""
    return rules.get(rule_id) or (POLICY_RULES[rule_id].info() if rule_id in POLICY_RULES
                                  else None)


def rule_help(rule_id: str, rules: Mapping[str, RuleInfo]) -> str:
    """The rule's Swedish help text (see ``rule_info``), else its id."""
    info = rule_info(rule_id, rules)
    return info.help if info else rule_id


def _impact(f: Finding) -> str | None:
    return f.impact if f.impact in IMPACTS else None


def fingerprinted(pages: Sequence[PageResult]) -> list[PageResult]:
    """``pages`` with every finding's fingerprint set (``audits.fingerprint.fingerprints``:
    two identical elements on a page get distinct ones). Stored findings already have one;
    a page whose findings all have one is returned as it is."""
    result = []
    for page in pages:
        if all(f.fingerprint for f in page.findings):
            result.append(page)
            continue
        prints = fingerprints(page.findings, page.url)
        result.append(replace(page, findings=tuple(
            replace(f, fingerprint=fp) for f, fp in zip(page.findings, prints, strict=True))))
    return result


@dataclass(frozen=True)
class Marker:
    """Marks each finding of a run: its fingerprint, whether it is a template fault, and
    (with a diff) its status against the previous run."""

    keys: frozenset[str]
    statuses: Mapping[str, str]

    def fingerprint(self, f: Finding, page_url: str) -> str:
        return f.fingerprint or fingerprint(f, page_url)

    def template_key(self, f: Finding) -> str | None:
        """The finding's site key when it is a template fault, else None."""
        key = site_key(f)
        return key if key in self.keys else None

    def status(self, f: Finding, page_url: str) -> str | None:
        """"new", "persisting" or "reappeared"; None without a diff (or an unknown finding)."""
        return self.statuses.get(self.fingerprint(f, page_url)) if self.statuses else None


def accepted_prints(accepted: Sequence[Accepted] | None) -> frozenset[str]:
    """The fingerprints of the findings accepted exceptions took out of the report."""
    return frozenset(f.fingerprint or fingerprint(f, page.url) for page, f, _ in accepted or ())


# -- template faults -----------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateFault:
    """One fault of the shared template: one rule at one place, on ``len(pages)`` pages.

    ``examples`` are up to EXAMPLES of its pages; ``rule_anchor`` links to the rule's
    section (axe-core's rules), ``None`` for klarsyn's own findings.
    """

    anchor: str
    rule: str
    site_key: str
    help: str
    kind: str
    kind_label: str
    impact: str | None
    impact_label: str
    rule_anchor: str | None
    pages: int
    occurrences: int
    examples: tuple[RulePage, ...]
    selector: str
    snippet: str


@dataclass(frozen=True)
class TemplateSummary:
    """Template against editorial WCAG violations: distinct template faults, the
    occurrences they make, and the editorial occurrences."""

    faults: int
    template_occurrences: int
    template_pages: int
    editorial_occurrences: int
    editorial_pages: int


def template_faults(
    pages: Sequence[PageResult],
    marker: Marker,
    rules: Mapping[str, RuleInfo],
    anchors: Mapping[str, str],
    rule_anchors: Mapping[str, str],
) -> tuple[TemplateFault, ...]:
    """The template faults on ``pages``, WCAG violations first, then the widest."""
    groups: defaultdict[tuple[str, str], list[tuple[str, Finding]]] = defaultdict(list)
    for page in pages:
        for f in page.findings:
            if (key := marker.template_key(f)) is not None:
                groups[f.rule, key].append((page.url, f))
    faults = []
    for (rule_id, key), hits in groups.items():
        urls = list(dict.fromkeys(url for url, _ in sorted(hits, key=lambda h: h[0])))
        kind = min((kind_of(f) for _, f in hits), key=_KIND_ORDER.index)
        impact = min((_impact(f) for _, f in hits), key=_IMPACT_ORDER.index)
        first = hits[0][1]
        faults.append(TemplateFault(
            anchor="", rule=rule_id, site_key=key, help=rule_help(rule_id, rules),
            kind=kind, kind_label=KIND_LABELS_SV[kind], impact=impact,
            impact_label=IMPACT_LABELS_SV[impact], rule_anchor=rule_anchors.get(rule_id),
            pages=len(urls), occurrences=len(hits),
            examples=tuple(RulePage(make_link(u), anchors.get(u, ""),
                                    sum(url == u for url, _ in hits)) for u in urls[:EXAMPLES]),
            selector=first.selector, snippet=first.snippet))
    faults.sort(key=lambda t: (_KIND_ORDER.index(t.kind), -t.pages,
                               _IMPACT_ORDER.index(t.impact), t.rule, t.site_key))
    return tuple(replace(t, anchor=f"mallfel-{n}") for n, t in enumerate(faults, start=1))


def template_summary(pages: Sequence[PageResult], marker: Marker) -> TemplateSummary:
    """WCAG violations split into template and editorial faults (see TemplateSummary)."""
    keys: set[tuple[str, str]] = set()
    template: list[str] = []
    editorial: list[str] = []
    for page in pages:
        for f in page.findings:
            if axe_kind(f) != "wcag":
                continue
            if (key := marker.template_key(f)) is not None:
                keys.add((f.rule, key))
                template.append(page.url)
            else:
                editorial.append(page.url)
    return TemplateSummary(len(keys), len(template), len(set(template)), len(editorial),
                           len(set(editorial)))


# -- accepted exceptions -------------------------------------------------------------------


@dataclass(frozen=True)
class AcceptedRow:
    """One finding an exception covers; ``expired``: the exception has lapsed and the
    finding counts again. ``page`` None: an expired exception that covers nothing now."""

    rule: str
    help: str
    page: Link | None
    anchor: str | None
    selector: str
    snippet: str
    fingerprint: str
    reason: str
    decided_by: str
    expires: str
    expired: bool
    scope: str


@dataclass(frozen=True)
class AcceptedView:
    """The "Godkända undantag" section: expired rows first, then by expiry date."""

    rows: tuple[AcceptedRow, ...]
    accepted: int
    expired: int
    given: bool


def accepted_view(
    accepted: Sequence[Accepted] | None,
    expired: Sequence[AcceptedException],
    pages: Sequence[PageResult],
    rules: Mapping[str, RuleInfo],
    anchors: Mapping[str, str],
    marker: Marker,
    owner: tuple[str, Sequence[Owner]] | None = None,
) -> AcceptedView:
    """Rows for the accepted findings and for the findings of expired exceptions.

    ``pages`` are the shown rows (accepted findings already taken out): an expired
    exception's findings are found among them. ``owner`` (name, owners): keep that owner's
    rows alone.
    """
    def keep(url: str) -> bool:
        if owner is None:
            return True
        found = owner_for(url, owner[1])
        return (found.name if found else NO_OWNER) == owner[0]

    def row(e: AcceptedException, page: PageResult | None, f: Finding | None,
            lapsed: bool) -> AcceptedRow:
        return AcceptedRow(
            rule=e.rule, help=rule_help(e.rule, rules),
            page=make_link(page.url) if page else None,
            anchor=anchors.get(page.url) if page else None,
            selector=f.selector if f else e.selector, snippet=f.snippet if f else "",
            fingerprint=marker.fingerprint(f, page.url) if f and page else "",
            reason=e.reason, decided_by=e.decided_by, expires=e.expires.isoformat(),
            expired=lapsed, scope=_scope(e))

    rows = [row(e, page, f, False) for page, f, e in accepted or () if keep(page.url)]
    for e in expired:
        hits = [row(e, p, f, True) for p in pages if keep(p.url)
                for f in p.findings if e.covers(f, p.url)]
        rows.extend(hits or [row(e, None, None, True)])
    rows.sort(key=lambda r: (not r.expired, r.expires, r.rule, r.page.text if r.page else ""))
    return AcceptedView(tuple(rows), sum(not r.expired for r in rows),
                        sum(r.expired for r in rows), accepted is not None or bool(expired))


def _scope(e: AcceptedException) -> str:
    """Where the exception applies, in Swedish: its selector and URL patterns."""
    parts = []
    if e.selector:
        parts.append(f"väljare {e.selector}")
    if e.url:
        parts.append(f"adresser som matchar {e.url}")
    return ", ".join(parts) or "alla förekomster av regeln"


def accepted_json(view: AcceptedView) -> list[dict[str, object]]:
    """The accepted section's rows as report.json gives them."""
    return [{"rule": r.rule, "page_url": r.page.text if r.page else None,
             "selector": r.selector, "snippet": r.snippet, "fingerprint": r.fingerprint or None,
             "reason": r.reason, "decided_by": r.decided_by, "expires": r.expires,
             "expired": r.expired} for r in view.rows]


def template_json(faults: Collection[TemplateFault]) -> list[dict[str, object]]:
    """The template faults as report.json gives them."""
    return [{"rule": t.rule, "site_key": t.site_key, "pages": t.pages,
             "occurrences": t.occurrences, "examples": [e.page.text for e in t.examples],
             "impact": t.impact, "kind": t.kind, "selector": t.selector}
            for t in faults]
