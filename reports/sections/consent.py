"""The cookie banner as its own item: audited once, open, on the start page (``[consent]``).

With ``[consent]`` the browsers answer the banner before they audit (crawler/browser/
consent.py), so its faults are not on every page of the report; they are here instead,
once, with the host the banner came from: a banner from another host is the supplier's
to fix (see reports/sections/thirdparty.py), one of the site's own is the web team's.
Everything shown is page-derived text (selectors, snippets, hosts): autoescaped, and a
URL becomes a link only through ``make_link``.
"""

from __future__ import annotations

from collections.abc import Mapping

from audits.model import ConsentBanner, FindingKind, kind_of, known_impact, severity
from reports.i18n import SWEDISH, Translator
from reports.labels import IMPACT_LABELS_SV, KIND_LABELS_SV
from reports.ruletexts import RuleTexts
from reports.viewmodel.parts import make_link, wcag_from_tags
from reports.viewmodel.sections import BannerFault, ConsentView

#: The order the banner's results are listed in: WCAG violations, then the rest.
_KIND_ORDER = {kind: n for n, kind in enumerate(FindingKind)}


def consent_view(
    banner: ConsentBanner | None,
    settings: Mapping[str, object],
    rules: RuleTexts,
    words: Translator = SWEDISH,
) -> ConsentView | None:
    """The section of ``banner`` (None: the run audited no banner), with the answer the
    run's stored ``[consent]`` settings gave."""
    if banner is None:
        return None
    stored = settings.get("consent")
    consent = stored if isinstance(stored, dict) else {}
    action = str(consent.get("action") or "reject")
    button = str(consent.get(action) or "")
    findings = sorted(
        banner.findings,
        key=lambda f: (_KIND_ORDER[kind_of(f)], severity(f.impact), f.rule, f.selector),
    )
    faults = tuple(
        BannerFault(
            rule=f.rule,
            help=rules.help(f.rule),
            kind_label=words.gettext(KIND_LABELS_SV[kind_of(f)]),
            impact=known_impact(f.impact),
            impact_label=words.gettext(IMPACT_LABELS_SV[known_impact(f.impact)]),
            criteria=wcag_from_tags(f.wcag).criteria,
            selector=f.selector,
            snippet=f.snippet,
        )
        for f in findings
    )
    return ConsentView(
        page=make_link(banner.url),
        action=action,
        button=button,
        state=banner.state,
        host=banner.host,
        third_party=banner.third_party,
        script_url=banner.script_url,
        wcag_count=sum(kind_of(f) is FindingKind.WCAG for f in banner.findings),
        faults=faults,
    )
