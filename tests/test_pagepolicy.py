"""Page policy checks (audits.pagepolicy): one fixture page per rule, elements marked
``data-expect="violation"`` or ``data-expect="pass"`` (as axe-core tests its rules), plus
small pages for the page-level rules and the facts.

A finding's selector must select exactly the marked element in the fixture, so the
selectors are checked too.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from bs4.element import Tag

from audits.dom import elements, exposed_elements, is_exposed, parse_html
from audits.extract import extract_page
from audits.landmarks import landmarks
from audits.model import Finding, Outcome, Source
from audits.pagepolicy import PageFacts, check_page
from audits.policy import RULES

FILES = Path(__file__).parent / "files" / "policy"
URL = "https://www.testkommunen.se/omsorg/sida"

SWEDISH = (
    "Du behöver ofta bygglov när du bygger nytt, bygger till eller ändrar hur ett hus "
    "används. Ansök i god tid, eftersom handläggningen kan ta upp till tio veckor. "
    "Bifoga ritningar och en situationsplan. Kommunen skickar en bekräftelse när ansökan "
    "har kommit in och hör av sig om något saknas. Du får beslutet med post."
)
ENGLISH = (
    "You often need a building permit when you build something new, extend a house or "
    "change how a building is used. Apply in good time, since processing can take up to ten "
    "weeks. Attach drawings and a site plan. The municipality confirms that your application "
    "has arrived and contacts you if anything is missing."
)
NORWEGIAN = (
    "Du trenger ofte byggetillatelse når du bygger nytt, bygger på eller endrer hvordan et "
    "hus brukes. Søk i god tid, fordi saksbehandlingen kan ta opptil ti uker. Legg ved "
    "tegninger og en situasjonsplan. Kommunen sender en bekreftelse når søknaden har kommet "
    "inn, og tar kontakt hvis noe mangler."
)


def page(
    body: str, *, lang: str | None = "sv", title: str | None = "Bygglov – Testkommunen"
) -> str:
    lang_attr = f' lang="{lang}"' if lang is not None else ""
    title_tag = f"<title>{title}</title>" if title is not None else ""
    return (
        f"<!doctype html><html{lang_attr}><head><meta charset='utf-8'>{title_tag}</head>"
        f"<body><main>{body}</main></body></html>"
    )


def run(html: str, url: str = URL) -> tuple[tuple[Finding, ...], PageFacts]:
    """Check ``html`` as the pipeline does: blocks from audits.extract."""
    return check_page(html, url, extract_page(html).texts)


def rules(findings: tuple[Finding, ...], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def marked(path: Path, rule: str) -> tuple[set[int], set[int], set[int]]:
    """(ids of elements reported, of elements marked violation, of elements marked pass)."""
    html = path.read_text(encoding="utf-8")
    findings, _ = run(html, "https://www.testkommunen.se/bygglov/")
    soup = BeautifulSoup(html, "lxml")
    reported = set()
    for finding in rules(findings, rule):
        selected = soup.select(finding.selector)
        assert len(selected) == 1, (finding.selector, finding.message)
        reported.add(id(selected[0]))
    expect = {
        value: {id(t) for t in soup.find_all(attrs={"data-expect": value}) if isinstance(t, Tag)}
        for value in ("violation", "pass")
    }
    return reported, expect["violation"], expect["pass"]


# --- every finding ---------------------------------------------------------------------


def test_findings_are_klarsyn_advice_with_the_rules_metadata() -> None:
    html = (FILES / "link-text.html").read_text(encoding="utf-8")
    html = html.replace("<title>Länktexter – Testkommunen</title>", "")
    findings, _ = run(html)
    assert {f.rule for f in findings} >= {"policy-link-text", "policy-title-missing"}
    for finding in findings:
        rule = RULES[finding.rule]
        assert finding.source is Source.KLARSYN
        assert finding.outcome is Outcome.VIOLATION
        assert finding.impact == rule.impact
        assert finding.wcag == rule.wcag
        assert finding.best_practice
        assert finding.message
        assert len(finding.snippet) <= 300


def test_garbage_in_never_raises() -> None:
    for html in ("", "\x00\ud800<<<>>>", "<html", "plain text", "<?xml version='1.0'?><x/>"):
        findings, facts = check_page(html, URL, ())
        assert isinstance(facts, PageFacts)
        assert all(isinstance(f, Finding) for f in findings)


# --- h1 and title --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("<h1>Bygglov</h1><p>Text.</p>", 1),
        ("<h2>Bygglov</h2><p>Text.</p>", 0),
        ("<h1>Bygglov</h1><section><h1>Ansök</h1></section><h1>Kontakt</h1>", 3),
        ("<h1>Bygglov</h1><h1 hidden>Gammal rubrik</h1><template><h1>Mall</h1></template>", 1),
    ],
)
def test_h1_count(body: str, count: int) -> None:
    findings, facts = run(page(body))
    assert facts.h1_count == count
    found = rules(findings, "policy-h1-count")
    assert bool(found) is (count != 1)
    if count > 1:
        assert f"{count} huvudrubriker" in found[0].message
        assert found[0].selector == "main > section > h1"
        assert found[0].snippet == "<h1>Ansök</h1>"
    if count == 0:
        assert "ingen huvudrubrik" in found[0].message


@pytest.mark.parametrize(
    ("title", "missing"),
    [("Bygglov – Testkommunen", False), ("", True), ("  \n ", True), (None, True)],
)
def test_title_missing(title: str | None, missing: bool) -> None:
    findings, facts = run(page("<h1>Bygglov</h1>", title=title))
    found = rules(findings, "policy-title-missing")
    assert bool(found) is missing
    assert facts.title == ("" if missing else title)
    if missing:
        assert '"Bygglov – Kommunens namn"' in found[0].message


def test_a_title_inside_svg_is_not_the_page_title() -> None:
    html = page("<h1>Bygglov</h1><svg><title>Ikon</title></svg>", title=None)
    findings, facts = run(html)
    assert facts.title == ""
    assert rules(findings, "policy-title-missing")


# --- link texts ----------------------------------------------------------------------------


def test_link_text_fixture() -> None:
    reported, violations, passes = marked(FILES / "link-text.html", "policy-link-text")
    assert violations, "the fixture marks violations"
    assert violations <= reported
    assert not reported & passes


def test_link_text_message_is_concrete() -> None:
    findings, _ = run(page('<h1>Bygglov</h1><h2>Altan</h2><p><a href="/altan">Läs mer</a></p>'))
    (finding,) = rules(findings, "policy-link-text")
    assert finding.selector == 'a[href="/altan"]'
    assert finding.snippet == '<a href="/altan">Läs mer</a>'
    assert '"Läs mer"' in finding.message
    assert 'rubriken "Altan"' in finding.message


def test_link_text_selector_is_a_path_when_the_href_repeats() -> None:
    body = '<h1>A</h1><p><a href="/x">Bygglov</a></p><p><a href="/x">Här</a></p>'
    (finding,) = rules(run(page(body))[0], "policy-link-text")
    assert finding.selector == "main > p:nth-of-type(2) > a"


def test_link_text_ambiguous_fixture() -> None:
    reported, violations, passes = marked(
        FILES / "link-text-ambiguous.html", "policy-link-text-ambiguous"
    )
    assert violations == reported
    assert not reported & passes


def test_link_text_ambiguous_counts_the_targets() -> None:
    html = (FILES / "link-text-ambiguous.html").read_text(encoding="utf-8")
    (finding,) = rules(run(html)[0], "policy-link-text-ambiguous")
    assert '"Ansök" leder till 3 olika adresser' in finding.message
    assert "/omsorg/ansok-hemtjanst, /omsorg/ansok-boende, /omsorg/ansok-trygghetslarm" in (
        finding.message
    )


# --- language ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "mismatch", "text_lang"),
    [
        ("en", SWEDISH, True, "sv"),
        ("sv-SE", SWEDISH, False, "sv"),
        ("sv", SWEDISH, False, "sv"),
        ("SV", SWEDISH, False, "sv"),
        ("se", SWEDISH, True, "sv"),  # Northern Sami, a common slip for Swedish
        ("sv", ENGLISH, True, "en"),
        ("en-GB", ENGLISH, False, "en"),
        ("no", NORWEGIAN, False, "nb"),
        ("nb", NORWEGIAN, False, "nb"),
        ("sv", NORWEGIAN, True, "nb"),
        ("en", "Bygglov för altan. Ansök i e-tjänsten.", False, None),  # too few words
        (None, SWEDISH, False, "sv"),  # a missing lang is axe-core's html-has-lang
        ("", SWEDISH, False, "sv"),
        ("svenska", SWEDISH, False, "sv"),  # not a language code: axe's html-lang-valid
        ("en_US", SWEDISH, True, "sv"),
    ],
)
def test_lang_mismatch(lang: str | None, text: str, mismatch: bool, text_lang: str | None) -> None:
    findings, facts = run(page(f"<h1>Bygglov</h1><p>{text}</p>", lang=lang))
    assert facts.text_lang == text_lang
    found = rules(findings, "policy-lang-mismatch")
    assert bool(found) is mismatch
    if mismatch:
        assert found[0].selector == "html"
        assert f'lang="{text_lang}"' in found[0].message


def test_a_language_the_detector_does_not_know_is_not_judged() -> None:
    dutch = (
        "Je hebt vaak een bouwvergunning nodig als je iets nieuws bouwt, een huis uitbreidt of "
        "verandert hoe een gebouw wordt gebruikt. Vraag op tijd aan, want de behandeling kan "
        "tot tien weken duren. Voeg tekeningen en een situatieschets toe."
    )
    findings, _ = run(page(f"<h1>Bouwen</h1><p>{dutch}</p>", lang="nl"))
    assert not rules(findings, "policy-lang-mismatch")


def test_a_page_of_many_languages_has_no_text_language() -> None:
    html = (FILES / "foreign-passage.html").read_text(encoding="utf-8")
    findings, facts = run(html)
    assert facts.text_lang is None
    assert not rules(findings, "policy-lang-mismatch")


def test_foreign_passage_fixture() -> None:
    reported, violations, passes = marked(FILES / "foreign-passage.html", "policy-foreign-passage")
    assert violations == reported
    assert not reported & passes


def test_foreign_passage_message() -> None:
    body = f"<h1>Bygglov</h1><p>{SWEDISH}</p><p>{ENGLISH}</p>"
    (finding,) = rules(run(page(body))[0], "policy-foreign-passage")
    assert finding.selector == "main > p:nth-of-type(2)"
    assert len(finding.snippet) <= 300
    assert finding.snippet.endswith(" if anything…")
    assert ENGLISH.startswith(finding.snippet[:-1])
    assert "block 3" in finding.message
    assert "engelska" in finding.message
    assert 'lang="en"' in finding.message


def test_foreign_passage_with_lang_is_fine() -> None:
    body = f'<h1>Bygglov</h1><p>{SWEDISH}</p><p lang="en">{ENGLISH}</p>'
    assert not rules(run(page(body))[0], "policy-foreign-passage")


def test_swedish_passage_on_an_english_page() -> None:
    body = f"<h1>Building permits</h1>{f'<p>{ENGLISH}</p>' * 3}<p>{SWEDISH}</p>"
    findings, facts = run(page(body, lang="en"))
    assert facts.text_lang == "en"
    (finding,) = rules(findings, "policy-foreign-passage")
    assert 'lang="sv"' in finding.message


def test_a_mismatched_page_is_one_finding_not_one_per_paragraph() -> None:
    body = f"<h1>Building permits</h1><p>{ENGLISH}</p><p>{ENGLISH}</p>"
    findings, _ = run(page(body, lang="sv"))
    assert len(rules(findings, "policy-lang-mismatch")) == 1
    assert not rules(findings, "policy-foreign-passage")


# --- landmarks -----------------------------------------------------------------------------


def roles_of(body: str) -> frozenset[str]:
    return landmarks(elements(BeautifulSoup(f"<html><body>{body}</body></html>", "lxml")))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "<header><nav>menu</nav></header><main>x</main><footer>sidfot</footer>",
            {"banner", "navigation", "main", "contentinfo"},
        ),
        # header/footer inside article, aside, main, nav or section are not the page's
        (
            "<main><article><header>a</header><footer>b</footer></article></main>",
            {"main"},
        ),
        ("<main><header>Rubrik</header><footer>Publicerad</footer></main>", {"main"}),
        ("<section><header>a</header></section><nav><footer>b</footer></nav>", {"navigation"}),
        ('<div role="main"><header>a</header></div>', {"main"}),
        ('<div role="article"><footer>a</footer></div>', set()),
        ("<div><header>a</header></div><div><footer>b</footer></div>", {"banner", "contentinfo"}),
        # aside: complementary when scoped to body or main, or when named
        ("<aside>a</aside>", {"complementary"}),
        ("<main><aside>a</aside></main>", {"main", "complementary"}),
        ("<article><aside>a</aside></article>", set()),
        ('<article><aside aria-label="Fakta">a</aside></article>', {"complementary"}),
        # section and form only with a name
        ("<section>a</section><form>b</form>", set()),
        ('<section aria-label="Nyheter">a</section>', {"region"}),
        ('<h2 id="r">Nyheter</h2><section aria-labelledby="r">a</section>', {"region"}),
        ('<form title="Kontakt">b</form>', {"form"}),
        ('<form name="kontakt">b</form>', set()),  # the name attribute is no accessible name
        ('<form role="search"><input></form>', {"search"}),
        ("<search><input></search>", {"search"}),
        # explicit roles win; hidden landmarks are not exposed
        ('<div role="banner">a</div><div role="contentinfo">b</div>', {"banner", "contentinfo"}),
        ('<div role="navigation">a</div><div role="complementary">b</div>',
         {"navigation", "complementary"}),
        ('<header role="presentation">a</header><nav role="none">b</nav>', set()),
        ('<div role="region">a</div>', set()),
        ("<nav hidden>a</nav><template><main>b</main></template>", set()),
    ],
)  # fmt: skip
def test_landmarks(body: str, expected: set[str]) -> None:
    assert roles_of(body) == expected


def test_facts_of_a_template_page() -> None:
    html = (
        "<!doctype html><html lang='sv'><head><title>Bygglov – Testkommunen</title></head><body>"
        "<header><a href='/'>Start</a><nav aria-label='Huvudmeny'><a href='/a'>A</a></nav>"
        "<form role='search'><input></form></header>"
        "<main><article><header><h1>Bygglov</h1><p>Senast uppdaterad: 12 okt. 2026</p>"
        "</header><p>Text.</p><footer>Publicerad 3 mars 2020</footer></article></main>"
        "<footer><p>Testkommunen</p></footer></body></html>"
    )
    findings, facts = run(html)
    assert facts == PageFacts(
        title="Bygglov – Testkommunen",
        h1_count=1,
        landmarks=frozenset({"banner", "navigation", "search", "main", "contentinfo"}),
        updated=date(2026, 10, 12),
        text_lang=None,
        # The header's search form is no "form" of the page (audits/pagefeatures.py).
        features={"forms": 0, "tables": 0, "media": 0, "search": True, "password": False},
        layout=facts.layout,
    )
    assert len(facts.layout) == 12
    assert facts.as_dict() == {
        "title": "Bygglov – Testkommunen",
        "h1_count": 1,
        "landmarks": ["banner", "contentinfo", "main", "navigation", "search"],
        "updated": "2026-10-12",
        "text_lang": None,
        "features": {"forms": 0, "tables": 0, "media": 0, "search": True, "password": False},
        "layout": facts.layout,
    }
    assert not findings


def test_the_exposed_elements_of_a_page_are_those_is_exposed_keeps() -> None:
    """exposed_elements answers for a whole page in one pass what is_exposed answers
    element by element: a hidden, aria-hidden, display:none or inert ancestor hides a
    subtree; on every page of tests/files and the demo site the two agree."""
    html = (
        "<div hidden><p>a<span>b</span></p></div><template><p>c</p></template>"
        '<div style="display: none"><i>x</i></div><p aria-hidden="true"><b>y</b></p>'
        "<p>ok<b>ok</b><span style='visibility:hidden'><a>z</a></span></p>"
    )
    tags = elements(parse_html(html) or BeautifulSoup("", "lxml"))
    assert [t.name for t in exposed_elements(tags)] == ["html", "body", "p", "b"]
    pages = [*Path(__file__).parent.glob("files/**/*.html")]
    pages += (Path(__file__).parents[1] / "crawler" / "demo").glob("**/*.html")
    assert len(pages) > 50
    for page in pages:
        soup = parse_html(page.read_text(encoding="utf-8", errors="replace"))
        assert soup is not None
        tags = elements(soup)
        assert exposed_elements(tags) == [t for t in tags if is_exposed(t)], page
