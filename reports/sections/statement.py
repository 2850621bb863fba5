"""The draft tillgänglighetsredogörelse's figures: the shortcomings and what the audit suggests.

Counting rules (``shortcomings``):
- A shortcoming is a success criterion that a WCAG violation of the run breaks
  (``audits.model.FindingKind.WCAG``: axe-core's violations of WCAG rules). Best practice,
  needs review, klarspråk flags and policy findings are never shortcomings.
- Its ``pages`` count each audited HTML page with such a violation once; its
  ``template_pages`` those of them where the violation is a template fault
  (``reports.prepare.Marker``); the share is of the audited HTML pages.
- Its user situations come from the requirement mapping (``audits.requirements``, EN 301 549
  V3.2.1 Annex B, Table B.2), in the order of EN 301 549 clause 4.2. A criterion the mapping
  gives no situation (or does not know) goes to the group ``UNMAPPED``, so nothing is lost.
- A violation whose tags name no criterion counts under the criterion "" (shown by its
  rules' help texts).

What the audit suggests for the compliance wording (``suggest``): no violation found →
no suggestion (automated testing can never show full compliance); violations → at most
"delvis förenlig"; many (``SEVERE_CRITERIA`` criteria or more) or severe (critical
violations on at least ``SEVERE_SHARE`` of the audited pages) → consider "inte förenlig".
These are heuristics for a decision the organisation makes; the draft says so.

The wording of the draft is ``reports.sections.statementtext``'s.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urlsplit

from audits.model import FindingKind as Kind
from audits.model import Impact, PageResult, PageStatus, kind_of
from audits.requirements import Requirements, criteria_from_tags, criterion_key, requirements
from reports.i18n import Translator, translator
from reports.prepare import Marker, ReportInput
from reports.sections.pages import is_html
from reports.sections.site import run_site_name
from reports.sections.statementfaults import inaccessible_section
from reports.sections.statementtext import (
    LAW,
    compliance_section,
    contact_sections,
    para,
    supervision_section,
    technical_section,
    testing_section,
)
from reports.sections.thirdparty import third_party_view
from reports.viewmodel.parts import make_link
from reports.viewmodel.statement import (
    Audit,
    AuditMethod,
    Example,
    Fill,
    Found,
    LinkPart,
    Paragraph,
    Part,
    StatementView,
    Suggestion,
    Text,
)

#: The group of criteria the requirement mapping relates to no user situation.
UNMAPPED = ""
#: This many broken criteria (of WCAG 2.1's 50 at A/AA) suggest "inte förenlig".
SEVERE_CRITERIA = 10
#: Critical violations on this share of the audited pages suggest "inte förenlig".
SEVERE_SHARE = 0.5
#: Example pages named in a shortcoming's line (when it is not on every page).
EXAMPLES = 3


def audit_figures(rows: Sequence[PageResult], marker: Marker, reqs: Requirements) -> Audit:
    """The figures of ``rows`` (see the module's counting rules)."""
    html = sorted(
        (p for p in rows if p.status is PageStatus.AUDITED and is_html(p)), key=lambda p: p.url
    )
    pages: defaultdict[str, dict[str, PageResult]] = defaultdict(dict)
    template: defaultdict[str, set[str]] = defaultdict(set)
    rules: defaultdict[str, dict[str, None]] = defaultdict(dict)
    failing: set[str] = set()
    critical: set[str] = set()
    review, review_pages = 0, set()
    for page in html:
        for f in page.findings:
            kind = kind_of(f)
            if kind is Kind.NEEDS_REVIEW:
                review += 1
                review_pages.add(page.url)
            if kind is not Kind.WCAG:
                continue
            failing.add(page.url)
            if f.impact == Impact.CRITICAL:
                critical.add(page.url)
            for c in criteria_from_tags(f.wcag) or (UNMAPPED,):
                pages[c][page.url] = page
                rules[c][f.rule] = None
                if marker.template_key(f) is not None:
                    template[c].add(page.url)
    found = []
    for c in sorted(pages, key=lambda c: criterion_key(c) if c else (99,)):
        known = reqs.criteria.get(c)
        on = pages[c]
        found.append(
            Found(
                criterion=c,
                level=known.level if known else "",
                pages=len(on),
                template_pages=len(template[c]),
                rules=tuple(rules[c]),
                examples=tuple(
                    Example(p.title.strip(), p.url) for p in list(on.values())[:EXAMPLES]
                ),
                situations=situations_of(c, reqs),
            )
        )
    failed = sum(p.status is PageStatus.FAILED for p in rows)
    return Audit(
        len(html), tuple(found), len(failing), len(critical), review, len(review_pages), failed
    )


def situations_of(criterion: str, reqs: Requirements) -> tuple[str, ...]:
    """The Swedish names of the user situations ``criterion`` affects, in the order of
    EN 301 549 clause 4.2; () when the mapping has none."""
    known = reqs.criteria.get(criterion)
    if known is None:
        return ()
    return tuple(reqs.situation_names[fps] for fps in sorted(known.situations, key=criterion_key))


def grouped(
    found: Sequence[Found], reqs: Requirements
) -> tuple[tuple[str, tuple[Found, ...]], ...]:
    """The broken criteria by user situation, in the order of EN 301 549 clause 4.2, each
    situation's criteria in numeric order; situations with none are left out, and the
    criteria with no situation come last as ``UNMAPPED``. A criterion that affects several
    situations is listed under each (as DIGG's model lists problems)."""
    order = [reqs.situation_names[fps] for fps in sorted(reqs.situation_names, key=criterion_key)]
    groups = [(name, tuple(f for f in found if name in f.situations)) for name in order]
    unmapped = tuple(f for f in found if not f.situations)
    return tuple(g for g in (*groups, (UNMAPPED, unmapped)) if g[1])


def suggest(audit: Audit) -> Suggestion:
    """What the audit suggests for the compliance wording (see the module's docstring)."""
    if not audit.found:
        return Suggestion.REVIEW
    many = sum(1 for f in audit.found if f.criterion) >= SEVERE_CRITERIA
    severe = audit.audited > 0 and audit.critical_pages / audit.audited >= SEVERE_SHARE
    return Suggestion.NOT if many or severe else Suggestion.PARTLY


def statement_view(
    report: ReportInput,
    reqs: Requirements | None = None,
    tr: Translator | None = None,
) -> StatementView:
    """The draft statement of a prepared input, in DIGG's structure
    (``reports.sections.statementtext``), from ``reqs`` (default: the shipped mapping) and
    with headings and guidance in ``tr``'s language (default: the report's)."""
    reqs = reqs if reqs is not None else requirements()
    tr = tr if tr is not None else translator(report.lang)
    _ = tr.gettext
    run, settings = report.run, report.settings
    audit = audit_figures(report.rows, report.marker, reqs)
    suggestion = suggest(audit)
    day = _day(run.started)
    name = run_site_name(run, settings)
    hosts = {urlsplit(u).netloc for u in settings.start_urls}
    site: Part
    if settings.fixed_urls or not name:
        site = Fill(_("webbplatsens adress"))
        title: Paragraph = (Text(_("Tillgänglighet för") + " "), Fill(_("webbplatsens namn")))
        where = f"från en lista med {len(settings.start_urls)} adresser"
    else:
        first = settings.start_urls[0] if len(hosts) == 1 else ""
        site = LinkPart(first, first) if make_link(first).href else Text(first or name)
        title = (Text(_("Tillgänglighet för {site}").format(site=name)),)
        where = f"på {name}"
    method = AuditMethod(day, run.tool_version, run.axe_version, run.browser_version, where)
    legend = (
        para(
            _(
                "klarsyn har skrivit det här utkastet utifrån den automatiska granskningen "
                "den {date}. Det följer strukturen i Diggs mall för "
                "tillgänglighetsredogörelse."
            ).format(date=day)
        ),
        para(
            _("Innan ni publicerar: ersätt varje markering som den här "),
            Fill("…"),
            _(" med era egna uppgifter, eller ta bort avsnittet där markeringen säger det."),
        ),
        para(
            _(
                "Fatta beslutet om hur förenlig webbplatsen är med lagen (under ”Hur "
                "tillgänglig är webbplatsen?”)."
            )
        ),
        para(
            _(
                "Lägg till brister som ni känner till från manuell granskning och från "
                "användarnas synpunkter. En automatisk granskning hittar bara en del av "
                "bristerna."
            )
        ),
        para(_("Ta bort klarsyns anvisningar och den här rutan innan ni publicerar.")),
    )
    intro = (
        para(
            Fill(_("organisationens namn")),
            " står bakom webbplatsen ",
            site,
            ". Vi vill att så många som möjligt ska kunna använda webbplatsen. Här beskriver vi "
            f"hur webbplatsen uppfyller {LAW}, vilka kända brister den har och hur du kan "
            "rapportera brister till oss så att vi kan åtgärda dem.",
        ),
    )
    other_hosts = tuple(h.host for h in third_party_view(report.rows, {}).hosts)
    return StatementView(
        lang="sv",
        guide_lang=tr.lang,
        fill_label=_("FYLL I"),
        note_label=_("Anvisning från klarsyn – ta bort före publicering"),
        decision_label=_("Beslut att fatta"),
        doc_title=_("Tillgänglighetsredogörelse för {site} (utkast)").format(
            site=name or _("webbplatsens namn")
        ),
        title=title,
        legend_title=_("Utkast – inte klart att publicera"),
        legend=legend,
        intro=intro,
        sections=(
            compliance_section(tr, audit, suggestion),
            *contact_sections(tr),
            supervision_section(tr),
            technical_section(tr),
            inaccessible_section(
                tr, audit, grouped(audit.found, reqs), report.rules.help, day, other_hosts
            ),
            testing_section(tr, audit, method, run.partial),
        ),
        audit=audit,
        suggestion=suggestion,
        generator=f"klarsyn {run.tool_version}",
        footer=_("Utkastet är skrivet av {generator}.").format(
            generator=f"klarsyn {run.tool_version}"
        ),
    )


def _day(started: str) -> str:
    """The day of an ISO 8601 time ("2026-05-04"); anything else as given."""
    try:
        return datetime.fromisoformat(started).date().isoformat()
    except ValueError:
        return started
