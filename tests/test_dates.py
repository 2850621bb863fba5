"""Swedish dates (audits.dates) and the page's "Senast uppdaterad" date (audits.pagepolicy)."""

from __future__ import annotations

from datetime import date

import pytest

from audits.dates import date_at_start, labelled_dates, page_updated, parse_swedish_date
from audits.extract import extract_page
from audits.pagepolicy import check_page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 oktober 2026", date(2026, 10, 12)),
        ("12 okt. 2026", date(2026, 10, 12)),
        ("12 okt 2026", date(2026, 10, 12)),
        ("12 OKT 2026", date(2026, 10, 12)),
        ("den 3 mars 2026", date(2026, 3, 3)),
        ("3 mar. 2026", date(2026, 3, 3)),
        ("3:e mars 2026", date(2026, 3, 3)),
        ("1:a maj 2026", date(2026, 5, 1)),
        ("1 maj 2026", date(2026, 5, 1)),
        ("30 juni 2026", date(2026, 6, 30)),
        ("30 jun 2026", date(2026, 6, 30)),
        ("31 juli 2026", date(2026, 7, 31)),
        ("5 sept. 2026", date(2026, 9, 5)),
        ("5 sep 2026", date(2026, 9, 5)),
        ("24 december 2025", date(2025, 12, 24)),
        ("Uppdaterad den 9 januari 2026 kl. 14.30", date(2026, 1, 9)),
        ("2026-10-12", date(2026, 10, 12)),
        ("2026-10-12T14:30:00+02:00", date(2026, 10, 12)),
        ("2026-1-5", date(2026, 1, 5)),
        # d/m/Y and d.m.Y: day first, as in Sweden, never the American month/day
        ("12/10/2026", date(2026, 10, 12)),
        ("3/4/2026", date(2026, 4, 3)),
        ("12.10.2026", date(2026, 10, 12)),
        # the first date of several
        ("Publicerad 3 mars 2020, uppdaterad 2026-10-12", date(2020, 3, 3)),
        # leap days
        ("29 februari 2024", date(2024, 2, 29)),
        # no date, or none that can be read without guessing
        ("29 februari 2026", None),
        ("31 juni 2026", None),
        ("2026-02-30", None),
        ("2026-13-01", None),
        ("10/13/2026", None),  # American month/day: no 13th month
        ("12 oktober", None),
        ("oktober 2026", None),
        ("12/10/26", None),
        ("KS 2020/293", None),
        ("Dnr 2026-000123", None),
        ("0521-72 10 00", None),
        ("12 marsch 2026", None),
        ("", None),
    ],
)
def test_parse_swedish_date(text: str, expected: date | None) -> None:
    assert parse_swedish_date(text) == expected


def test_an_impossible_date_does_not_hide_a_later_one() -> None:
    assert parse_swedish_date("31 juni 2026 eller 1 juli 2026") == date(2026, 7, 1)


def test_date_at_start() -> None:
    assert date_at_start(": den 3 mars 2026") == date(2026, 3, 3)
    assert date_at_start(" – 2026-03-03") == date(2026, 3, 3)
    assert date_at_start(" av Anna, 3 mars 2026") is None


@pytest.mark.parametrize(
    ("text", "updates", "published"),
    [
        ("Senast uppdaterad: 12 oktober 2026", [date(2026, 10, 12)], []),
        ("SENAST UPPDATERAD 2026-10-12", [date(2026, 10, 12)], []),
        ("Uppdaterad 2026-10-12", [date(2026, 10, 12)], []),
        ("Senast granskad den 1 februari 2026", [date(2026, 2, 1)], []),
        ("Sidan uppdaterades 12/10/2026", [date(2026, 10, 12)], []),
        ("Senast ändrad: 2026-01-02", [date(2026, 1, 2)], []),
        ("Publicerad 3 mars 2020", [], [date(2020, 3, 3)]),
        ("Publicerad 3 mars 2020, uppdaterad 5 maj 2021", [date(2021, 5, 5)], [date(2020, 3, 3)]),
        ("Publicerad: 2020-03-03 | uppdaterad: 2021-05-05", [date(2021, 5, 5)],
         [date(2020, 3, 3)]),
        # prose, not the page's date
        ("Planen är uppdaterad 2026-01-01 och gäller tills vidare.", [], []),
        ("Planen uppdaterades den 3 mars 2020.", [], []),
        ("Uppdaterad av Anna Andersson", [], []),
    ],
)  # fmt: skip
def test_labelled_dates(text: str, updates: list[date], published: list[date]) -> None:
    assert labelled_dates(text) == (updates, published)


def test_page_updated_takes_the_latest_update_or_review_date() -> None:
    texts = ["Senast granskad 2026-03-01", "Senast uppdaterad 2025-12-24", "Publicerad 2026-09-01"]
    assert page_updated(texts) == date(2026, 3, 1)
    assert page_updated(["Publicerad 2020-01-01", "Publicerad 2021-01-01"]) == date(2021, 1, 1)
    assert page_updated(["Inget datum här."]) is None


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>Senast uppdaterad: 12 oktober 2026</p>", date(2026, 10, 12)),
        # label and date in separate elements
        ("<dl><dt>Senast uppdaterad</dt><dd>12 okt. 2026</dd></dl>", date(2026, 10, 12)),
        ("<p><span>Uppdaterad:</span> <strong>2026-10-12</strong></p>", date(2026, 10, 12)),
        # a <time> without the year in its text gives its datetime
        ('<p>Uppdaterad <time datetime="2026-10-12T08:00">12 oktober</time></p>',
         date(2026, 10, 12)),
        # both: the latest of updated and reviewed
        ("<p>Senast uppdaterad 2025-01-01</p><p>Senast granskad 2026-02-02</p>",
         date(2026, 2, 2)),
        ("<p>Publicerad 2024-05-05</p>", date(2024, 5, 5)),
        ("<p>Publicerad 2024-05-05. Senast uppdaterad 2023-01-01.</p>", date(2023, 1, 1)),
        ("<p>Bygglov söks senast 12 oktober 2026.</p>", None),
        ("<!-- Senast uppdaterad 2026-10-12 --><p>Text</p>", None),
        ("<script>var uppdaterad = '2026-10-12';</script><p>Text</p>", None),
    ],
)  # fmt: skip
def test_page_facts_updated(markup: str, expected: date | None) -> None:
    html = f"<html lang='sv'><head><title>T</title></head><body><main><h1>T</h1>{markup}</main>"
    _, facts = check_page(html, "https://www.testkommunen.se/", extract_page(html).texts)
    assert facts.updated == expected
