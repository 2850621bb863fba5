"""The communication-policy scorecard ("Kommunikationspolicyn"), per site and per owner.

The yardstick is audits.policy.CRITERIA: five criteria, each with indicators. Counting
rules (the figures Kommunstyrelseförvaltningen will quote in its follow-up):

- An indicator counts, on each ledger row, the violations of its ``rules``, of the rules
  whose id starts with its ``prefix`` (every ``klarsprak-*`` rule), or, for the WCAG
  indicator, every axe-core WCAG violation: the same findings the summary's "Fel mot WCAG"
  counts. Results axe-core could not decide (needs review) are never counted.
- *Occurrences* are findings; *pages* counts distinct ledger rows, so a PDF document the
  policy checks looked at (a skipped row with findings) counts as one.
- A criterion's total adds up its indicators' occurrences and counts the distinct rows any
  of them hit; "Öppen och tillgänglig" therefore includes the WCAG violations.
- "Planerad och proaktiv" has no indicators: crawling a site cannot measure it.
- A policy finding of a rule no indicator names is not dropped: it is counted apart
  (``PolicyView.unmapped``) and shown on its page.
- Owners come from the run's settings (``Targets.place``); rows no owner's pattern matches
  belong to "ingen ägare". An owner's "granskade sidor" are its audited rows, as in the
  readability view, whose share over the LIX target the owner table repeats.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from audits.model import (
    Finding,
    FindingKind,
    Outcome,
    PageResult,
    PageStatus,
    Source,
    is_wcag_violation,
    kind_of,
    most_severe,
    severity,
)
from audits.policy import CRITERIA, RULES, Criterion, Indicator
from audits.targets import NO_OWNER
from reports.i18n import SWEDISH, Translator
from reports.labels import IMPACT_LABELS_SV, SITE_NAME_SV
from reports.ruletexts import RuleTexts
from reports.runsettings import Targets
from reports.viewmodel.pages import PageSummary, PolicyExample, PolicyGroup, PolicyRuleView
from reports.viewmodel.parts import Count, wcag_from_tags
from reports.viewmodel.sections import (
    CriterionView,
    IndicatorPage,
    IndicatorView,
    OwnerRow,
    PolicyView,
    ReadabilityView,
    Scorecard,
)

WORST_N = 5
_CRITERION_TAG = re.compile(r"kriterium-(\w+)")
_NAMES = {c.id: c.name for c in CRITERIA}
_INDICATORS: tuple[tuple[int, Indicator], ...] = tuple(
    (n, i) for n, c in enumerate(CRITERIA) for i in c.indicators)


def policy_rules(
    pages: Iterable[PageResult], rules: RuleTexts, words: Translator = SWEDISH
) -> dict[str, PolicyRuleView]:
    """A view of every policy rule with findings on ``pages``, with its texts."""
    found: dict[str, list[Finding]] = {}
    for page in pages:
        for f in page.findings:
            if kind_of(f) is FindingKind.POLICY:
                found.setdefault(f.rule, []).append(f)
    views = {}
    for rule_id, findings in found.items():
        info = rules.info(rule_id, Source.KLARSYN)
        criterion = RULES[rule_id].criterion if rule_id in RULES else next(
            (m.group(1) for t in info.tags if (m := _CRITERION_TAG.fullmatch(t))), "")
        impact = most_severe(f.impact for f in findings)
        views[rule_id] = PolicyRuleView(
            id=rule_id, help=info.help, description=info.description,
            criterion_name=_label(_NAMES.get(criterion, ""), words), impact=impact,
            impact_label=words.gettext(IMPACT_LABELS_SV[impact]),
            wcag=wcag_from_tags((*info.tags, *(t for f in findings for t in f.wcag)),
                                document=rule_id in RULES and RULES[rule_id].document))
    return views


def page_policy(
    page: PageResult, views: Mapping[str, PolicyRuleView], words: Translator = SWEDISH
) -> tuple[PolicyGroup, ...]:
    """The page's policy findings by rule: in criterion order, the most severe first."""
    by_rule: dict[str, list[Finding]] = {}
    for f in page.findings:
        if kind_of(f) is FindingKind.POLICY:
            by_rule.setdefault(f.rule, []).append(f)
    order = [words.gettext(c.name) for c in CRITERIA]

    def rank(rule: PolicyRuleView) -> tuple[int, int, str]:
        place = order.index(rule.criterion_name) if rule.criterion_name in order else len(order)
        return place, severity(rule.impact), rule.id

    groups = [PolicyGroup(views[rule_id], tuple(PolicyExample(f.selector, f.snippet, f.message)
                                                for f in items))
              for rule_id, items in by_rule.items()]
    return tuple(sorted(groups, key=lambda g: rank(g.rule)))


def policy_view(
    rows: Sequence[tuple[PageResult, PageSummary]],
    targets: Targets,
    readability: ReadabilityView,
    owner: str | None = None,
    words: Translator = SWEDISH,
) -> PolicyView:
    """The scorecards of the shown ledger rows (each with its page's summary).

    ``readability`` gives each owner's share of pages over the LIX target; ``owner`` set:
    a one-owner report, whose scorecard is that owner's alone.
    """
    hits = {page.url: _hits(page) for page, _ in rows}
    by_owner: dict[str, list[tuple[PageResult, PageSummary]]] = {}
    for page, view in rows:
        by_owner.setdefault(view.owner, []).append((page, view))
    names = [owner] if owner is not None else [*(o.name for o in targets.owners), NO_OWNER]
    names = list(dict.fromkeys(names))
    contacts = {o.name: o.contact for o in targets.owners}
    sectioned = owner is None and bool(targets.owners)
    anchors = {name: f"agare-{n}" for n, name in enumerate(names, start=1)} if sectioned else {}
    over = {g.name: g.over_share for g in readability.owners}
    site_name = owner if owner is not None else words.gettext(SITE_NAME_SV)
    unmapped = [page.url for page, _ in rows for f in page.findings
                if kind_of(f) is FindingKind.POLICY
                and not any(_names(i, f.rule) for _, i in _INDICATORS)]
    return PolicyView(
        site=_scorecard(site_name, contacts.get(site_name, ""), "policy", rows, hits, False,
                        words),
        owners=tuple(_scorecard(name, contacts.get(name, ""), anchors[name],
                                by_owner.get(name, []), hits, True, words) for name in anchors),
        owner_rows=tuple(_owner_row(name, contacts.get(name, ""), anchors.get(name),
                                    by_owner.get(name, []), hits, over.get(name))
                         for name in names),
        total=None if owner is not None else _owner_row(
            words.gettext(SITE_NAME_SV), "", None, rows, hits, readability.total.over_share),
        owners_configured=bool(targets.owners),
        criterion_names=tuple(words.gettext(c.name) for c in CRITERIA if c.measurable),
        unmapped=Count(len(unmapped), len(set(unmapped))),
    )


def _names(indicator: Indicator, rule_id: str) -> bool:
    """Whether the indicator names the rule, by id or by prefix."""
    by_prefix = bool(indicator.prefix) and rule_id.startswith(indicator.prefix)
    return rule_id in indicator.rules or by_prefix


def _counts(indicator: Indicator, f: Finding) -> bool:
    """Whether ``indicator`` counts ``f`` (see the module's counting rules)."""
    if indicator.wcag:
        return is_wcag_violation(f)
    return f.outcome is Outcome.VIOLATION and _names(indicator, f.rule)


def _hits(page: PageResult) -> tuple[int, ...]:
    """The page's count for every indicator, in ``_INDICATORS`` order."""
    return tuple(sum(_counts(i, f) for f in page.findings) for _, i in _INDICATORS)


def _measures(indicator: Indicator) -> tuple[str, ...]:
    """The rule ids the indicator counts ("klarsprak-*" for a prefix); none for WCAG."""
    return (*indicator.rules, *([f"{indicator.prefix}*"] if indicator.prefix else ()))


def _where(pages: int, documents: int, words: Translator = SWEDISH) -> str:
    """ "3 sidor", "1 dokument", "1 sida och 2 dokument" (empty for none)."""
    parts = [words.ngettext("%(n)s sida", "%(n)s sidor", pages) % {"n": pages} if pages else "",
             words.ngettext("%(n)s dokument", "%(n)s dokument", documents) % {"n": documents}
             if documents else ""]
    return words.gettext(" och ").join(p for p in parts if p)


def _label(text: str, words: Translator) -> str:
    return words.gettext(text) if text else ""


def _scorecard(
    name: str,
    contact: str,
    anchor: str,
    rows: Sequence[tuple[PageResult, PageSummary]],
    hits: Mapping[str, tuple[int, ...]],
    with_pages: bool,
    words: Translator = SWEDISH,
) -> Scorecard:
    def indicator(k: int, ind: Indicator) -> IndicatorView:
        counts = [(hits[p.url][k], p, v) for p, v in rows if hits[p.url][k]]
        counts.sort(key=lambda item: (-item[0], item[1].url))
        return IndicatorView(
            name=words.gettext(ind.name), how=words.gettext(ind.how), wcag=ind.wcag,
            measures=_measures(ind),
            count=Count(sum(n for n, _, _ in counts), len(counts)),
            where=_where(sum(not v.document for _, _, v in counts),
                         sum(v.document for _, _, v in counts), words),
            worst=tuple(IndicatorPage(v.url, v.anchor, v.title, v.document, n)
                        for n, p, v in counts[:WORST_N]),
            more=max(0, len(counts) - WORST_N))

    def criterion(n: int, c: Criterion) -> CriterionView:
        ks = [k for k, (cn, _) in enumerate(_INDICATORS) if cn == n]
        views = tuple(indicator(k, _INDICATORS[k][1]) for k in ks)
        touched = sum(any(hits[p.url][k] for k in ks) for p, _ in rows)
        return CriterionView(c.id, words.gettext(c.name), f"{anchor}-{c.id}", c.measurable,
                             words.gettext(c.manual), views,
                             Count(sum(v.count.occurrences for v in views), touched))

    problem = [v for _, v in rows if v.wcag_count or v.policy_count or v.flag_count]
    problem.sort(key=lambda v: (-(v.wcag_count + v.policy_count + v.flag_count), v.url.text))
    return Scorecard(
        name=name, contact=contact, anchor=anchor,
        audited=sum(p.status is PageStatus.AUDITED for p, _ in rows),
        wcag=Count(sum(v.wcag_count for _, v in rows), sum(v.wcag_count > 0 for _, v in rows)),
        policy=Count(sum(v.policy_count for _, v in rows),
                     sum(v.policy_count > 0 for _, v in rows)),
        criteria=tuple(criterion(n, c) for n, c in enumerate(CRITERIA)),
        pages=tuple(problem) if with_pages else ())


def _owner_row(
    name: str,
    contact: str,
    anchor: str | None,
    rows: Sequence[tuple[PageResult, PageSummary]],
    hits: Mapping[str, tuple[int, ...]],
    over_share: float | None,
) -> OwnerRow:
    per_criterion = [sum(hits[p.url][k] for p, _ in rows for k, (cn, _) in
                         enumerate(_INDICATORS) if cn == n)
                     for n, c in enumerate(CRITERIA) if c.measurable]
    return OwnerRow(
        name=name, contact=contact, anchor=anchor,
        audited=sum(p.status is PageStatus.AUDITED for p, _ in rows),
        wcag=Count(sum(v.wcag_count for _, v in rows), sum(v.wcag_count > 0 for _, v in rows)),
        criteria=tuple(per_criterion),
        flags=sum(v.flag_count for _, v in rows),
        over_share=over_share)

