"""The generated site of bench_audit.py: a small Swedish municipality, in memory.

Light pages (header, navigation, main, footer; a heading, 2-4 paragraphs, a list,
related links), eight section pages that link every page of their section, so a
crawl from "/" finds them all, a sitemap.xml, a robots.txt, and a planted fault
(one WCAG violation) on every 25th page.
"""

from __future__ import annotations

import random

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


def build_site(pages: int, seed: int = 7) -> dict[str, tuple[bytes, str]]:
    """``pages`` HTML pages reachable from "/" by links, plus robots.txt and sitemap.xml."""
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
