"""Site-wide text: template blocks, owners, audiences and sections."""

from __future__ import annotations

from audits.model import TextBlock
from audits.sitetext import mark_template, template_texts
from audits.targets import (
    DEFAULT_AUDIENCES,
    Owner,
    audience_for,
    owner_for,
    section_of,
)


def _page(*texts: str) -> tuple[TextBlock, ...]:
    return tuple(TextBlock("p", t) for t in texts)


def test_a_block_on_many_pages_is_template_text() -> None:
    pages = [_page(f"Sida {n} har egen text.", "Kontakta oss på 0521-72 10 00.") for n in range(10)]
    pages.append(_page("En sida utan kontaktruta."))
    assert template_texts(pages) == {"Kontakta oss på 0521-72 10 00."}
    marked = mark_template(pages[0], template_texts(pages))
    assert [b.template for b in marked] == [False, True]


def test_a_small_site_or_a_rare_block_has_no_template_text() -> None:
    assert template_texts([_page("Samma.")] * 3) == frozenset()  # fewer than four pages
    pages = [_page(f"Unik {n}.", "Ibland.") if n < 4 else _page(f"Unik {n}.") for n in range(50)]
    assert template_texts(pages) == frozenset()  # 4 of 50 pages is under 10 %


def test_first_matching_owner_or_none() -> None:
    owners = (
        Owner("Barn- och utbildningsförvaltningen", (r"/barn-och-utbildning/",)),
        Owner("Kommunstyrelseförvaltningen", (r"/kommun-och-politik/", r"/nyheter/")),
    )
    assert owner_for("https://x.se/barn-och-utbildning/forskola/", owners) is owners[0]
    assert owner_for("https://x.se/nyheter/ny-skola/", owners) is owners[1]
    assert owner_for("https://x.se/kontakt/", owners) is None


def test_default_audiences_and_targets() -> None:
    def target(url: str) -> tuple[str, float]:
        audience = audience_for(url, DEFAULT_AUDIENCES)
        return audience.name, audience.lix_target

    assert target("https://x.se/lattlast/om-kommunen/") == ("lättläst", 30.0)
    assert target("https://x.se/l%C3%A4ttl%C3%A4st/") == ("lättläst", 30.0)
    assert target("https://x.se/kommun-och-politik/protokoll/2026/") == (
        "beslut och styrdokument",
        50.0,
    )
    assert target("https://x.se/bygga-och-bo/bygglov/") == ("allmän information", 40.0)


def test_sections() -> None:
    assert section_of("https://x.se/") == "startsidan"
    assert section_of("https://x.se/bygga-och-bo/bygglov/") == "bygga-och-bo"
    assert section_of("https://x.se/f%C3%B6rskola/") == "förskola"
