"""The communication policy as a yardstick: its criteria, their indicators, and our rules.

Vänersborgs kommun's kommunikationspolicy defines good communication by five
criteria ("saklig, aktuell och relevant · planerad och proaktiv · tydlig och
enhetlig · anpassad efter mottagare och målgrupp · öppen och tillgänglig").
Each criterion here lists its indicators: what klarsyn measures, how, and what
automation cannot judge (the manual follow-up). An indicator counts the
findings of its rules, of a family of rules (every ``klarsprak-*`` rule), or
every axe-core WCAG violation.

The checks behind the ``policy-*`` rules are pure functions elsewhere in
audits/ (pages, documents, the accessibility statement); their metadata is here,
one place, like axe-core's rule JSON.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

from audits.model import Finding, Outcome, RuleInfo, Source

SAKLIG = "saklig"
PLANERAD = "planerad"
TYDLIG = "tydlig"
ANPASSAD = "anpassad"
OPPEN = "oppen"


@dataclass(frozen=True)
class PolicyRule:
    """A policy check: what it finds, under which criterion, and how to fix it (Swedish).

    ``wcag`` holds axe-core-style tags ("wcag2a", "wcag242") only when a finding of the
    rule fails that WCAG 2.1 A/AA success criterion; a rule of good practice that merely
    serves a criterion names it in ``related`` ("1.3.1") instead, so no tool counts it as
    WCAG. ``document``: the rule judges documents (PDF), whose EN 301 549 clauses are
    clause 10's, not clause 9's (audits/requirements.py).
    """

    id: str
    criterion: str
    impact: str
    help: str
    explanation: str
    fix: str
    wcag: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    document: bool = False

    def finding(self, snippet: str, message: str, selector: str = "") -> Finding:
        """A finding of this rule, marked best_practice (advice, never counted by the CI
        gate, which counts axe-core's WCAG violations only)."""
        return Finding(
            rule=self.id,
            source=Source.KLARSYN,
            outcome=Outcome.VIOLATION,
            impact=self.impact,
            wcag=self.wcag,
            selector=selector,
            snippet=snippet[:300],
            best_practice=True,
            message=message,
        )

    def info(self, lang: str = "sv") -> RuleInfo:
        """The rule's texts for a report in ``lang``: Swedish, or English from
        ``audits/data/policy_en.json`` (the Swedish when it has no entry)."""
        help_text, explanation, fix = self.help, self.explanation, self.fix
        if lang == "en" and self.id in _english():
            help_text, explanation, fix = _english()[self.id]
        return RuleInfo(
            id=self.id,
            source=Source.KLARSYN,
            help=help_text,
            description=f"{explanation} {fix}",
            tags=("policy", f"kriterium-{self.criterion}", *self.wcag),
        )


@functools.cache
def _english() -> dict[str, tuple[str, str, str]]:
    """The policy rules' English texts (help, explanation, fix), by rule id."""
    text = resources.files("audits").joinpath("data", "policy_en.json").read_text("utf-8")
    return {rule_id: (t[0], t[1], t[2]) for rule_id, t in json.loads(text).items()
            if not rule_id.startswith("_")}


@dataclass(frozen=True)
class Indicator:
    """What is measured and how; it counts the findings of ``rules``, of rules whose id
    starts with ``prefix``, or (``wcag=True``) every axe-core WCAG violation."""

    name: str
    how: str
    rules: tuple[str, ...] = ()
    prefix: str = ""
    wcag: bool = False


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    indicators: tuple[Indicator, ...]
    manual: str
    measurable: bool = True


_RULES = (
    # -- saklig, aktuell och relevant ------------------------------------------------
    PolicyRule(
        "policy-broken-link",
        SAKLIG,
        "serious",
        "Länken leder till en sida eller ett dokument som inte finns",
        "Länken går till en adress inom webbplatsen som svarar med ett fel (4xx eller 5xx).",
        "Rätta eller ta bort länken, eller lägg en omdirigering från den gamla adressen.",
    ),
    PolicyRule(
        "policy-stale-page",
        SAKLIG,
        "moderate",
        "Sidan har inte uppdaterats på länge",
        "Sidans datum för senaste uppdatering eller granskning är äldre än gränsen.",
        "Granska att innehållet stämmer, uppdatera det och datumet – eller ta bort sidan.",
    ),
    PolicyRule(
        "policy-stale-document",
        SAKLIG,
        "moderate",
        "Dokumentet är gammalt",
        "Dokumentet ändrades senast för längre sedan än gränsen.",
        "Kontrollera att dokumentet fortfarande gäller; ersätt eller ta bort det annars.",
        document=True,
    ),
    # -- tydlig och enhetlig ---------------------------------------------------------
    PolicyRule(
        "policy-h1-count",
        TYDLIG,
        "moderate",
        "Sidan ska ha exakt en huvudrubrik (h1)",
        "En sida utan huvudrubrik, eller med flera, är svår att överblicka och att "
        "navigera med skärmläsare.",
        "Ge sidan en enda h1 som säger vad sidan handlar om.",
        related=("1.3.1",),
    ),
    PolicyRule(
        "policy-title-missing",
        TYDLIG,
        "serious",
        "Sidan saknar sidtitel",
        "Sidtiteln visas i flikar, bokmärken och sökresultat.",
        "Ge sidan en titel som beskriver innehållet.",
        ("wcag2a", "wcag242"),
    ),
    PolicyRule(
        "policy-title-duplicate",
        TYDLIG,
        "moderate",
        "Flera sidor har samma sidtitel",
        "Sidor med samma titel går inte att skilja åt i flikar och sökresultat.",
        "Ge varje sida en egen titel.",
        related=("2.4.2",),
    ),
    PolicyRule(
        "policy-title-pattern",
        TYDLIG,
        "minor",
        "Sidtiteln följer inte webbplatsens mönster",
        'De flesta sidor har titeln i formen "Sidans namn – Webbplatsens namn".',
        "Skriv titeln i samma form som webbplatsens övriga sidor.",
    ),
    PolicyRule(
        "policy-lang-mismatch",
        TYDLIG,
        "serious",
        "Sidans angivna språk stämmer inte med texten",
        "Skärmläsare och översättningstjänster läser sidan med fel språk.",
        "Ange rätt språk i sidmallen (lang-attributet på html-elementet).",
        ("wcag2a", "wcag311"),
    ),
    PolicyRule(
        "policy-template-inconsistent",
        TYDLIG,
        "minor",
        "Sidan har inte samma sidmall som webbplatsens övriga sidor",
        "Sidan saknar delar (landmärken som sidhuvud, meny, huvudinnehåll eller sidfot) "
        "som de flesta sidor har, vilket gör webbplatsen svårare att känna igen och använda.",
        "Använd webbplatsens gemensamma sidmall.",
        related=("3.2.3",),
    ),
    # -- anpassad efter mottagare och målgrupp ---------------------------------------
    PolicyRule(
        "policy-lix-over-target",
        ANPASSAD,
        "moderate",
        "Texten är svårare än målet för sidans målgrupp",
        "Sidans LIX är högre än läsbarhetsmålet för den målgrupp sidan vänder sig till.",
        "Skriv kortare meningar och vanligare ord; se klarspråksråden för sidan.",
    ),
    PolicyRule(
        "policy-lattlast-unreachable",
        ANPASSAD,
        "moderate",
        "Lättläst information går inte att nå från startsidan",
        "Den som har svårt att läsa ska kunna hitta lättläst information direkt.",
        "Länka till den lättlästa informationen från startsidan.",
    ),
    PolicyRule(
        "policy-languages-unreachable",
        ANPASSAD,
        "moderate",
        "Information på andra språk går inte att nå från startsidan",
        "Den som inte läser svenska ska kunna hitta information på sitt språk direkt.",
        "Länka till information på andra språk (och nationella minoritetsspråk) från startsidan.",
    ),
    # -- öppen och tillgänglig -------------------------------------------------------
    PolicyRule(
        "policy-link-text",
        OPPEN,
        "moderate",
        "Länktexten säger inte vart länken leder",
        'Länktexter som "Läs mer", "Klicka här" eller en webbadress är obegripliga '
        "när de läses för sig, till exempel i en skärmläsares länklista.",
        'Skriv vart länken leder, till exempel "Ansök om bygglov".',
        related=("2.4.4",),
    ),
    PolicyRule(
        "policy-link-text-ambiguous",
        OPPEN,
        "moderate",
        "Samma länktext leder till olika sidor",
        "Länkar med samma text ska leda till samma mål, annars vet läsaren inte vilken som "
        "är vilken.",
        "Ge länkarna olika texter som säger vart de leder.",
        related=("2.4.4",),
    ),
    PolicyRule(
        "policy-foreign-passage",
        OPPEN,
        "moderate",
        "Text på annat språk saknar språkangivelse",
        "Ett stycke på ett annat språk än sidans ska ha ett lang-attribut, så att "
        "skärmläsare uttalar det rätt.",
        "Markera stycket med rätt språk (lang-attributet) i publiceringsverktyget.",
        ("wcag2aa", "wcag312"),
    ),
    PolicyRule(
        "policy-pdf-untagged",
        OPPEN,
        "serious",
        "PDF-dokumentet är inte taggat",
        "Ett otaggat PDF-dokument saknar struktur (rubriker, stycken, läsordning) för hjälpmedel.",
        "Skapa dokumentet på nytt med taggning påslagen, eller publicera innehållet som webbsida.",
        ("wcag2a", "wcag131"),
        document=True,
    ),
    PolicyRule(
        "policy-pdf-no-title",
        OPPEN,
        "moderate",
        "PDF-dokumentet saknar titel",
        "Titeln visas när dokumentet öppnas och läses upp av hjälpmedel.",
        "Fyll i dokumentets titel i dokumentegenskaperna innan du skapar PDF-filen.",
        related=("2.4.2",),
        document=True,
    ),
    PolicyRule(
        "policy-pdf-no-lang",
        OPPEN,
        "moderate",
        "PDF-dokumentet saknar språkangivelse",
        "Utan angivet språk läser skärmläsare dokumentet med fel uttal.",
        "Ange dokumentets språk (svenska) innan du skapar PDF-filen.",
        ("wcag2a", "wcag311"),
        document=True,
    ),
    PolicyRule(
        "policy-pdf-scanned",
        OPPEN,
        "critical",
        "PDF-dokumentet innehåller bara bilder, ingen text",
        "Ett inskannat dokument kan inte läsas av skärmläsare, sökas i eller förstoras som text.",
        "Publicera dokumentet som text (webbsida eller taggad PDF), eller tolka det med OCR "
        "och granska resultatet.",
        ("wcag2a", "wcag111"),
        document=True,
    ),
    PolicyRule(
        "policy-statement-unreachable",
        OPPEN,
        "serious",
        "Tillgänglighetsredogörelsen går inte att nå från sidan",
        "Enligt lagen om tillgänglighet till digital offentlig service ska redogörelsen "
        "vara lätt att hitta från varje sida, normalt via sidfoten.",
        "Lägg en länk till tillgänglighetsredogörelsen i sidmallens sidfot.",
    ),
    PolicyRule(
        "policy-statement-content",
        OPPEN,
        "serious",
        "Tillgänglighetsredogörelsen saknar något som DIGG kräver",
        "DIGG:s föreskrifter anger vad en tillgänglighetsredogörelse ska innehålla.",
        "Komplettera redogörelsen med det som saknas, gärna utifrån DIGG:s mall.",
    ),
    PolicyRule(
        "policy-personal-data",
        OPPEN,
        "critical",
        "Sidan innehåller ett personnummer eller samordningsnummer",
        "Ett giltigt personnummer på en öppen sida kan röja uppgifter om en enskild person (GDPR).",
        "Ta bort numret från sidan och från eventuella dokument, och kontrollera om det "
        "ska anmälas som personuppgiftsincident.",
    ),
)

RULES: dict[str, PolicyRule] = {rule.id: rule for rule in _RULES}

CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        SAKLIG,
        "Saklig, aktuell och relevant",
        (
            Indicator(
                "Trasiga länkar och dokument",
                "Länkar inom webbplatsen som leder till en adress som svarar med 4xx "
                "eller 5xx, med de sidor som länkar dit.",
                ("policy-broken-link",),
            ),
            Indicator(
                "Inaktuella sidor",
                'Datum "Senast uppdaterad" eller "Senast granskad" på sidan, annars '
                "serverns Last-Modified, äldre än gränsen.",
                ("policy-stale-page",),
            ),
            Indicator(
                "Gamla dokument",
                "Dokumentets Last-Modified, annars dess inbyggda datum, äldre än gränsen.",
                ("policy-stale-document",),
            ),
        ),
        "Om innehållet är sakligt, korrekt och relevant kan bara den ansvariga "
        "verksamheten bedöma: gå igenom sidorna med äldst datum först.",
    ),
    Criterion(
        PLANERAD,
        "Planerad och proaktiv",
        (),
        "Går inte att mäta genom att läsa webbplatsen. Följ upp manuellt: finns en "
        "kommunikationsplan för verksamhetens viktiga frågor, publiceras information "
        "innan beslut träder i kraft, och planeras webbinnehållet med ägare och "
        "revisionsdatum?",
        measurable=False,
    ),
    Criterion(
        TYDLIG,
        "Tydlig och enhetlig",
        (
            Indicator("En huvudrubrik per sida", "Antal h1 i sidans kod.", ("policy-h1-count",)),
            Indicator(
                "Sidtitlar",
                "Sidtiteln finns, är unik och följer webbplatsens mönster.",
                ("policy-title-missing", "policy-title-duplicate", "policy-title-pattern"),
            ),
            Indicator(
                "Rätt språk angivet",
                "Sidans lang-attribut jämfört med språket i texten (språkidentifiering).",
                ("policy-lang-mismatch",),
            ),
            Indicator(
                "Enhetlig sidmall",
                "Sidans landmärken jämförda med de flesta sidors.",
                ("policy-template-inconsistent",),
            ),
        ),
        "Om tonen och det visuella uttrycket är enhetligt och följer den grafiska profilen "
        "kräver en manuell granskning.",
    ),
    Criterion(
        ANPASSAD,
        "Anpassad efter mottagare och målgrupp",
        (
            Indicator(
                "Läsbarhet mot målgruppens mål",
                "Sidans LIX jämfört med målet för sidans målgrupp.",
                ("policy-lix-over-target",),
            ),
            Indicator("Klarspråk", "Klarspråksreglernas anmärkningar.", prefix="klarsprak-"),
            Indicator(
                "Lättläst och andra språk",
                "Länkar från startsidan till lättläst och till information på andra språk.",
                ("policy-lattlast-unreachable", "policy-languages-unreachable"),
            ),
        ),
        "Om texten möter målgruppens behov avgörs bäst med användartester och en "
        "språkgranskning av de viktigaste sidorna.",
    ),
    Criterion(
        OPPEN,
        "Öppen och tillgänglig",
        (
            Indicator("Fel mot WCAG 2.1 AA", "axe-core i Chromium på varje sida.", wcag=True),
            Indicator(
                "Länktexter",
                "Länktexter som inte säger vart länken leder, och samma text till olika mål.",
                ("policy-link-text", "policy-link-text-ambiguous"),
            ),
            Indicator(
                "Språkangivelse för stycken på andra språk",
                "Språkidentifiering av varje stycke jämfört med sidans språk.",
                ("policy-foreign-passage",),
            ),
            Indicator(
                "Dokument",
                "Varje PDF: taggad, titel, språk och text (inte bara inskannade bilder).",
                (
                    "policy-pdf-untagged",
                    "policy-pdf-no-title",
                    "policy-pdf-no-lang",
                    "policy-pdf-scanned",
                ),
            ),
            Indicator(
                "Tillgänglighetsredogörelse",
                "Länk till redogörelsen från varje sida, och dess innehåll mot DIGG:s krav.",
                ("policy-statement-unreachable", "policy-statement-content"),
            ),
            Indicator(
                "Personuppgifter",
                "Personnummer och samordningsnummer som klarar kontrollsiffran.",
                ("policy-personal-data",),
            ),
        ),
        "Automatiska tester hittar ungefär en tredjedel av tillgänglighetsbristerna. "
        "Testa också med tangentbord och skärmläsare, och fråga användarna.",
    ),
)
