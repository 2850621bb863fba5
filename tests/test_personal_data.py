"""Personnummer and samordningsnummer (audits.personal_data, policy-personal-data).

The numbers here are Skatteverket's test number 19121212-1212 ("Tolvan Tolvansson") and
numbers computed for the test; none is a real person's.
"""

from __future__ import annotations

import pytest

from audits.extract import extract_page
from audits.model import Finding
from audits.pagepolicy import check_page
from audits.personal_data import (
    PERSONNUMMER,
    SAMORDNINGSNUMMER,
    find_numbers,
    luhn_valid,
)

URL = "https://www.testkommunen.se/protokoll"


def test_luhn() -> None:
    assert luhn_valid("1212121212")
    assert not luhn_valid("1212121213")
    assert luhn_valid("7010632391")
    assert luhn_valid("8501011236")


@pytest.mark.parametrize(
    ("text", "kind", "shape"),
    [
        ("19121212-1212", PERSONNUMMER, "ÅÅÅÅMMDD-NNNN"),
        ("191212121212", PERSONNUMMER, "ÅÅÅÅMMDDNNNN"),
        ("121212-1212", PERSONNUMMER, "ÅÅMMDD-NNNN"),
        ("121212+1212", PERSONNUMMER, "ÅÅMMDD+NNNN"),
        ("121212–1212", PERSONNUMMER, "ÅÅMMDD-NNNN"),  # en dash from the CMS
        ("850101-1236", PERSONNUMMER, "ÅÅMMDD-NNNN"),
        ("040229-1231", PERSONNUMMER, "ÅÅMMDD-NNNN"),  # 2004 was a leap year
        ("701063-2391", SAMORDNINGSNUMMER, "ÅÅMMDD-NNNN"),  # day 63 = the 3rd + 60
        ("19701063-2391", SAMORDNINGSNUMMER, "ÅÅÅÅMMDD-NNNN"),
        ("Beslut för Tolvan (pnr 19121212-1212), se bilaga.", PERSONNUMMER, "ÅÅÅÅMMDD-NNNN"),
        ("Personnummer:121212-1212.", PERSONNUMMER, "ÅÅMMDD-NNNN"),
    ],
)
def test_found(text: str, kind: str, shape: str) -> None:
    (hit,) = find_numbers(text)
    assert (hit.kind, hit.shape) == (kind, shape)
    assert hit.end - hit.start == len(shape)


@pytest.mark.parametrize(
    "text",
    [
        "19121212-1213",  # wrong check digit
        "121212-1213",
        "010229-1234",  # 29 February 2001/1901: no such day (the check digit is right)
        "556036-0793",  # organisationsnummer: "month" 60, check digit right
        "202100-5448",  # a public authority's organisationsnummer
        "0521-72 10 00",  # phone numbers
        "070-123 45 67",
        "0701234567",
        "+46 521 72 10 00",
        "1212121212",  # ten digits without a separator: phone numbers look the same
        "KS 2020/293",  # diarienummer
        "Dnr 2026-000123",
        "BUN 2026/112",
        "ISBN 978-91-7343-121-6",
        "2026-10-12",  # dates
        "19121212-12120",  # glued to more digits
        "119121212-1212",
        "a19121212-1212",
        "19121212-1212b",
        "19121212/1212",
        "3.121212-1212",
        "121212 1212",  # a space is not a separator we read: too many false alarms
        "21121212-1212",  # century 21
        "121272-1212",  # day 72 - 60 = 12 but the check digit is wrong for it
        "",
    ],
)
def test_not_found(text: str) -> None:
    assert find_numbers(text) == []


def forms(number: str) -> list[str]:
    """The number as written and its digits in every form a leak could take."""
    digits = "".join(c for c in number if c.isdigit())
    ten = digits[-10:]
    return [number, digits, ten, f"{ten[:6]}-{ten[6:]}", ten[6:], digits[:-4]]


def check(html: str) -> tuple[Finding, ...]:
    findings, _ = check_page(html, URL, extract_page(html).texts)
    return tuple(f for f in findings if f.rule == "policy-personal-data")


@pytest.mark.parametrize(
    ("number", "kind"),
    [("19121212-1212", "personnummer"), ("701063-2391", "samordningsnummer")],
)
def test_a_finding_never_holds_the_number(number: str, kind: str) -> None:
    html = (
        "<html lang='sv'><head><title>Protokoll</title></head><body><main>"
        "<h1>Protokoll</h1><p>Sammanträde 2026-03-03.</p>"
        f"<p id='p-{number}'>Beslut om bidrag till sökande med personnummer {number}.</p>"
        "</main></body></html>"
    )
    (finding,) = check(html)
    text = repr(finding)
    for form in forms(number):
        assert form not in text, form
    assert kind in finding.message
    assert "block 3, tecken 48" in finding.message
    assert finding.snippet in ("ÅÅÅÅMMDD-NNNN", "ÅÅMMDD-NNNN")
    assert finding.selector == ""  # the element's id holds the number: no selector
    assert finding.impact == "critical"


def test_a_finding_points_at_the_element() -> None:
    html = "<main><h1>Protokoll</h1><ul><li>Text</li><li>Tolvan 19121212-1212</li></ul></main>"
    (finding,) = check(html)
    assert finding.selector == "main > ul > li:nth-of-type(2)"
    assert "block 3, tecken 8" in finding.message


def test_numbers_outside_the_main_content_are_found_once() -> None:
    html = (
        "<html><head><title>Tolvan 121212-1212</title>"
        "<meta name='description' content='Om 121212-1212'></head><body>"
        "<header><p>Kontakt: 121212-1212</p></header>"
        "<main><h1>Rubrik</h1><p>Beslut 121212-1212 och 19121212-1212.</p></main>"
        "<!-- test: 701063-2391 -->"
        "<footer><a href='/sok?pnr=121212-1212'>Sök</a><img src='x.png' alt='121212+1212'>"
        "</footer></body></html>"
    )
    findings = check(html)
    messages = [f.message for f in findings]
    assert sum("block 2, tecken" in m for m in messages) == 2
    outside = [m for m in messages if "utanför huvudinnehållet" in m]
    assert any("<title>" in m for m in outside)
    assert any("<p>" in m for m in outside)  # the header's paragraph
    assert any("HTML-kommentar" in m and "samordningsnummer" in m for m in outside)
    assert any("attributet content på <meta>" in m for m in outside)
    assert any("attributet href på <a>" in m for m in outside)
    assert any("attributet alt på <img>" in m for m in outside)
    assert len(findings) == 8
    for finding in findings:
        for number in ("121212-1212", "19121212-1212", "701063-2391"):
            for form in forms(number):
                assert form not in repr(finding), form


@pytest.mark.parametrize(
    "markup",
    [
        "<p>Ring 0521-72 10 00 eller 070-123 45 67.</p>",
        "<p>Diarienummer KS 2020/293, BUN 2026/112.</p>",
        "<p>Organisationsnummer 212000-1496 och 556036-0793.</p>",
        "<p>Testnumret 19121212-1213 har fel kontrollsiffra.</p>",
        "<script>var id = '19121212-1212';</script><p>Text</p>",
    ],
)
def test_not_reported(markup: str) -> None:
    assert check(f"<main><h1>Sida</h1>{markup}</main>") == ()


def test_other_findings_do_not_quote_the_number_either() -> None:
    number = "19121212-1212"
    html = (
        "<html lang='sv'><head><title>Sök</title></head><body><main><h1>Sök</h1>"
        f"<p><a href='/sok?pnr={number}'>Här</a></p>"
        f"<p>You can apply for a building permit online if you are {number}, fill in the "
        "form and attach your drawings before you send it to the planning office.</p>"
        "</main></body></html>"
    )
    findings, _ = check_page(html, URL, extract_page(html).texts)
    assert {f.rule for f in findings} >= {
        "policy-link-text",
        "policy-foreign-passage",
        "policy-personal-data",
    }
    for finding in findings:
        for form in forms(number):
            assert form not in repr(finding), (finding.rule, form)
    link = next(f for f in findings if f.rule == "policy-link-text")
    assert link.selector == ""
    assert "pnr=ÅÅÅÅMMDD-NNNN" in link.snippet


def test_redact_page_masks_every_copy_of_the_number() -> None:
    from audits.model import Link, PageResult, PageStatus, TextBlock
    from audits.personal_data import redact_page

    number = "121212-1212"
    page = PageResult(
        url="https://x.se/protokoll/",
        status=PageStatus.AUDITED,
        title=f"Beslut om {number}",
        blocks=(TextBlock("p", f"Sökande: Tolvan, {number}, Tallbacken 4."),),
        links=(Link("https://x.se/person/", f"Akt {number}"),),
    )
    redacted = redact_page(page)
    assert number not in repr(redacted)
    assert redacted.blocks[0].text == "Sökande: Tolvan, ÅÅMMDD-NNNN, Tallbacken 4."
    assert redacted.url == page.url
