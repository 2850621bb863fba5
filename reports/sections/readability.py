"""The readability and klarspråk part of the report view.

Counting rules (the figures a språkvårdare will quote):
- A page is *scored* when it has a LIX. It is *over target* when its LIX, rounded to one
  decimal as the report shows it, exceeds its audience's target; a LIX equal to the target
  is within it. The share over target is percent of the scored pages.
- Sections (``section_of``), owners (``owner_for``; "ingen ägare" when no pattern matches)
  and audiences (``audience_for``) come from the run's settings, so a report rendered again
  from the store groups the pages as the run did.
- Klarspråk flags are klarsyn's own findings (source "klarsyn") other than the policy
  checks' (``policy-*``, counted in reports/sections/policy.py); see
  ``audits.model.FindingKind``. They are never counted as WCAG violations, best practice
  or needs review; they are counted here, per rule.
- A measure the audit did not compute stays None and is shown as "ej beräknad", never 0.
  The model's shares (``long_sentence_share``, ``long_word_share``) are fractions of 1;
  the report shows them in percent.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from audits import language
from audits.model import Finding, FindingKind, PageResult, Readability, Source, kind_of
from audits.plain_language import is_swedish
from audits.readability import TOO_LITTLE_TEXT
from audits.targets import NO_OWNER, Audience
from reports.i18n import SWEDISH, Translator
from reports.labels import (
    BAND_LABELS_SV,
    BLOCK_KIND_LABELS_SV,
    SITE_NAME_SV,
    VERDICT_LABELS_SV,
    label,
)
from reports.ruletexts import RuleTexts
from reports.runsettings import Targets
from reports.viewmodel.pages import (
    BlockView,
    FlagExample,
    FlagRule,
    Metric,
    PageFlagGroup,
    PageSummary,
    Target,
    Verdict,
)
from reports.viewmodel.parts import Count, RulePage, make_link, wcag_from_tags
from reports.viewmodel.sections import BandRow, GroupRow, HardPage, ReadabilityView

#: The klarspråk rule whose snippets are a page's long sentences (klarsprak/sentence_rules.py).
LONG_SENTENCE_RULE = "klarsprak-long-sentence"
SENTENCES_PER_PAGE = 3
EXAMPLES_PER_RULE = 5
TOP_N = 10
SCORED_BANDS: tuple[str, ...] = tuple(b for b in BAND_LABELS_SV if b != TOO_LITTLE_TEXT)


def band_code(page: PageResult) -> str | None:
    """The page's LIX band; a readability result without a score means too little text."""
    r = page.readability
    if r is None:
        return None
    return r.band if r.lix is not None and r.band else TOO_LITTLE_TEXT


def target_of(
    readability: Readability | None, audience: Audience, words: Translator = SWEDISH
) -> Target:
    """The page's LIX, as the report rounds it, against its audience's target."""
    lix = readability.lix if readability else None
    if lix is None:
        verdict, difference = Verdict.UNSCORED, None
    else:
        difference = audience.difference(lix)
        verdict = Verdict.OVER if difference > 0 else Verdict.WITHIN
    return Target(
        audience.name,
        audience.lix_target,
        verdict,
        words.gettext(VERDICT_LABELS_SV[verdict]),
        difference,
    )


def metrics_of(r: Readability | None, words: Translator = SWEDISH) -> tuple[Metric, ...]:
    """The page's readability measures besides LIX, in the order the report explains them."""

    def percent(share: float | None) -> float | None:
        return None if share is None else 100 * share

    _ = words.gettext
    return (
        Metric(_("OVIX (ordvariation)"), r.ovix if r else None, "", 1),
        Metric(
            _("Genomsnittlig meningslängd"),
            r.mean_sentence_length if r else None,
            " " + _("ord"),
            1,
        ),
        Metric(
            _("Andel långa meningar (över 25 ord)"),
            percent(r.long_sentence_share) if r else None,
            " %",
            0,
        ),
        Metric(
            _("Andel långa ord (över 6 bokstäver)"),
            percent(r.long_word_share) if r else None,
            " %",
            0,
        ),
        Metric(_("Nominalkvot"), r.nominal_ratio if r else None, "", 2),
    )


def blocks_of(page: PageResult, words: Translator = SWEDISH) -> tuple[BlockView, ...]:
    return tuple(
        BlockView(
            b.kind,
            label(BLOCK_KIND_LABELS_SV.get(b.kind, ""), words) or b.kind,
            b.text,
            b.template,
            lang=language.primary_subtag(b.lang) if language.is_well_formed(b.lang) else "",
            language="" if is_swedish(b.lang) else _language_name(b.lang, words),
        )
        for b in page.blocks
    )


def flag_rules(
    pages: Sequence[PageResult], anchors: Mapping[str, str], rules: RuleTexts
) -> tuple[FlagRule, ...]:
    """One FlagRule per klarspråk rule that flagged something, widest first."""
    hits: defaultdict[str, list[tuple[str, Finding]]] = defaultdict(list)
    for page in pages:
        for f in page.findings:
            if kind_of(f) is FindingKind.FLAG:
                hits[f.rule].append((page.url, f))
    views = []
    for rule_id, pairs in hits.items():
        info = rules.info(rule_id, Source.KLARSYN)
        tags = (*info.tags, *(t for _, f in pairs for t in f.wcag))
        per_page = sorted(Counter(url for url, _ in pairs).items(), key=lambda i: (-i[1], i[0]))
        # dict keys: the distinct (page, snippet, message) triples in first-seen order
        distinct = list({(url, f.snippet, f.message): None for url, f in pairs})
        views.append(
            FlagRule(
                id=rule_id,
                anchor=f"klarsprak-regel-{re.sub(r'[^A-Za-z0-9_-]', '-', rule_id)}",
                help=info.help,
                description=info.description,
                help_href=make_link(info.help_url).href,
                wcag=wcag_from_tags(tags),
                pages=tuple(RulePage(make_link(url), anchors[url], n) for url, n in per_page),
                occurrences=len(pairs),
                examples=tuple(
                    FlagExample(make_link(url), anchors[url], snippet, message)
                    for url, snippet, message in distinct[:EXAMPLES_PER_RULE]
                ),
            )
        )
    return tuple(sorted(views, key=lambda r: (-len(r.pages), -r.occurrences, r.id)))


def page_flags(
    page: PageResult, anchor: str, by_id: Mapping[str, FlagRule]
) -> tuple[PageFlagGroup, ...]:
    """The page's klarspråk flags grouped by rule, in the site-wide rule order."""
    by_rule: defaultdict[str, list[Finding]] = defaultdict(list)
    for f in page.findings:
        if kind_of(f) is FindingKind.FLAG:
            by_rule[f.rule].append(f)
    rank = {rule_id: n for n, rule_id in enumerate(by_id)}
    link = make_link(page.url)
    return tuple(
        PageFlagGroup(
            by_id[rule_id], tuple(FlagExample(link, anchor, f.snippet, f.message) for f in items)
        )
        for rule_id, items in sorted(by_rule.items(), key=lambda i: rank[i[0]])
    )


def readability_view(
    pages: Sequence[tuple[PageResult, PageSummary]],
    rules: tuple[FlagRule, ...],
    targets: Targets,
    words: Translator = SWEDISH,
) -> ReadabilityView:
    """The "Läsbarhet och klarspråk" section from the audited pages (each row with its
    summary)."""
    audited = [v for _, v in pages]
    with_result = [v for v in audited if v.band is not None]
    bands = Counter(v.band for v in with_result)
    codes = [*BAND_LABELS_SV, *(b for b in bands if b not in BAND_LABELS_SV)]
    total = _group(words.gettext(SITE_NAME_SV), "", audited)
    by_owner = _split(audited, lambda v: v.owner)
    by_audience = _split(audited, lambda v: v.target.audience)
    targets_by_name = {a.name: a.lix_target for a in targets.audiences}
    targets_by_name.update({v.target.audience: v.target.lix_target for v in audited})
    owner_names = [*(o.name for o in targets.owners), *([NO_OWNER] if NO_OWNER in by_owner else [])]
    contacts = {o.name: o.contact for o in targets.owners}
    flagged = [p for r in rules for p in r.pages]
    return ReadabilityView(
        rows=tuple(
            BandRow(
                b,
                label(BAND_LABELS_SV.get(b, ""), words) or b,
                bands[b],
                100 * bands[b] / len(with_result) if with_result else 0.0,
            )
            for b in codes
        ),
        scored=total.scored,
        median_lix=total.median_lix,
        unscored=len(audited) - len(with_result),
        band_labels=tuple(words.gettext(BAND_LABELS_SV[b]) for b in SCORED_BANDS),
        total=total,
        sections=tuple(
            _group(name, "", views)
            for name, views in sorted(
                _split(audited, lambda v: v.section).items(), key=lambda i: i[0].casefold()
            )
        ),
        owners=tuple(
            _group(name, contacts.get(name, ""), by_owner.get(name, ()))
            for name in dict.fromkeys(owner_names)
        ),
        audiences=tuple(
            _group(name, "", by_audience.get(name, ()), target)
            for name, target in targets_by_name.items()
        ),
        targets=tuple(sorted(with_result, key=_target_order)),
        hardest=tuple(
            _hard_page(page, v)
            for page, v in sorted(
                ((page, v) for page, v in pages if v.lix is not None),
                key=lambda item: (-(item[1].lix or 0.0), item[1].url.text),
            )[:TOP_N]
        ),
        flag_rules=rules,
        flags=Count(sum(p.occurrences for p in flagged), len({p.page.text for p in flagged})),
    )


def _language_name(tag: str, words: Translator) -> str:
    """The name of a language tag's language for the reader: Swedish names from
    ``audits.language``; in another report language the tag itself (``en``, ``fi``) when the
    catalogue has no name for it."""
    name = language.name_sv(tag)
    if words.lang == "sv":
        return name
    return str(words.catalogue.get(name) or tag)


def _split(
    views: Iterable[PageSummary], key: Callable[[PageSummary], str]
) -> dict[str, list[PageSummary]]:
    groups: defaultdict[str, list[PageSummary]] = defaultdict(list)
    for v in views:
        groups[key(v)].append(v)
    return groups


def _group(
    name: str, contact: str, views: Sequence[PageSummary], lix_target: float | None = None
) -> GroupRow:
    scores = [v.lix for v in views if v.lix is not None]
    bands = Counter(v.band for v in views if v.lix is not None)
    over = sum(v.target.verdict is Verdict.OVER for v in views)
    return GroupRow(
        name=name,
        contact=contact,
        audited=len(views),
        scored=len(scores),
        median_lix=statistics.median(scores) if scores else None,
        bands=tuple(bands[b] for b in SCORED_BANDS),
        over_target=over,
        over_share=100 * over / len(scores) if scores else None,
        flags=sum(v.flag_count for v in views),
        lix_target=lix_target,
    )


def _target_order(v: PageSummary) -> tuple[int, float, str]:
    """Furthest over target first; pages without a LIX last."""
    d = v.target.difference
    return (1, 0.0, v.url.text) if d is None else (0, -d, v.url.text)


def _hard_page(page: PageResult, view: PageSummary) -> HardPage:
    """The page with the snippets of its long-sentence flags, the longest first."""
    snippets = {
        f.snippet
        for f in page.findings
        if f.rule == LONG_SENTENCE_RULE and kind_of(f) is FindingKind.FLAG and f.snippet
    }
    longest = sorted(snippets, key=lambda s: (-len(s.split()), s))
    return HardPage(view, tuple(longest[:SENTENCES_PER_PAGE]))
