"""The draft tillgänglighetsredogörelse's words, section by section, in DIGG's order.

The structure follows DIGG's model statement ("Mall för tillgänglighetsredogörelse",
webbplats) for lag (2018:1937) om tillgänglighet till digital offentlig service and
MDFFS 2019:2 6 §: the introduction; "Hur tillgänglig är webbplatsen?"; "Vad kan du göra
om du inte kan använda delar av webbplatsen?"; "Rapportera brister i webbplatsens
tillgänglighet"; "Tillsyn"; "Teknisk information om webbplatsens tillgänglighet";
"Innehåll som inte är tillgängligt" with "Bristande förenlighet med lagkraven" (by user
situation), "Oskäligt betungande anpassning" and "Innehåll som inte omfattas av
lagstiftningen"; "Hur vi testat webbplatsen" with the publication and update dates.

The shortcomings and the other parts of "Innehåll som inte är tillgängligt" are
``reports.sections.statementfaults``'s.

Languages: the statement is a Swedish legal text, so its body is Swedish whatever the
report language; the headings and klarsyn's own words to the organisation (notes, the
decision, placeholders) go through ``gettext`` (``reports.i18n``). Nothing is invented:
every fact klarsyn does not know (names, addresses, dates, the compliance decision) is a
placeholder (``Fill``).
"""

from __future__ import annotations

from collections.abc import Callable

from reports.i18n import Translator
from reports.viewmodel.statement import (
    Audit,
    AuditMethod,
    Block,
    BlockKind,
    Fill,
    LinkPart,
    Paragraph,
    Section,
    Suggestion,
    Text,
)

LAW = "lagen om tillgänglighet till digital offentlig service"
#: DIGG's model wordings of the three compliance levels (MDFFS 2019:2 6 § 2).
COMPLIANCE = (
    f"Den här webbplatsen är helt förenlig med {LAW}.",
    f"Den här webbplatsen är delvis förenlig med {LAW}, på grund av de brister som beskrivs nedan.",
    f"Den här webbplatsen är inte förenlig med {LAW}. Otillgängliga delar beskrivs nedan.",
)
#: DIGG's notification function (MDFFS 2019:2 6 § 6).
DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"
SAMPLE_COMMAND = "klarsyn report --format sample"


def p(*parts: str | Fill | LinkPart) -> Block:
    """A paragraph of plain strings and parts."""
    return Block(BlockKind.PARAGRAPH, (para(*parts),))


def para(*parts: str | Fill | LinkPart) -> Paragraph:
    return tuple(Text(x) if isinstance(x, str) else x for x in parts)


def note(*lines: Paragraph, title: str = "") -> Block:
    return Block(BlockKind.NOTE, lines, title)


def count_sv(n: int) -> str:
    return f"{n} sida" if n == 1 else f"{n} sidor"


def pages_sv(n: int) -> str:
    return f"{n} granskad sida" if n == 1 else f"{n} granskade sidor"


def day_fill(_: Callable[[str], str], what: str, audit_date: str) -> Fill:
    return Fill(
        _("{what}, ÅÅÅÅ-MM-DD (klarsyns granskning gjordes {date})").format(
            what=what, date=audit_date
        )
    )


def compliance_section(tr: Translator, audit: Audit, suggestion: Suggestion) -> Section:
    """ "Hur tillgänglig är webbplatsen?": the decision the organisation makes, with what
    the audit suggests and why."""
    _ = tr.gettext
    advice = [
        para(
            _(
                "Välj en av formuleringarna och skriv samma sak under ”Teknisk "
                "information om webbplatsens tillgänglighet”. Det är ni som bedömer "
                "hur förenlig webbplatsen är, inte klarsyn."
            )
        )
    ]
    criteria = tr.ngettext(
        "{k} framgångskriterium", "{k} framgångskriterier", len(audit.found)
    ).format(k=len(audit.found))
    found = _(
        "Den automatiska granskningen hittade fel mot {criteria} i WCAG 2.1 på {n} "
        "av {m} granskade sidor."
    ).format(criteria=criteria, n=audit.failing_pages, m=audit.audited)
    if suggestion is Suggestion.REVIEW:
        advice.append(
            para(
                _(
                    "klarsyns förslag: vänta med beslutet. Den automatiska granskningen "
                    "hittade inga fel mot WCAG på de {m} granskade sidorna. Det räcker inte för "
                    "att skriva ”helt förenlig”: automatiska tester hittar bara en del av "
                    "bristerna. Gör först en manuell granskning av ett urval sidor ({command})."
                ).format(m=audit.audited, command=SAMPLE_COMMAND)
            )
        )
    elif suggestion is Suggestion.PARTLY:
        advice.append(
            para(
                _("klarsyns förslag: högst ”delvis förenlig”.")
                + " "
                + found
                + " "
                + _(
                    "Så länge de finns kvar är webbplatsen inte helt förenlig. "
                    "Välj ”inte förenlig” om en manuell granskning visar att "
                    "många fler krav inte uppfylls."
                )
            )
        )
    else:
        advice.append(
            para(
                _("klarsyns förslag: överväg ”inte förenlig”.")
                + " "
                + found
                + " "
                + _(
                    "Fel med påverkan ”kritisk” finns på {c} av sidorna. Välj "
                    "”delvis förenlig” bara om ni bedömer att webbplatsen ändå "
                    "uppfyller de flesta kraven."
                ).format(c=audit.critical_pages)
            )
        )
    blocks = [
        Block(
            BlockKind.DECISION,
            tuple(para(s) for s in COMPLIANCE),
            _("Hur förenlig är webbplatsen med lagen? Välj en formulering."),
            tuple(advice),
        )
    ]
    if audit.found:
        blocks.append(
            p(
                "Vi vet att delar av webbplatsen inte är helt tillgängliga. Du kan "
                "läsa mer under rubriken ”Innehåll som inte är tillgängligt”."
            )
        )
    else:
        blocks.append(
            p(
                Fill(
                    _(
                        "en kort sammanfattning som stämmer med ert beslut, efter den "
                        "manuella granskningen"
                    )
                )
            )
        )
    return Section("hur-tillganglig", 2, _("Hur tillgänglig är webbplatsen?"), tuple(blocks))


def contact_sections(tr: Translator) -> tuple[Section, Section]:
    """ "Vad kan du göra …" and "Rapportera brister …": the contact placeholders."""
    _ = tr.gettext
    alternatives = Section(
        "vad-kan-du-gora",
        2,
        _("Vad kan du göra om du inte kan använda delar av webbplatsen?"),
        (
            p(
                "Om du behöver innehåll från webbplatsen som inte är tillgängligt för dig, men "
                "som är undantaget från lagen enligt beskrivningen nedan, kan du kontakta oss och "
                "få innehållet på ett annat sätt:"
            ),
            Block(
                BlockKind.LIST,
                (
                    para("Använd vårt webbformulär: ", Fill(_("adress till webbformuläret"))),
                    para("Skicka e-post till ", Fill(_("e-postadress för synpunkter"))),
                    para("Ring ", Fill(_("telefonnummer och telefontider"))),
                ),
            ),
            p("Vi svarar normalt inom ", Fill(_("svarstid, till exempel antal arbetsdagar")), "."),
            note(
                para(
                    _(
                        "Digg anser att ett webbformulär är det mest tillgängliga sättet att "
                        "kontakta er; e-post och telefon är bra komplement. Ta bort de "
                        "kontaktvägar ni inte har."
                    )
                )
            ),
        ),
    )
    report = Section(
        "rapportera-brister",
        2,
        _("Rapportera brister i webbplatsens tillgänglighet"),
        (
            p(
                "Vi arbetar hela tiden med att förbättra webbplatsens tillgänglighet. Om du hittar "
                "problem som inte står på den här sidan, eller om du tycker att vi inte uppfyller "
                "lagens krav, kontakta oss så att vi får veta det: ",
                Fill(_("adress till webbformuläret eller e-postadress")),
                ".",
            ),
        ),
    )
    return alternatives, report


def supervision_section(tr: Translator) -> Section:
    """ "Tillsyn": DIGG's enforcement paragraph and its notification function."""
    _ = tr.gettext
    return Section(
        "tillsyn",
        2,
        _("Tillsyn"),
        (
            p(
                f"Myndigheten för digital förvaltning (Digg) ansvarar för tillsynen över {LAW}. "
                "Om du inte är nöjd med hur vi hanterar dina synpunkter kan du anmäla det till "
                "Digg."
            ),
            p(
                "Du kan också anmäla till Digg om du tycker att vår bedömning av vad som är "
                "oskäligt betungande ska granskas, om du tycker att vår tillgänglighetsredogörelse "
                "har brister eller om du tycker att vi inte har hanterat din begäran om "
                "tillgängliggörande på rätt sätt."
            ),
            p(
                "Anmäl på Diggs webbplats: ",
                LinkPart("www.digg.se/tdosanmalan", DIGG_REPORT_URL),
                ".",
            ),
            note(
                para(
                    _(
                        "Avsnittet om tillsyn följer Diggs mall och ska finnas med. Kontrollera "
                        "på digg.se att adressen till Diggs anmälan fortfarande stämmer innan ni "
                        "publicerar."
                    )
                )
            ),
        ),
    )


def technical_section(tr: Translator) -> Section:
    """ "Teknisk information …": the compliance sentence again, with the standard."""
    _ = tr.gettext
    return Section(
        "teknisk-information",
        2,
        _("Teknisk information om webbplatsens tillgänglighet"),
        (
            p(
                Fill(
                    _(
                        "samma formulering som ni valde under ”Hur tillgänglig är webbplatsen?”: "
                        "helt, delvis eller inte förenlig"
                    )
                )
            ),
            p(
                "Bedömningen är gjord mot standarden EN 301 549 version 3.2.1, som hänvisar till "
                "riktlinjerna WCAG 2.1 på nivå AA."
            ),
        ),
    )


def testing_section(tr: Translator, audit: Audit, method: AuditMethod, partial: bool) -> Section:
    """ "Hur vi testat webbplatsen": klarsyn's method, what it cannot do, and the dates."""
    _ = tr.gettext
    guide = [
        para(
            _(
                "Gör en manuell granskning av ett urval sidor innan ni publicerar: "
                "{command} ger ett urval med en checklista per sida."
            ).format(command=SAMPLE_COMMAND)
        )
    ]
    if audit.failed:
        guide.append(
            para(
                tr.ngettext(
                    "{f} adress kunde inte granskas (se rapportens täckning).",
                    "{f} adresser kunde inte granskas (se rapportens täckning).",
                    audit.failed,
                ).format(f=audit.failed)
            )
        )
    if partial:
        guide.append(
            para(
                _(
                    "Granskningen avbröts innan alla adresser var klara: siffrorna "
                    "gäller bara det som hann granskas."
                )
            )
        )
    return Section(
        "hur-vi-testat",
        2,
        _("Hur vi testat webbplatsen"),
        (
            p(
                Fill(
                    _(
                        "hur ni har granskat webbplatsen, till exempel ”Vi har gjort en "
                        "självskattning (intern testning) av webbplatsen” eller vilken extern part "
                        "som har granskat den"
                    )
                )
            ),
            p(
                f"En del av granskningen gjordes automatiskt den {method.day} med verktyget "
                f"klarsyn version {method.tool_version}. Det testade {count_sv(audit.audited)} "
                f"{method.where} med axe-core version {method.axe_version} i webbläsaren Chromium "
                f"version {method.browser_version}, mot kraven i WCAG 2.1 på nivå A och AA."
            ),
            p(
                "Automatiska tester hittar bara en del av bristerna. Många krav, till exempel att "
                "alternativtexter beskriver bilderna rätt och att allt går att använda med "
                "tangentbord, måste granskas manuellt."
            ),
            p(
                Fill(
                    _(
                        "hur ni granskade manuellt: vilka sidor, med vilka hjälpmedel och vem som "
                        "gjorde det"
                    )
                )
            ),
            note(*guide),
            p(
                "Senaste bedömningen gjordes den ",
                day_fill(_, _("datum för den senaste fullständiga granskningen"), method.day),
                ".",
            ),
            p("Webbplatsen publicerades den ", Fill(_("datum, ÅÅÅÅ-MM-DD")), "."),
            p(
                "Redogörelsen uppdaterades senast den ",
                day_fill(_, _("datum då ni publicerar redogörelsen"), method.day),
                ".",
            ),
        ),
    )
