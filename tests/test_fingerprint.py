"""Fingerprints: unrelated edits keep a fault's identity, real changes give a new one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from audits.fingerprint import (
    DIGEST_CHARS,
    fingerprint,
    fingerprints,
    frame_chain,
    is_generated,
    normalise_selector,
    normalise_snippet,
    page_key,
    site_key,
)
from audits.model import Finding, Outcome, Source

PAGE = "https://www.alvbyn.se/skola/forskola/"
IMG = Finding(
    "image-alt",
    Source.AXE,
    Outcome.VIOLATION,
    "critical",
    ("wcag2a", "wcag111"),
    "#innehall-4f3a9c2e > div.css-1x2y3z:nth-child(2) > img",
    '<img class="css-1x2y3z bild" src="/images/barn.jpg?v=12" alt="" width="300">',
)


def _fp(finding: Finding = IMG, page: str = PAGE) -> str:
    return fingerprint(finding, page)


def test_a_short_hex_digest() -> None:
    value = _fp()
    assert len(value) == DIGEST_CHARS
    int(value, 16)
    assert site_key(IMG) != value


@pytest.mark.parametrize(
    ("selector", "snippet"),
    [
        # A paragraph inserted before the element: the nth-child indices change.
        (
            "#innehall-4f3a9c2e > div.css-1x2y3z:nth-child(3) > img:nth-of-type(1)",
            IMG.snippet,
        ),
        # axe-core picks another unique selector once a second image is on the page.
        (".bild", IMG.snippet),
        ('img[src="/images/barn.jpg?v=12"]', IMG.snippet),
        # Attributes in another order, other whitespace.
        (
            IMG.selector,
            '<img  width="300"\n alt=""   src="/images/barn.jpg?v=12" class="bild css-1x2y3z">',
        ),
        # A new query string on the image (cache busting).
        (
            IMG.selector,
            '<img class="css-1x2y3z bild" src="/images/barn.jpg?v=13" alt="" width="300">',
        ),
        # The class hash of a CSS-in-JS framework renamed.
        (
            "#innehall-77aa01bc > div.css-9q8w7e > img",
            '<img class="css-9q8w7e bild" src="/images/barn.jpg?v=12" alt="" width="300">',
        ),
        # Styling attributes changed.
        (IMG.selector, '<img class="bild stor" src="/images/barn.jpg?v=12" alt="" style="x">'),
    ],
)
def test_unrelated_changes_keep_the_fingerprint(selector: str, snippet: str) -> None:
    changed = replace(IMG, selector=selector, snippet=snippet)
    assert _fp(changed) == _fp()
    assert site_key(changed) == site_key(IMG)


def test_the_same_page_by_another_spelling_of_its_url() -> None:
    for url in (
        "https://www.alvbyn.se/skola/forskola",
        "http://WWW.ALVBYN.SE:443/skola//forskola/#ansokan",
        "https://www.alvbyn.se/skola/f%6Frskola/",
    ):
        assert _fp(page=url) == _fp()


@pytest.mark.parametrize(
    "changed",
    [
        replace(IMG, snippet=IMG.snippet.replace('alt=""', 'alt="Barn leker"')),
        replace(IMG, snippet=IMG.snippet.replace('alt="" ', "")),
        replace(IMG, rule="image-redundant-alt"),
        replace(IMG, snippet='<img class="css-1x2y3z bild" src="/images/sol.jpg" alt="">'),
        replace(IMG, snippet='<input type="image" src="/images/barn.jpg" alt="">'),
        replace(IMG, selector="iframe >>> img"),
        replace(IMG, outcome=Outcome.NEEDS_REVIEW),
    ],
    ids=["alt", "no-alt", "rule", "other-image", "other-element", "in-a-frame", "outcome"],
)
def test_a_real_change_changes_it(changed: Finding) -> None:
    assert _fp(changed) != _fp()


def test_another_page_changes_the_fingerprint_but_not_the_site_key() -> None:
    for other in (
        "https://www.alvbyn.se/skola/",
        "https://www.alvbyn.se/skola/forskola/?sida=2",
        "https://e-tjanster.alvbyn.se/skola/forskola/",
    ):
        assert _fp(page=other) != _fp()
    assert site_key(IMG) == site_key(replace(IMG, selector="body > img"))


def test_text_content_identifies_an_element_whitespace_aside() -> None:
    a = replace(IMG, rule="color-contrast", snippet="<p class='ingress'>Förskolan   är\nöppen.</p>")
    b = replace(a, snippet='<p class="ingress ny">Förskolan är öppen.</p>')
    c = replace(a, snippet="<p>Förskolan är stängd.</p>")
    assert _fp(a) == _fp(b)
    assert _fp(a) != _fp(c)


def test_klarsyns_findings_use_rule_message_and_snippet_without_day_counts() -> None:
    stale = Finding(
        "policy-stale-page",
        Source.KLARSYN,
        Outcome.VIOLATION,
        "moderate",
        snippet="senast uppdaterad 2024-03-01",
        best_practice=True,
        message="Sidan uppdaterades senast för 400 dagar sedan (gränsen är 365 dagar).",
    )
    a_month_later = replace(stale, message=stale.message.replace("400", "430"))
    assert _fp(a_month_later) == _fp(stale)
    assert _fp(replace(stale, selector="main > p:nth-of-type(3)")) == _fp(stale)
    assert _fp(replace(stale, rule="policy-stale-document")) != _fp(stale)
    sentence = replace(stale, rule="klarsprak-passive", snippet="Ansökan skickas in.", message="")
    assert _fp(sentence) != _fp(replace(sentence, snippet="Blanketten fylls i."))
    link = replace(
        stale, rule="policy-link-text", snippet='<a class="sc-bdVaJa" href="/nyheter/">Läs mer</a>'
    )
    assert _fp(link) == _fp(replace(link, snippet='<a href="/nyheter/" class="sc-x">Läs  mer</a>'))


def test_identical_elements_on_one_page_get_distinct_fingerprints_in_order() -> None:
    link = replace(IMG, rule="link-name", snippet='<a href="/x"><svg></svg></a>')
    other = replace(IMG, rule="link-name", snippet='<a href="/y"><svg></svg></a>')
    prints = fingerprints([link, other, replace(link, selector="footer > a")], PAGE)
    assert len(set(prints)) == 3
    assert prints[0] == _fp(link)
    assert prints[1] == _fp(other)
    # Fixing the first of the twins: the one left takes the first fingerprint.
    assert fingerprints([other, link], PAGE) == (prints[1], prints[0])
    given = replace(link, fingerprint="0123456789abcdef")
    assert fingerprints([given], PAGE) == ("0123456789abcdef",)


@pytest.mark.parametrize(
    ("token", "generated"),
    [
        ("css-1x2y3z", True),
        ("sc-bdVaJa", True),
        ("kGfCqs", True),
        ("Button_root__a1B2c", True),
        ("main-9f8e7d6c", True),
        ("post-12345", True),
        ("a1b2c3", True),
        ("col-12", False),
        ("btn-primary", False),
        ("navBar", False),
        ("mt-4", False),
        ("h2", False),
        ("sidhuvud", False),
    ],
)
def test_generated_names(token: str, generated: bool) -> None:
    assert is_generated(token) is generated


def test_normalise_selector() -> None:
    assert (
        normalise_selector(
            '#main-9f8e7d6c > div.css-1x2y3z:nth-child(3) > img.bild[src$="a.png?v=2"]'
        )
        == 'div > img.bild[src$="a.png"]'
    )
    assert normalise_selector("ul > li:nth-last-child(2) > a.kGfCqs") == "ul > li > a"
    assert (
        normalise_selector('iframe[title="Karta > Skolor"] >>> #karta > .sc-bdVaJa > button')
        == 'iframe[title="Karta > Skolor"] >>> #karta > button'
    )
    assert frame_chain('#karta > iframe[title="a b"] >>> button') == "iframe"
    assert frame_chain("button") == ""


def test_normalise_snippet() -> None:
    assert normalise_snippet('<img class="a" src="/a.png?v=2" alt="">') == "img alt= src=/a.png"
    assert (
        normalise_snippet('<img src="https://CDN.se/images/18.3bb1f1a9178f/1617183740433/l.png">')
        == "img src=//cdn.se/images/18.*/*/l.png"
    )
    assert normalise_snippet('<input id="menu-item-56" type="text">') == (
        "input id=menu-item-# type=text"
    )
    assert normalise_snippet('<div id="a1b2c3d4e5" role="button">Öppna  meny</div>') == (
        "div role=button | Öppna meny"
    )
    # An opening tag longer than the snippet, cut: its complete attributes.
    assert normalise_snippet('<a title="Hem" href="/" class="aaaaaaaa…') == "a href=/ title=Hem"
    assert normalise_snippet("ingen märkning") == "ingen märkning"


def test_page_key() -> None:
    assert (
        page_key("https://www.Kommun.se:443/om//oss/?b=2&a=1#x") == "www.kommun.se/om/oss?a=1&b=2"
    )
    assert page_key("http://127.0.0.1:8123/") == page_key("http://127.0.0.1:9000")
