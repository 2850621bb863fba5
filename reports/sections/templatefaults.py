"""Template faults ("mallfel"): one fault of the CMS template, not N faults of N editors.

A fault in a region every page shares (header, menu, footer) is one fault of the template.
``reports.history.template_keys`` decides which page-independent keys
(``audits.fingerprint.site_key``) are template faults, on the whole site's rows before a
report is limited to one owner (``reports.prepare``), so an owner's report marks the same
faults as the site's; a finding is a template fault when its key is one of them. Each
(rule, key) is shown once as "1 fel × N sidor" with up to ``EXAMPLES`` example pages, for
the CMS vendor or the web team; every other finding is an editorial fault ("redaktionellt
fel") for the page's editor.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

from audits.model import Finding, FindingKind, PageResult, kind_of, most_severe, severity
from reports.i18n import SWEDISH, Translator
from reports.labels import IMPACT_LABELS_SV, KIND_LABELS_SV
from reports.prepare import Marker
from reports.ruletexts import RuleTexts
from reports.viewmodel.parts import RulePage, make_link
from reports.viewmodel.sections import TemplateFault, TemplateSummary

EXAMPLES = 5
#: The kinds in the order the section lists them: WCAG violations first.
_KIND_ORDER = tuple(FindingKind)


def template_faults(
    pages: Sequence[PageResult],
    marker: Marker,
    rules: RuleTexts,
    anchors: Mapping[str, str],
    rule_anchors: Mapping[str, str],
    words: Translator = SWEDISH,
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
        impact = most_severe(f.impact for _, f in hits)
        first = hits[0][1]
        faults.append(TemplateFault(
            anchor="", rule=rule_id, site_key=key, help=rules.help(rule_id),
            kind=kind, kind_label=words.gettext(KIND_LABELS_SV[kind]), impact=impact,
            impact_label=words.gettext(IMPACT_LABELS_SV[impact]),
            rule_anchor=rule_anchors.get(rule_id),
            pages=len(urls), occurrences=len(hits),
            examples=tuple(RulePage(make_link(u), anchors.get(u, ""),
                                    sum(url == u for url, _ in hits)) for u in urls[:EXAMPLES]),
            selector=first.selector, snippet=first.snippet))
    faults.sort(key=lambda t: (_KIND_ORDER.index(t.kind), -t.pages,
                               severity(t.impact), t.rule, t.site_key))
    return tuple(replace(t, anchor=f"mallfel-{n}") for n, t in enumerate(faults, start=1))


def template_summary(pages: Sequence[PageResult], marker: Marker) -> TemplateSummary:
    """WCAG violations split into template and editorial faults (see TemplateSummary)."""
    keys: set[tuple[str, str]] = set()
    template: list[str] = []
    editorial: list[str] = []
    for page in pages:
        for f in page.findings:
            if kind_of(f) is not FindingKind.WCAG:
                continue
            if (key := marker.template_key(f)) is not None:
                keys.add((f.rule, key))
                template.append(page.url)
            else:
                editorial.append(page.url)
    return TemplateSummary(len(keys), len(template), len(set(template)), len(editorial),
                           len(set(editorial)))
