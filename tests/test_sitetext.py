"""Site-wide text: template blocks, owners, audiences and sections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from audits.model import Finding, TextBlock
from audits.readability import analyse
from audits.sitetext import EarlyTemplate, audit_text, is_prose, mark_template, template_texts
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


def test_marking_template_text_keeps_each_block_s_kind_and_language() -> None:
    blocks = (TextBlock("h2", "English", lang="en"), TextBlock("toc", "Kontakt"))
    marked = mark_template(blocks, frozenset({"Kontakt"}))
    assert marked == (
        TextBlock("h2", "English", lang="en"),
        TextBlock("toc", "Kontakt", template=True),
    )


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


# --- which blocks the klarspråk rules read --------------------------------------------------

SWEDISH = TextBlock(
    "p",
    "Du kan söka tolk hos oss, och vi svarar inom fyra veckor. Beslutet skickas till dig "
    "med post när handläggaren är klar med ärendet.",
)
#: Short passages in other languages: too short for audits.language.is_foreign to know
#: them, so only their declared language keeps them from the Swedish rules. With the rules
#: a passage would get undeclared, if not those on by default (None).
DECLARED: dict[str, tuple[TextBlock, tuple[str, ...] | None]] = {
    "en": (TextBlock("h2", "APPLICATION FOR PERMIT", lang="en"), None),
    "en-GB": (TextBlock("p", "INTERPRETER SERVICES", lang="en-GB"), None),
    "fi": (TextBlock("p", "Tulkki myös LSS-asioissa.", lang="fi"), None),
    "ar": (TextBlock("p", "دروس اللغة السويدية في SFI.", lang="ar"), None),
    # The rare-word rule is off by default: switched on, it does not read them either.
    "fi, every rule": (TextBlock("h2", "Suomeksi", lang="fi"), ()),
    "ar, every rule": (TextBlock("h2", "العربية", lang="ar"), ()),
}


def _quoting(flags: Sequence[Finding], text: str) -> list[Finding]:
    """The findings that quote ``text``: in their snippet, or a word of it in their message."""
    words = [f"'{word.strip('.,:;()')}'" for word in text.split()]
    return [f for f in flags if f.snippet in text or any(w in f.message for w in words)]


@pytest.mark.parametrize("case", sorted(DECLARED))
def test_a_passage_declared_in_another_language_gets_no_klarsprak_flag(case: str) -> None:
    passage, off = DECLARED[case]
    readability, flags = audit_text([SWEDISH, passage], "sv", 5, off)
    assert _quoting(flags, passage.text) == []
    assert "klarsprak-passive" in {f.rule for f in flags}  # the Swedish text is checked
    # Readability is a Swedish measure: it counts only the Swedish text.
    assert readability == analyse([SWEDISH.text], 5)
    # Undeclared, the same passage is flagged as if it were Swedish.
    _, undeclared = audit_text([SWEDISH, replace(passage, lang="")], "sv", 5, off)
    assert _quoting(undeclared, passage.text)


@pytest.mark.parametrize("lang", ["sv", "sv-SE", "SV", "sv-FI", ""])
def test_a_passage_declared_swedish_or_undeclared_is_checked(lang: str) -> None:
    capitals = TextBlock("p", "VIKTIGT ATT TÄNKA PÅ", lang=lang)
    _, flags = audit_text([SWEDISH, capitals], "sv", 5)
    assert _quoting(flags, capitals.text)


def test_a_declared_passage_does_not_make_the_swedish_page_foreign() -> None:
    """A long passage in English no longer counts towards the page's language: the Swedish
    text beside it is checked even when the English is most of the words."""
    english = TextBlock(
        "p",
        "The application for an interpreter shall be submitted by the applicant to the case "
        "officer no later than three working days before the visit, and the applicant shall "
        "state which language and which dialect is spoken so that a suitable interpreter can "
        "be booked in good time. Interpreters are free of charge for everyone who needs one, "
        "and they are bound by professional secrecy. You can also book an interpreter online "
        "in our booking service, which is open every day of the week.",
        lang="en",
    )
    _, flags = audit_text([SWEDISH, english], "sv", 5)
    assert "klarsprak-passive" in {f.rule for f in flags}
    assert _quoting(flags, english.text) == []
    # Undeclared, the English is three quarters of the words: a page in English.
    assert audit_text([SWEDISH, replace(english, lang="")], "sv", 5)[1] == ()


@pytest.mark.parametrize(
    "block",
    [
        TextBlock("toc", "VANLIGA FRÅGOR"),
        TextBlock("toc", "Avgifter resp. taxor"),
        TextBlock("control", "SKICKA BESTÄLLNINGEN"),
        TextBlock("control", "UPPGIFTER OM DEN SOM BEHÖVER TOLK"),
    ],
)
def test_tables_of_contents_and_form_controls_are_no_prose(block: TextBlock) -> None:
    assert not is_prose(block)
    readability, flags = audit_text([SWEDISH, block], "sv", 5)
    assert _quoting(flags, block.text) == []
    assert readability == analyse([SWEDISH.text, block.text], 5)  # still counted
    _, as_prose = audit_text([SWEDISH, replace(block, kind="li")], "sv", 5)
    assert _quoting(as_prose, block.text)


def test_prose_kinds() -> None:
    assert is_prose(TextBlock("p", "Kort."))
    assert is_prose(TextBlock("li", "Kort."))
    assert not is_prose(TextBlock("td", "Diarienummer"))
    assert is_prose(TextBlock("td", " ".join(["ord"] * 12)))


def test_the_crawl_marks_the_template_text_of_its_first_pages() -> None:
    """A block on four pages is template text from the fourth page on; after the sample,
    the template of the sample marks every page, and counting stops."""
    early = EarlyTemplate(sample=5)
    footer = "Sidansvarig: Kommunikationsavdelningen"
    marks = [[b.template for b in early.mark(_page(f"Sida {n}.", footer))] for n in range(1, 8)]
    assert marks[:3] == [[False, False]] * 3  # fewer than four pages counted
    assert marks[3:] == [[False, True]] * 4  # the 4th and 5th counted, the 6th and 7th not
    # A text first met after the sample stays unmarked however often it recurs.
    late = [early.mark(_page("Ny ruta i sidfoten.")) for _ in range(6)]
    assert not [b for blocks in late for b in blocks if b.template]
    assert early.mark(()) == ()


def test_the_early_template_uses_the_site_s_thresholds_over_the_pages_so_far() -> None:
    """At page 60, a text on 5 pages is under 10 % of them: not template (as
    template_texts says of those 60 pages), where on page 4 a text on 4 pages is."""
    early = EarlyTemplate(sample=100)
    pages = [_page(f"Unik {n}.", "Ibland.") if n < 4 else _page(f"Unik {n}.") for n in range(59)]
    for blocks in pages:
        early.mark(blocks)
    last = _page("Unik 59.", "Ibland.")
    assert [b.template for b in early.mark(last)] == [False, False]
    assert template_texts([*pages, last]) == frozenset()
