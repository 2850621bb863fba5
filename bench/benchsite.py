"""The generated site of bench_audit.py: a small Swedish municipality, in memory.

Light pages (header, navigation, main, footer; a heading, 2-4 paragraphs, a list,
related links), eight section pages that link every page of their section, so a
crawl from "/" finds them all, a sitemap.xml, a robots.txt, and a planted fault
(one WCAG violation) on every 25th page.

``weight="real"`` (issue 14) adds to every page what a real municipal page weighs:
800-2,500 words of Swedish prose under h2/h3 headings, with lists, 1-3 tables of 10-50
rows, and on every 50th page a heavy DOM of about 5,000-8,000 elements (a long table or a
nested index). The words are generated here (a vocabulary of several thousand different
words over a few hundred pages), not taken from any corpus. The light site stays
byte-identical to what it was: the real-weight text comes from a random generator of its
own, seeded per page.
"""

from __future__ import annotations

import random
import re
from typing import Literal

Weight = Literal["light", "real"]
WEIGHTS: tuple[Weight, ...] = ("light", "real")

HTML = "text/html; charset=utf-8"
SECTIONS = (
    "Omsorg och stöd",
    "Skola och förskola",
    "Bygga och bo",
    "Trafik och gator",
    "Kultur och fritid",
    "Miljö och hälsa",
    "Näringsliv och arbete",
    "Kommun och politik",
)
TOPICS = (
    "bygglov",
    "hemtjänst",
    "förskoleplats",
    "parkeringstillstånd",
    "avfallshämtning",
    "bibliotek",
    "föreningsbidrag",
    "färdtjänst",
    "detaljplan",
    "skolskjuts",
    "badplatser",
)
SENTENCES = (
    "Här hittar du information om {t} i kommunen.",
    "Du kan ansöka om {t} via vår e-tjänst eller på blankett.",
    "Handläggningstiden är normalt fyra veckor från att ansökan är komplett.",
    "Kontakta kommunens kundcenter om du har frågor, t.ex. om avgifter.",
    "Beslutet kan överklagas till förvaltningsrätten inom tre veckor.",
    "Avgiften bestäms av kommunfullmäktige och ändras varje år.",
    "Tänk på att bifoga ritningar, intyg och andra handlingar som behövs.",
)
#: The home page, the contact page, a page per section and at least one page in it.
MIN_PAGES = 2 + 2 * len(SECTIONS)
#: Typical faults, planted on every 25th page: one WCAG violation each.
FAULTS = (
    '<img src="/bild.png" width="40" height="40">',
    '<form><input type="text" name="q"><button>Sök</button></form>',
    '<p style="color:#bbb;background:#fff">Senast uppdaterad i går.</p>',
    '<a href="/"><span></span></a>',
    '<button type="button"></button>',
)

#: Every HEAVY_EVERY-th page (number % HEAVY_EVERY == HEAVY_AT) of a real-weight site has
#: a heavy DOM.
HEAVY_EVERY = 50
HEAVY_AT = 7

# -- real weight (issue 14) ------------------------------------------------------------
#
# The words are written here, not taken from a corpus (Talbanken and ../shared/data are
# CC BY-SA): common Swedish municipal nouns, verbs and adjectives, and the compounds the
# nouns make with each other (avgift + beslut = avgiftsbeslut), which give a site of a few
# hundred pages several thousand different words, as the klarspråk word caches meet them.


def _entries(text: str) -> tuple[str, ...]:
    """The words of a space-separated list (one string reads better than 300 literals)."""
    return tuple(text.split())


#: Nouns as "indefinite/definite/compound stem".
NOUNS = tuple(
    entry.split("/")
    for entry in _entries(
        "ansökan/ansökan/ansöknings avgift/avgiften/avgifts beslut/beslutet/besluts "
        "bygglov/bygglovet/bygglovs handling/handlingen/handlings nämnd/nämnden/nämnds "
        "förvaltning/förvaltningen/förvaltnings skola/skolan/skol förskola/förskolan/förskole "
        "tjänst/tjänsten/tjänste plats/platsen/plats taxa/taxan/taxe regel/regeln/regel "
        "tillstånd/tillståndet/tillstånds intyg/intyget/intygs blankett/blanketten/blankett "
        "kontakt/kontakten/kontakt kund/kunden/kund elev/eleven/elev vårdnadshavare/"
        "vårdnadshavaren/vårdnadshavar fastighet/fastigheten/fastighets tomt/tomten/tomt "
        "ritning/ritningen/ritnings plan/planen/plan gata/gatan/gatu väg/vägen/väg "
        "trafik/trafiken/trafik parkering/parkeringen/parkerings buss/bussen/buss "
        "hållplats/hållplatsen/hållplats avfall/avfallet/avfalls kärl/kärlet/kärl "
        "hämtning/hämtningen/hämtnings miljö/miljön/miljö hälsa/hälsan/hälso "
        "skydd/skyddet/skydds vatten/vattnet/vatten avlopp/avloppet/avlopps "
        "livsmedel/livsmedlet/livsmedels kontroll/kontrollen/kontroll "
        "inspektion/inspektionen/inspektions bidrag/bidraget/bidrags förening/föreningen/"
        "förenings bibliotek/biblioteket/biblioteks lån/lånet/låne bok/boken/bok "
        "hall/hallen/hall bad/badet/bad idrott/idrotten/idrotts kultur/kulturen/kultur "
        "omsorg/omsorgen/omsorgs stöd/stödet/stöd insats/insatsen/insats "
        "boende/boendet/boende hemtjänst/hemtjänsten/hemtjänst färdtjänst/färdtjänsten/"
        "färdtjänst resa/resan/rese tid/tiden/tids period/perioden/period "
        "vecka/veckan/vecko månad/månaden/månads år/året/års budget/budgeten/budget "
        "kostnad/kostnaden/kostnads faktura/fakturan/faktura betalning/betalningen/"
        "betalnings ersättning/ersättningen/ersättnings lön/lönen/löne arbete/arbetet/"
        "arbets företag/företaget/företags näring/näringen/närings handel/handeln/"
        "handels servering/serveringen/serverings tillsyn/tillsynen/tillsyns "
        "protokoll/protokollet/protokolls sammanträde/sammanträdet/sammanträdes "
        "fullmäktige/fullmäktige/fullmäktige styrelse/styrelsen/styrelse "
        "politiker/politikern/politiker val/valet/val medborgare/medborgaren/medborgar "
        "förslag/förslaget/förslags synpunkt/synpunkten/synpunkts klagomål/klagomålet/"
        "klagomåls samråd/samrådet/samråds utställning/utställningen/utställnings "
        "detaljplan/detaljplanen/detaljplane översikt/översikten/översikts karta/kartan/"
        "kart område/området/områdes centrum/centrumet/centrum park/parken/park "
        "lekplats/lekplatsen/lekplats skog/skogen/skogs strand/stranden/strand "
        "energi/energin/energi el/elen/el värme/värmen/värme klimat/klimatet/klimat "
        "kris/krisen/kris beredskap/beredskapen/beredskaps säkerhet/säkerheten/säkerhets "
        "brand/branden/brand räddning/räddningen/räddnings olycka/olyckan/olycks "
        "dokument/dokumentet/dokument arkiv/arkivet/arkiv register/registret/register "
        "uppgift/uppgiften/uppgifts person/personen/person adress/adressen/adress "
        "telefon/telefonen/telefon webbplats/webbplatsen/webbplats e-tjänst/e-tjänsten/"
        "e-tjänste rätt/rätten/rätts skyldighet/skyldigheten/skyldighets lag/lagen/lag "
        "förordning/förordningen/förordnings riktlinje/riktlinjen/riktlinje "
        "rutin/rutinen/rutin kvalitet/kvaliteten/kvalitets uppföljning/uppföljningen/"
        "uppföljnings mål/målet/mål resultat/resultatet/resultat utveckling/"
        "utvecklingen/utvecklings projekt/projektet/projekt samverkan/samverkan/samverkans"
    )
)
#: Verbs as "present/passive present/infinitive".
VERBS = tuple(
    entry.split("/")
    for entry in _entries(
        "ansöker/ansöks/ansöka beslutar/beslutas/besluta betalar/betalas/betala "
        "skickar/skickas/skicka lämnar/lämnas/lämna prövar/prövas/pröva "
        "handlägger/handläggs/handlägga granskar/granskas/granska godkänner/godkänns/godkänna "
        "ändrar/ändras/ändra förnyar/förnyas/förnya bokar/bokas/boka avbokar/avbokas/avboka "
        "hämtar/hämtas/hämta sorterar/sorteras/sortera kontrollerar/kontrolleras/kontrollera "
        "följer/följs/följa redovisar/redovisas/redovisa beräknar/beräknas/beräkna "
        "fastställer/fastställs/fastställa överklagar/överklagas/överklaga "
        "publicerar/publiceras/publicera informerar/informeras/informera "
        "erbjuder/erbjuds/erbjuda planerar/planeras/planera genomför/genomförs/genomföra "
        "utreder/utreds/utreda bedömer/bedöms/bedöma registrerar/registreras/registrera "
        "anmäler/anmäls/anmäla beviljar/beviljas/bevilja avslår/avslås/avslå "
        "ordnar/ordnas/ordna"
    )
)
ADJECTIVES = _entries(
    "ny nya viktig viktiga enkel enkla särskild särskilda kommunal kommunala "
    "allmän allmänna gällande aktuell aktuella fullständig fullständiga skriftlig "
    "skriftliga digital digitala personlig personliga tillfällig tillfälliga "
    "årlig årliga lokal lokala regional regionala befintlig befintliga "
    "kostnadsfri kostnadsfria tillgänglig tillgängliga närmaste senaste"
)
MONTHS = _entries(
    "januari februari mars april maj juni juli augusti september oktober november december"
)
#: {n}: a noun, {nd}: definite, {c}: a compound, {cd}: definite compound, {v}: a verb,
#: {vp}: passive, {vi}: infinitive, {a}: an adjective, {d}: a date, {k}: an amount.
TEMPLATES = (
    "Du kan {vi} {n} hos {nd}.",
    "{cd} {vp} av {nd} inom {w} veckor.",
    "Om du vill {vi} {c} behöver du först kontakta {nd}.",
    "Kommunen {v} {a} {c} till alla som bor eller arbetar i Vänerby.",
    "Det är viktigt att {nd} är klar innan {cd} {vp}.",
    "Enligt {nd} ska du {vi} {cd} senast den {d}.",
    "{nd} ansvarar för {c} och {c}, men {cd} {vp} av nämnden.",
    "Avgiften för {c} är {k} kronor per {n}.",
    "Vi {v} {cd} varje år i samband med att {nd} {vp}.",
    "Tänk på att {cd} kan ta längre tid under sommaren.",
    "I {nd} finns mer information om {c}, {c} och {c}.",
    "När {cd} har kommit in till oss {v} vi den och meddelar dig.",
    "Har du frågor om {c} är du välkommen att ringa eller mejla {nd}.",
    "Från och med den {d} gäller {a} regler för {c}.",
    "Genomförandet av {c} sker i samverkan med {nd} och berörda förvaltningar.",
    "Du som har {c} ska {vi} {nd} senast {w} dagar före {cd}.",
    "Beslut om {c} fattas av {nd} efter en bedömning av {cd}.",
    "Det går inte att {vi} {cd} i efterhand.",
)
SLOT = re.compile(r"\{(\w+)\}")
CONNECTIVES = (", och ", ", men ", ", eftersom ", ", vilket innebär att ", " samtidigt som ")
#: Columns of the tables of a real-weight page: caption, headers.
TABLES = (
    ("Avgifter för {c}", ("Tjänst", "Avgift (kr)", "Gäller från", "Enhet")),
    ("Handläggningstider för {c}", ("Ärende", "Normal tid", "Längsta tid", "Ansvarig")),
    ("Kontakter inom {c}", ("Område", "Telefon", "Öppettider", "Rum")),
)


def _word(rng: random.Random, slot: str) -> str:
    noun = rng.choice(NOUNS)
    if slot == "n":
        return noun[0]
    if slot == "nd":
        return noun[1]
    if slot in ("c", "cd"):
        head = rng.choice(NOUNS)
        return noun[2] + head[0 if slot == "c" else 1]
    verb = rng.choice(VERBS)
    if slot in ("v", "vp", "vi"):
        return verb[("v", "vp", "vi").index(slot)]
    if slot == "a":
        return rng.choice(ADJECTIVES)
    if slot == "d":
        return f"{rng.randint(1, 28)} {rng.choice(MONTHS)}"
    if slot == "k":
        return f"{rng.randint(1, 60) * 50:,}".replace(",", " ")
    return str(rng.randint(2, 12))  # "w": a small number


def _sentence(rng: random.Random) -> str:
    """One sentence; every fifth joins two clauses, as long sentences do on real sites."""
    clauses = [rng.choice(TEMPLATES) for _ in range(2 if rng.random() < 0.2 else 1)]
    text = clauses[0][:-1]
    for clause in clauses[1:]:
        text += rng.choice(CONNECTIVES) + clause[0].lower() + clause[1:-1]
    text = SLOT.sub(lambda slot: _word(rng, slot.group(1)), text + ".")
    return text[0].upper() + text[1:]


def _table(rng: random.Random, rows: int, kind: int) -> str:
    caption, headers = TABLES[kind % len(TABLES)]
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    body = "".join(
        f'<tr><th scope="row">{_word(rng, "c").capitalize()}</th>'
        f"<td>{_word(rng, 'k')}</td><td>{_word(rng, 'd')} 2026</td>"
        f"<td>{_word(rng, 'nd').capitalize()}</td></tr>"
        for _ in range(rows)
    )
    return (
        f"<table><caption>{caption.format(c=_word(rng, 'c'))}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _heavy(rng: random.Random, number: int) -> str:
    """About 5,000-8,000 elements: a register of cases (a long table) or a nested index."""
    if number // HEAVY_EVERY % 2 == 0:
        rows = rng.randint(950, 1_300)  # tr, th and three td: 5 elements a row
        return _table(rng, rows, 1)
    groups = rng.randint(50, 70)  # li, ul, then 50 entries of li and a: ~100 elements a group
    items = "".join(
        f"<li>{_word(rng, 'c').capitalize()}<ul>"
        + "".join(
            f'<li><a href="#d{g}-{i}">{_word(rng, "cd").capitalize()}</a></li>' for i in range(50)
        )
        + "</ul></li>"
        for g in range(groups)
    )
    return f"<h2>Register A-Ö</h2><ul>{items}</ul>"


def real_body(rng: random.Random, number: int) -> str:
    """Long Swedish text for a real-weight page: 800-2,500 words of prose (paragraphs and
    lists) under h2 and h3 headings, 1-3 tables of 10-50 rows, and on every
    HEAVY_EVERY-th page a heavy DOM."""
    target, words, parts = rng.randint(800, 2_300), 0, []
    tables = rng.randint(1, 3)
    while words < target:
        parts.append(f"<h2>{_word(rng, 'c').capitalize()}</h2>")
        for _ in range(rng.randint(2, 4)):
            if words >= target:
                break
            if rng.random() < 0.3:
                parts.append(f"<h3>{_word(rng, 'cd').capitalize()}</h3>")
            text = " ".join(_sentence(rng) for _ in range(rng.randint(3, 7)))
            words += len(text.split())
            parts.append(f"<p>{text}</p>")
        if words < target:
            items = [_sentence(rng) for _ in range(rng.randint(3, 7))]
            words += sum(len(item.split()) for item in items)
            tag = "ol" if rng.random() < 0.3 else "ul"
            parts.append(f"<{tag}>{''.join(f'<li>{item}</li>' for item in items)}</{tag}>")
        if tables:
            parts.append(_table(rng, rng.randint(10, 50), tables))
            tables -= 1
    while tables:
        parts.append(_table(rng, rng.randint(10, 50), tables))
        tables -= 1
    if number % HEAVY_EVERY == HEAVY_AT:
        parts.append(_heavy(rng, number))
    return "".join(parts)


def slug(text: str) -> str:
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", " ": "-"})
    return text.lower().translate(table)


def page_html(title: str, body: str, nav: str) -> bytes:
    return (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} - Vänerby kommun</title></head><body>"
        '<header><a href="/">Vänerby kommun</a></header>'
        f'<nav aria-label="Huvudmeny"><ul>{nav}</ul></nav>'
        f"<main><h1>{title}</h1>{body}</main>"
        "<footer><p>Vänerby kommun, 462 80 Vänerby. Telefon 0521-72 10 00.</p>"
        '<a href="/kontakt/">Kontakt</a></footer></body></html>'
    ).encode()


def build_site(pages: int, seed: int = 7, weight: Weight = "light") -> dict[str, tuple[bytes, str]]:
    """``pages`` HTML pages reachable from "/" by links (add_meta_files adds robots.txt and
    sitemap.xml); ``weight="real"``: every leaf page also has real_body's long text."""
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {WEIGHTS}, not {weight!r}")
    rng = random.Random(seed)  # noqa: S311 - a reproducible site, not a secret
    nav = "".join(f'<li><a href="/{slug(s)}/">{s}</a></li>' for s in SECTIONS)
    sections = [SECTIONS[i % len(SECTIONS)] for i in range(pages - len(SECTIONS) - 2)]
    leaves = [(s, f"/{slug(s)}/sida-{i}/") for i, s in enumerate(sections)]
    site: dict[str, tuple[bytes, str]] = {}
    for number, (section, path) in enumerate(leaves):
        topic = rng.choice(TOPICS)
        paras = "".join(
            f"<p>{' '.join(rng.sample(SENTENCES, 3)).format(t=topic)}</p>"
            for _ in range(rng.randint(2, 4))
        )
        items = "".join(f"<li>{rng.choice(SENTENCES).format(t=topic)}</li>" for _ in range(3))
        related = "".join(
            f'<li><a href="{p}">Läs mer om {rng.choice(TOPICS)}</a></li>'
            for _, p in rng.sample(leaves, min(3, len(leaves)))
        )
        fault = FAULTS[number // 25 % len(FAULTS)] if number % 25 == 0 else ""
        if weight == "real":
            # A generator of its own, so that the light site's stays as it was.
            paras += real_body(random.Random(f"{seed}/real/{number}"), number)  # noqa: S311
        body = (
            f"{paras}<h2>Så gör du</h2><ul>{items}</ul>{fault}<h2>Relaterat</h2><ul>{related}</ul>"
        )
        site[path] = (page_html(f"{topic.capitalize()} ({section}, {number})", body, nav), HTML)
    for section in SECTIONS:
        links = "".join(
            f'<li><a href="{p}">Sida {p.rsplit("-", 1)[1][:-1]}</a></li>'
            for s, p in leaves
            if s == section
        )
        site[f"/{slug(section)}/"] = (page_html(section, f"<ul>{links}</ul>", nav), HTML)
    site["/kontakt/"] = (page_html("Kontakt", "<p>Ring kundcenter.</p>", nav), HTML)
    site["/"] = (page_html("Välkommen till Vänerby", "<p>Kommunens webbplats.</p>", nav), HTML)
    return site


def add_meta_files(site: dict[str, tuple[bytes, str]], base: str) -> list[str]:
    """robots.txt and sitemap.xml for the served site; returns the page URLs."""
    urls = [base + path for path in sorted(site)]
    locs = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    site["/sitemap.xml"] = (
        (
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns='
            f'"http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
        ).encode(),
        "application/xml",
    )
    site["/robots.txt"] = (
        f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n".encode(),
        "text/plain",
    )
    site["/bild.png"] = (b"\x89PNG\r\n\x1a\n", "image/png")
    return urls
