"""Main-content extraction: which text of a page is scored, and in which blocks."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from audits.extract import Block, PageText, extract_page

FILES = Path(__file__).parent / "files"


def blocks(html: str) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in extract_page(html).blocks]


def test_municipal_page_fixture() -> None:
    page = extract_page((FILES / "kommun_bygglov.html").read_text(encoding="utf-8"))
    assert page.title == "Bygglov - Exempelby kommun"
    assert page.lang == "sv"
    assert page.blocks == (
        Block("h1", "Bygglov"),
        Block("p", "Du behöver ofta bygglov när du bygger nytt eller bygger om."),
        Block("h2", "Så ansöker du"),
        Block("li", "Fyll i blanketten."),
        Block("li", "Skicka den till bygglov@exempelby.se."),
    )
    assert page.texts == tuple(block.text for block in page.blocks)


def test_main_element_wins_over_the_rest_of_the_body() -> None:
    html = "<body><p>Utanför</p><main><p>Innehåll</p></main><p>Efter</p></body>"
    assert blocks(html) == [("p", "Innehåll")]


def test_role_main_counts_as_main() -> None:
    html = "<body><p>Utanför</p><div role='main'><p>Innehåll</p></div></body>"
    assert blocks(html) == [("p", "Innehåll")]


def test_hidden_main_is_skipped_for_the_visible_one() -> None:
    html = "<body><main hidden><p>Mall</p></main><main><p>Sidan</p></main></body>"
    assert blocks(html) == [("p", "Sidan")]


def test_main_inside_a_template_is_not_the_page() -> None:
    html = "<body><template><main><p>Mall</p></main></template><p>Sidan</p></body>"
    assert blocks(html) == [("p", "Sidan")]


def test_single_article_is_used_without_main() -> None:
    html = "<body><p>Puff</p><article><h1>Rubrik</h1><p>Text</p></article></body>"
    assert blocks(html) == [("h1", "Rubrik"), ("p", "Text")]


def test_without_main_or_single_article_the_body_is_used() -> None:
    html = (
        "<body><header><p>Logga</p></header><article><p>Ett</p></article>"
        "<article><p>Två</p></article><footer><p>Kontakt</p></footer></body>"
    )
    assert blocks(html) == [("p", "Ett"), ("p", "Två")]


def test_page_header_nav_footer_and_landmark_roles_are_removed() -> None:
    html = """<body>
      <header><p>Kommunens namn</p></header>
      <nav><ul><li>Meny</li></ul></nav>
      <div role="navigation">Genvägar</div><div role="banner">Banner</div>
      <div role="search">Sök</div><div role="contentinfo">Adress</div>
      <aside><p>Relaterat</p></aside>
      <p>Innehåll</p>
      <footer><p>Sidfot</p></footer>
    </body>"""
    assert blocks(html) == [("p", "Innehåll")]


def test_header_inside_main_or_article_is_the_articles_own_heading() -> None:
    # HTML-AAM: a <header> inside article/main/section is not the page banner.
    html = "<main><header><h1>Bygglov</h1><p>Ingress</p></header><p>Text</p></main>"
    assert blocks(html) == [("h1", "Bygglov"), ("p", "Ingress"), ("p", "Text")]


@pytest.mark.parametrize(
    "banner",
    [
        "<div id='cookie-banner'><p>Vi använder kakor.</p></div>",
        "<div class='CookieConsent'><p>Godkänn kakor.</p></div>",
        "<section class='consent-dialog'><p>Samtycke.</p></section>",
        "<ol class='breadcrumbs'><li>Start</li></ol>",
        "<div id='brodsmulor'>Start / Bygglov</div>",
        "<a class='skip-link' href='#main'>Till innehållet</a>",
    ],
)
def test_cookie_banner_breadcrumbs_and_skip_links_are_removed(banner: str) -> None:
    assert blocks(f"<body>{banner}<p>Innehåll</p></body>") == [("p", "Innehåll")]


def test_a_class_on_body_or_main_does_not_remove_the_content() -> None:
    html = "<body class='cookie-consent-given'><main class='skip-target'><p>Text</p></main></body>"
    assert blocks(html) == [("p", "Text")]


def test_hidden_content_is_removed() -> None:
    html = """<main>
      <p hidden>Dold</p><div aria-hidden="true"><p>Ikon</p></div>
      <p style="display: none">Stängd</p><p aria-hidden="false">Synlig</p>
    </main>"""
    assert blocks(html) == [("p", "Synlig")]


def test_scripts_styles_templates_svg_and_option_lists_are_removed() -> None:
    html = """<main>
      <script>var a = 1;</script><style>p { color: red }</style>
      <noscript>Aktivera JavaScript</noscript><template><p>Mall</p></template>
      <svg><title>Ikon</title><text>SVG</text></svg>
      <label>Välj <select><option>Vänersborg</option></select></label>
      <!-- en kommentar -->
      <p>Text</p>
    </main>"""
    assert blocks(html) == [("control", "Välj"), ("p", "Text")]  # a label: no prose


def test_nested_lists_give_each_item_once() -> None:
    html = """<main><ul>
      <li>Ett
        <ul><li>Ett a</li><li><p>Ett b</p></li></ul>
      </li>
      <li><p>Två</p></li>
    </ul></main>"""
    assert blocks(html) == [("li", "Ett"), ("li", "Ett a"), ("p", "Ett b"), ("p", "Två")]


def test_table_cells_are_blocks() -> None:
    html = """<main><table>
      <caption>Avgifter 2026</caption>
      <tr><th scope="col">Åtgärd</th><th scope="col">Avgift</th></tr>
      <tr><td>Bygglov för <b>ett</b> enbostadshus</td><td>12 000 kr</td></tr>
    </table></main>"""
    assert blocks(html) == [
        ("caption", "Avgifter 2026"),
        ("th", "Åtgärd"),
        ("th", "Avgift"),
        ("td", "Bygglov för ett enbostadshus"),
        ("td", "12 000 kr"),
    ]


def test_definition_lists_figures_and_quotes() -> None:
    html = """<main><dl><dt>Bygglov</dt><dd>Ett tillstånd.</dd></dl>
      <figure><img alt="Karta"><figcaption>Kartan visar området.</figcaption></figure>
      <blockquote>Ett citat.</blockquote></main>"""
    assert blocks(html) == [
        ("dt", "Bygglov"),
        ("dd", "Ett tillstånd."),
        ("figcaption", "Kartan visar området."),
        ("blockquote", "Ett citat."),
    ]


def test_loose_text_in_containers_becomes_div_blocks() -> None:
    html = "<main>Inledning <em>här</em><div>Mitt i<p>Stycke</p>slut</div></main>"
    assert blocks(html) == [
        ("div", "Inledning här"),
        ("div", "Mitt i"),
        ("p", "Stycke"),
        ("div", "slut"),
    ]


def test_containers_inside_a_block_split_it_but_keep_its_kind() -> None:
    html = "<main><li><div>Rad ett</div><div>Rad två</div></li></main>"
    assert blocks(html) == [("li", "Rad ett"), ("li", "Rad två")]


def test_inline_markup_and_line_breaks_do_not_split_a_block() -> None:
    html = (
        "<main><p>Du <a href='/x'>ansöker</a> i <strong>e-</strong>tjänsten<br>"
        "senast i maj.</p></main>"
    )
    assert blocks(html) == [("p", "Du ansöker i e-tjänsten senast i maj.")]


def test_whitespace_is_collapsed_and_invisible_characters_removed() -> None:
    html = "<main><p>  Informations\u00adteknik\u00a0och\n\t  bygg\u200blov  </p><p> \n </p></main>"
    assert blocks(html) == [("p", "Informationsteknik och bygglov")]


def test_decomposed_swedish_letters_come_out_composed() -> None:
    nfd = unicodedata.normalize("NFD", "Återvinning för hushåll i Vänersborg och Öxnered")
    assert nfd != unicodedata.normalize("NFC", nfd)
    page = extract_page(f"<html><title>{nfd}</title><main><p>{nfd}</p></main></html>")
    expected = "Återvinning för hushåll i Vänersborg och Öxnered"
    assert page.title == expected
    assert page.blocks == (Block("p", expected),)


def test_missing_title_and_lang_are_empty_strings() -> None:
    assert extract_page("<p>Text</p>") == PageText("", "", (Block("p", "Text"),))


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "   ",
        "<<<>>>",
        "<p>ofullständig <b>fet <i>kursiv</p></div></span>",
        "\x00\x01\x02",
        "\ud800 ensam surrogat",
        "https://www.vanersborg.se",
        "index.html",
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>XHTML</p></body></html>',
        "<div>" * 5000 + "djupt" + "</div>" * 5000,
        bytes(range(256)).decode("latin-1"),
    ],
)
def test_malformed_input_never_raises(garbage: str) -> None:
    page = extract_page(garbage)
    assert isinstance(page, PageText)
    assert all(block.text == block.text.strip() and block.text for block in page.blocks)


def test_malformed_html_is_repaired_into_blocks() -> None:
    html = "<main><p>Ett<p>Två<li>Tre</main><p>Utanför"
    assert blocks(html) == [("p", "Ett"), ("p", "Två"), ("li", "Tre")]


def test_deep_nesting_is_walked_without_recursion_errors() -> None:
    assert blocks("<main>" + "<div>" * 5000 + "djupt" + "</div>" * 5000 + "</main>") == [
        ("div", "djupt")
    ]


# --- declared language of a block ---------------------------------------------------------


def langs(html: str) -> list[tuple[str, str]]:
    return [(block.text, block.lang) for block in extract_page(html).blocks]


def test_a_block_has_the_nearest_declared_language_and_the_html_lang_is_not_copied() -> None:
    html = """<html lang="sv"><body><main>
      <p>Svensk text.</p>
      <section lang="en"><h2>English</h2><div><p>Nested in English.</p></div>
        <p lang="fi">Suomeksi sisällä.</p><p lang="">Okänt språk.</p></section>
      <p lang=" ar ">نص عربي</p>
    </main></body></html>"""
    page = extract_page(html)
    assert page.lang == "sv"
    assert langs(html) == [
        ("Svensk text.", ""),  # only <html lang>: the page's language, not the block's
        ("English", "en"),
        ("Nested in English.", "en"),
        ("Suomeksi sisällä.", "fi"),  # the innermost declaration wins
        ("Okänt språk.", ""),  # lang="" declares the language unknown
        ("نص عربي", "ar"),  # stripped, as written otherwise
    ]


def test_xml_lang_declares_a_language_and_lang_comes_first() -> None:
    html = """<main><p xml:lang="fi">Hakemus lähetetään kuntaan.</p>
      <p lang="en" xml:lang="fi">Both declared.</p></main>"""
    assert langs(html) == [("Hakemus lähetetään kuntaan.", "fi"), ("Both declared.", "en")]


def test_a_language_declared_above_the_main_content_is_inherited() -> None:
    html = "<html lang='sv'><body lang='sv-FI'><main><p>Text.</p></main></body></html>"
    assert langs(html) == [("Text.", "sv-FI")]
    html = "<html lang='sv'><body><div lang='en'><main><p>Text.</p></main></div></body></html>"
    assert langs(html) == [("Text.", "en")]


def test_inline_declarations_decide_only_when_they_hold_all_the_words() -> None:
    html = """<main>
      <p><span lang="en">The whole paragraph.</span></p>
      <p>Läs om <span lang="en">open data</span> här.</p>
      <p lang="en">Hello <span lang="fr">bonjour</span></p>
      <li><span lang="en">Word</span> – 12</li>
    </main>"""
    assert langs(html) == [
        ("The whole paragraph.", "en"),
        ("Läs om open data här.", ""),  # a phrase inside Swedish text: the block's language
        ("Hello bonjour", "en"),
        ("Word – 12", "en"),  # a dash and a number are no words of any language
    ]


def test_a_frame_declares_its_own_document_language_or_none() -> None:
    # crawler/browser/scripts.py serialises a same-origin frame's body like this.
    html = """<html lang="sv"><body><main><p>Svensk text.</p>
      <div data-klarsyn-frame="https://kommun.se/bokning" lang="en"><p>Book a time.</p></div>
      <section lang="fi"><div data-klarsyn-frame="https://kommun.se/karta">
        <p>Kartdata.</p></div></section>
    </main></body></html>"""
    assert langs(html) == [("Svensk text.", ""), ("Book a time.", "en"), ("Kartdata.", "")]


# --- text that is no prose: tables of contents and form controls --------------------------


def test_links_within_the_page_are_a_table_of_contents() -> None:
    html = """<main><h2>Innehåll</h2>
      <ul><li><a href="#ansok">Så ansöker du</a></li><li>2. <a href="#beslut">Beslut</a></li></ul>
      <p><a href="#a">Avgifter</a> | <a href="#b">Kontakt</a></p>
      <ul><li><a href="/bygglov/">Bygglov</a></li>
        <li><a href="#x">Blanketter</a> för bygglov</li></ul>
      <h2 id="ansok"><a href="#ansok">Så ansöker du</a></h2>
      <p><a href="#top">Till toppen</a></p>
    </main>"""
    assert blocks(html) == [
        ("h2", "Innehåll"),
        ("toc", "Så ansöker du"),
        ("toc", "2. Beslut"),
        ("toc", "Avgifter | Kontakt"),
        ("li", "Bygglov"),  # a link to another page is the editor's text
        ("li", "Blanketter för bygglov"),  # words outside the link: prose
        ("h2", "Så ansöker du"),  # a heading stays a heading
        ("toc", "Till toppen"),
    ]


def test_a_nav_inside_the_main_content_is_left_out() -> None:
    html = """<main><nav aria-label="På den här sidan"><ul><li><a href="#a">A</a></li></ul></nav>
      <p>Text.</p></main>"""
    assert blocks(html) == [("p", "Text.")]


def test_form_control_text_is_no_prose_but_a_button_in_a_sentence_is() -> None:
    html = """<main><form><fieldset><legend>UPPGIFTER OM DIG</legend>
      <div><label for="p">Personnummer (ÅÅÅÅMMDD-XXXX)</label><input id="p"></div>
      <label><input type="checkbox"> Jag vill ha beslutet med e-post</label>
      <p>Klicka på <button>Skicka</button> när du är klar.</p>
      <p><button type="submit">SKICKA IN</button></p>
      <h3><button aria-expanded="false">Vem kan få hjälp?</button></h3>
      <div><label for="a">Adress <a href="#hjalp">(hjälp)</a></label><input id="a"></div>
      <div><label for="t">Telefon</label> <a href="#hjalp">Hjälp</a></div>
    </fieldset></form></main>"""
    assert blocks(html) == [
        ("control", "UPPGIFTER OM DIG"),
        ("control", "Personnummer (ÅÅÅÅMMDD-XXXX)"),
        ("control", "Jag vill ha beslutet med e-post"),
        ("p", "Klicka på Skicka när du är klar."),
        ("control", "SKICKA IN"),
        ("h3", "Vem kan få hjälp?"),  # an accordion's heading is the editor's
        ("control", "Adress (hjälp)"),  # a link inside a label is still the label's
        ("control", "Telefon Hjälp"),  # a label and an in-page link: no prose either way
    ]


def test_the_kinds_that_are_no_prose_leave_the_texts_as_they_were() -> None:
    """Readability counts the block texts: marking a block "toc" or "control" changes its
    kind only, never where a block begins or ends."""
    html = """<main><ul><li><a href="#a">Ett</a></li><li><a href="#b">Två</a></li></ul>
      <div><label>Namn</label> <label>E-post</label> <button>Skicka</button></div>
    </main>"""
    plain = html.replace('href="#', 'href="/sida#')
    for tag in ("label", "button"):
        plain = plain.replace(f"<{tag}>", "<span>").replace(f"</{tag}>", "</span>")
    texts = ("Ett", "Två", "Namn E-post Skicka")
    assert extract_page(html).texts == extract_page(plain).texts == texts
    assert [b.kind for b in extract_page(html).blocks] == ["toc", "toc", "control"]
