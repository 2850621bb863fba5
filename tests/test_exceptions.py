"""Accepted exceptions: reading the file, matching findings, and expiry."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from audits.exceptions import (
    AcceptedException,
    ExceptionsError,
    expired,
    load_exceptions,
    match,
    split_accepted,
)
from audits.model import Finding, Outcome, PageResult, PageStatus, Source

TODAY = date(2026, 11, 26)

EXAMPLE = """
[[exception]]
rule = "color-contrast"
selector = ".hero p"
url = "/kampanj/"
reason = "Leverantörens kampanjmodul, byts ut i mars"
decided_by = "Anna Andersson, webbredaktör"
expires = 2027-03-01

[[exception]]
rule = "image-alt"
selector = "re:^img\\\\.logo"
reason = "Logotypen byts i nästa version av mallen"
decided_by = "Webbgruppen"
expires = "2027-01-15"
"""

KEYS = {
    "rule": "rule = 'image-alt'",
    "reason": "reason = 'Byts ut'",
    "decided_by": "decided_by = 'Anna'",
    "expires": "expires = 2027-03-01",
}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "undantag.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _entry(**changes: str | None) -> str:
    lines = dict(KEYS)
    for key, line in changes.items():
        if line is None:
            lines.pop(key, None)
        else:
            lines[key] = line
    return "[[exception]]\n" + "\n".join(lines.values()) + "\n"


def _finding(rule: str = "color-contrast", selector: str = ".hero p") -> Finding:
    return Finding(rule, Source.AXE, Outcome.VIOLATION, "serious", ("wcag143",), selector)


def _exception(**changes: object) -> AcceptedException:
    values: dict[str, object] = {
        "rule": "color-contrast",
        "reason": "Byts ut",
        "decided_by": "Anna",
        "expires": date(2027, 3, 1),
    }
    values.update(changes)
    return AcceptedException(**values)  # type: ignore[arg-type]


def test_the_documented_example_reads(tmp_path: Path) -> None:
    first, second = load_exceptions(_write(tmp_path, EXAMPLE))
    assert first.rule == "color-contrast"
    assert (first.selector, first.url) == (".hero p", "/kampanj/")
    assert first.reason == "Leverantörens kampanjmodul, byts ut i mars"
    assert first.decided_by == "Anna Andersson, webbredaktör"
    assert first.expires == date(2027, 3, 1)
    assert second.selector == "re:^img\\.logo"
    assert second.expires == date(2027, 1, 15)  # a quoted ISO date is a date too
    assert second.url == ""


def test_an_empty_file_accepts_nothing(tmp_path: Path) -> None:
    assert load_exceptions(_write(tmp_path, "# inga undantag än\n")) == ()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[[exception]\nrule = 1", "is not valid TOML"),
        ("[exceptions]\n", "unknown key(s) exceptions"),
        ("exception = 'color-contrast'\n", "must be [[exception]] tables"),
        (_entry(reason=None), "exception 1: 'reason' is missing (say why"),
        (_entry(decided_by=None), "'decided_by' is missing (say who decided"),
        (_entry(expires=None), "'expires' is missing (give the date"),
        (_entry(rule=None), "'rule' is missing"),
        (_entry(reason="reason = '  '"), "'reason' is empty"),
        (_entry(reason="reason = 3"), "'reason' must be a string"),
        (_entry(expires="expires = 'i mars'"), "'expires' must be a date like 2027-03-01"),
        (_entry(expires="expires = 2027-03-01T10:00:00"), "'expires' must be a date"),
        (_entry(expires="expires = 20270301"), "'expires' must be a date"),
        (_entry(url="url = '/kampanj/('"), "'url' is not a valid regular expression"),
        (_entry(selector="selector = 're:img['"), "'selector' is not a valid regular"),
        (_entry(ticket="ticket = 'WEB-12'"), "unknown key(s) ticket"),
        (_entry() + _entry(expires=None), "exception 2: 'expires' is missing"),
    ],
)
def test_a_bad_file_is_one_sentence(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(ExceptionsError) as error:
        load_exceptions(_write(tmp_path, text))
    message = str(error.value)
    assert words in message
    assert "undantag.toml" in message
    assert "\n" not in message


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExceptionsError, match="does not exist"):
        load_exceptions(tmp_path / "finns-inte.toml")


def test_a_plain_selector_matches_exactly() -> None:
    exception = _exception(selector=".hero p")
    assert match(_finding(selector=".hero p"), "https://k.se/", [exception], TODAY) is exception
    assert match(_finding(selector=".hero p > a"), "https://k.se/", [exception], TODAY) is None
    assert match(_finding(selector=".hero"), "https://k.se/", [exception], TODAY) is None


def test_a_regex_selector_is_searched() -> None:
    exception = _exception(selector=r"re:^\.hero\b")
    assert match(_finding(selector=".hero p > a"), "https://k.se/", [exception], TODAY)
    assert match(_finding(selector="main .hero p"), "https://k.se/", [exception], TODAY) is None


def test_the_url_regex_is_searched_in_the_page_url() -> None:
    exception = _exception(url="/kampanj/")
    assert match(_finding(), "https://k.se/kampanj/var/", [exception], TODAY)
    assert match(_finding(), "https://k.se/nyheter/", [exception], TODAY) is None


def test_the_rule_must_be_the_same() -> None:
    assert match(_finding(rule="image-alt"), "https://k.se/", [_exception()], TODAY) is None


def test_without_selector_or_url_every_occurrence_of_the_rule_matches() -> None:
    exception = _exception()
    assert match(_finding(selector="body > div"), "https://k.se/a/", [exception], TODAY)


def test_the_first_exception_in_force_wins() -> None:
    old = _exception(expires=date(2026, 1, 1), reason="Gammalt beslut")
    new = _exception(reason="Nytt beslut")
    assert match(_finding(), "https://k.se/", [old, new], TODAY) is new


def test_an_exception_lapses_on_its_expiry_day() -> None:
    exception = _exception(expires=date(2027, 3, 1))
    assert match(_finding(), "https://k.se/", [exception], date(2027, 2, 28)) is exception
    assert match(_finding(), "https://k.se/", [exception], date(2027, 3, 1)) is None
    assert expired([exception], date(2027, 2, 28)) == ()
    assert expired([exception], date(2027, 3, 1)) == (exception,)


def test_expired_keeps_file_order() -> None:
    a = _exception(expires=date(2026, 5, 1), rule="a")
    b = _exception(expires=date(2030, 1, 1), rule="b")
    c = _exception(expires=date(2025, 1, 1), rule="c")
    assert expired([a, b, c], TODAY) == (a, c)


def test_split_accepted_hands_over_every_accepted_finding() -> None:
    accepted_finding = _finding()
    other = _finding(rule="image-alt", selector="img")
    campaign = PageResult(
        "https://k.se/kampanj/", PageStatus.AUDITED, findings=(accepted_finding, other)
    )
    start = PageResult("https://k.se/", PageStatus.AUDITED, findings=(_finding(),))
    broken = PageResult("https://k.se/borta", PageStatus.FAILED, reason="http_404")
    exception = _exception(url="/kampanj/")
    accepted, remaining = split_accepted([start, campaign, broken], [exception], TODAY)
    assert accepted == [(campaign, accepted_finding, exception)]
    assert [page.url for page in remaining] == [start.url, campaign.url, broken.url]
    assert remaining[0] is start
    assert remaining[1].findings == (other,)
    assert remaining[2] is broken


def test_split_accepted_with_an_expired_exception_keeps_the_finding() -> None:
    page = PageResult("https://k.se/", PageStatus.AUDITED, findings=(_finding(),))
    accepted, remaining = split_accepted([page], [_exception(expires=date(2020, 1, 1))], TODAY)
    assert accepted == []
    assert remaining == [page]


def test_split_accepted_without_exceptions_returns_the_pages() -> None:
    page = PageResult("https://k.se/", PageStatus.AUDITED, findings=(_finding(),))
    assert split_accepted([page], (), TODAY) == ([], [page])


def test_our_own_findings_can_be_accepted_too() -> None:
    stale = Finding("policy-stale-page", Source.KLARSYN, Outcome.VIOLATION, "moderate")
    page = PageResult("https://k.se/arkiv/2019/", PageStatus.AUDITED, findings=(stale,))
    exception = _exception(rule="policy-stale-page", url="/arkiv/")
    accepted, remaining = split_accepted([page], [exception], TODAY)
    assert accepted == [(page, stale, exception)]
    assert remaining[0].findings == ()
