"""The draft statement's "Innehåll som inte är tillgängligt": the shortcomings, 12 §, 9 §.

"Bristande förenlighet med lagkraven" lists the run's shortcomings
(``reports.sections.statement.grouped``) by user situation, as DIGG recommends, one line
per success criterion: what the problem is for a visitor (``CRITERION_PROBLEMS``), on how
many of the audited pages, how many of them through the site's template, the criterion
and its level, and the pages (titles and URLs, page-derived text) when it is on only a few.
"Oskäligt betungande anpassning" (12 §) and "Innehåll som inte omfattas av lagstiftningen"
(9 §) are placeholders: klarsyn cannot judge either. The lines are Swedish whatever the
report language (the statement's body is a Swedish legal text); headings and guidance go
through ``gettext``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reports.i18n import Translator
from reports.sections.criteriontexts import CRITERION_PROBLEMS
from reports.sections.statementtext import note, p, pages_sv, para
from reports.viewmodel.statement import (
    Audit,
    Block,
    BlockKind,
    Fill,
    Found,
    Paragraph,
    Section,
    Text,
)


def shortcoming_line(found: Found, audited: int, rule_help: Callable[[str], str]) -> Paragraph:
    """One line: the problem for the visitor, on how many pages, and the criterion."""
    problem = CRITERION_PROBLEMS.get(found.criterion) or (
        "; ".join(rule_help(r) for r in found.rules) + "."
    )
    n, t = found.pages, found.template_pages
    if n == audited and t == n:
        where = f"Felet sitter i webbplatsens sidmall och finns därför på alla {pages_sv(n)}"
    else:
        where = (
            f"Felet finns på alla {pages_sv(n)}"
            if n == audited and n > 1
            else f"Felet finns på {n} av {pages_sv(audited)}"
        )
        if t:
            where += f", på {t} av dem i webbplatsens sidmall"
    ref = (
        f"WCAG {found.criterion}, nivå {found.level}"
        if found.level
        else f"WCAG {found.criterion}"
        if found.criterion
        else "WCAG"
    )
    line = f"{problem} {where} ({ref})."
    if n < audited and found.examples:
        named = [f"”{e.title}” ({e.url})" if e.title else e.url for e in found.examples]
        listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " och " + named[-1]
        lead = (
            " Det gäller sidan "
            if n == 1
            else " Det gäller sidorna "
            if n == len(named)
            else " Till exempel på sidorna "
        )
        line += lead + listed + "."
    return (Text(line),)


def inaccessible_section(
    tr: Translator,
    audit: Audit,
    groups: Sequence[tuple[str, Sequence[Found]]],
    rule_help: Callable[[str], str],
    audit_date: str,
    other_hosts: Sequence[str],
) -> Section:
    """ "Innehåll som inte är tillgängligt" with its three subsections."""
    _ = tr.gettext
    if audit.found:
        lead: tuple[Block, ...] = (
            p("Det innehåll som beskrivs nedan är på ett eller annat sätt inte helt tillgängligt."),
        )
    else:
        lead = (
            p(
                Fill(
                    _(
                        "efter den manuella granskningen: ”Det innehåll som beskrivs nedan är "
                        "på ett eller annat sätt inte helt tillgängligt.” eller, om inga "
                        "brister finns, ”Det finns inget känt innehåll som inte är "
                        "tillgängligt.”"
                    )
                )
            ),
        )
    situations = tuple(
        Section(
            f"situation-{n}",
            4,
            _("Problem vid " + name)
            if name
            else _("Brister som ännu inte kopplats till en användningssituation"),
            (
                Block(
                    BlockKind.LIST,
                    tuple(shortcoming_line(f, audit.audited, rule_help) for f in found),
                ),
            )
            + (
                (
                    note(
                        para(
                            _(
                                "klarsyns kravdata (EN 301 549, bilaga B, tabell B.2) kopplar "
                                "inte de här kriterierna till någon av Diggs "
                                "användningssituationer. Flytta varje brist till de "
                                "situationer den påverkar."
                            )
                        )
                    ),
                )
                if not name
                else ()
            ),
        )
        for n, (name, found) in enumerate(groups, start=1)
    )
    guide = [
        para(
            _(
                "Bristerna nedan är de fel mot WCAG som klarsyn hittade automatiskt den "
                "{date}, ordnade efter användningssituation som Digg rekommenderar. Lägg "
                "till brister från manuell granskning och från användarnas synpunkter, "
                "skriv gärna när ni planerar att åtgärda dem och ta bort det ni redan har "
                "rättat."
            ).format(date=audit_date)
        )
    ]
    if audit.review:
        guide.append(
            para(
                tr.ngettext(
                    "På {p} sida finns resultat som axe-core inte kunde avgöra ({r} st.). De står "
                    "inte här som brister: de behöver granskas manuellt (se rapporten).",
                    "På {p} sidor finns resultat som axe-core inte kunde avgöra ({r} st.). De står "
                    "inte här som brister: de behöver granskas manuellt (se rapporten).",
                    audit.review_pages,
                ).format(r=audit.review, p=audit.review_pages)
            )
        )
    lacking = Section(
        "bristande-forenlighet",
        3,
        _("Bristande förenlighet med lagkraven"),
        (note(*guide),)
        + (
            ()
            if audit.found
            else (
                p(
                    Fill(
                        _(
                            "brister från den manuella granskningen, ordnade efter "
                            "användningssituation, eller ta bort avsnittet"
                        )
                    )
                ),
            )
        ),
        situations,
    )
    burden = Section(
        "oskaligt-betungande",
        3,
        _("Oskäligt betungande anpassning"),
        (
            p(
                Fill(
                    _(
                        "om ni åberopar undantaget för oskäligt betungande anpassning i 12 § lagen "
                        "om tillgänglighet till digital offentlig service: beskriv vilket innehåll "
                        "det gäller, varför det vore oskäligt betungande att göra det tillgängligt "
                        "och hur ni har vägt kostnaderna mot nyttan för personer med "
                        "funktionsnedsättning. Annars: ta bort det här avsnittet."
                    )
                )
            ),
            note(
                para(
                    _(
                        "klarsyn kan inte bedöma om undantaget gäller. Åberopa det bara efter en "
                        "dokumenterad bedömning; Digg kan granska den."
                    )
                )
            ),
        ),
    )
    outside_notes: tuple[Block, ...] = ()
    if other_hosts:
        outside_notes = (
            note(
                para(
                    tr.ngettext(
                        "Sidorna hämtar innehåll från {n} annan webbplats: {hosts}. Innehåll "
                        "från tredje part hör hemma här bara om ni varken finansierar, "
                        "utvecklar eller kontrollerar det.",
                        "Sidorna hämtar innehåll från {n} andra webbplatser: {hosts}. "
                        "Innehåll från tredje part hör hemma här bara om ni varken "
                        "finansierar, utvecklar eller kontrollerar det.",
                        len(other_hosts),
                    ).format(n=len(other_hosts), hosts=", ".join(other_hosts))
                )
            ),
        )
    outside = Section(
        "omfattas-inte",
        3,
        _("Innehåll som inte omfattas av lagstiftningen"),
        (
            p(
                Fill(
                    _(
                        "innehåll som inte omfattas av lagen enligt 9 §, till exempel dokument i "
                        "kontorsformat som publicerades före den 23 september 2018 eller innehåll "
                        "från tredje part som ni varken finansierar, utvecklar eller kontrollerar. "
                        "Annars: ta bort det här avsnittet."
                    )
                )
            ),
            *outside_notes,
        ),
    )
    return Section(
        "inte-tillgangligt",
        2,
        _("Innehåll som inte är tillgängligt"),
        lead,
        (lacking, burden, outside),
    )
