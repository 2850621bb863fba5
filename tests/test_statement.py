"""audits.statement: the tillgänglighetsredogörelse against DIGG's required items."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from audits.extract import extract_page
from audits.model import Outcome, Source
from audits.policy import RULES
from audits.statement import ITEMS, check_statement, find_dates, find_gaps, missing_items
from crawler.demo import build_site

FILES = Path(__file__).parent / "files" / "statement"
TODAY = date(2026, 11, 26)

Edit = Callable[[list[str]], list[str]]


def blocks_of(name: str) -> list[str]:
    """The main-content blocks of a fixture page, as the audit sees them."""
    html = (FILES / name).read_text(encoding="utf-8")
    return list(extract_page(html).texts)


def complete() -> list[str]:
    return blocks_of("komplett.html")


def drop(*starts: str) -> Edit:
    """Leave out every block that starts with one of ``starts``."""
    return lambda blocks: [b for b in blocks if not b.startswith(starts)]


def replace(old: str, new: str) -> Edit:
    """Replace ``old`` by ``new`` in every block (and check it was there)."""

    def edit(blocks: list[str]) -> list[str]:
        assert any(old in b for b in blocks), old
        return [b.replace(old, new) for b in blocks]

    return edit


def chain(*edits: Edit) -> Edit:
    def edit(blocks: list[str]) -> list[str]:
        for e in edits:
            blocks = e(blocks)
        return blocks

    return edit


# --- the complete statement ------------------------------------------------------------


def test_complete_statement_has_no_findings():
    assert check_statement(complete(), TODAY) == ()


def test_fully_compliant_statement_needs_no_list_of_shortcomings():
    assert missing_items(blocks_of("helt-forenlig.html"), TODAY) == ()


# --- each item, missing on its own --------------------------------------------------------

LIST_AND_12 = (
    "Kartorna", "Några äldre", "I e-tjänsten", "Vissa PDF", "Oskäligt betungande",
    "Sjöviks kommun åberopar", "Vi har bedömt",
)  # fmt: skip
FLAWS_SECTION = drop(
    "Innehåll som inte är tillgängligt", "Det innehåll som", "Bristande förenlighet", *LIST_AND_12
)

CASES: dict[str, tuple[Edit, set[str]]] = {
    "no status": (
        replace("Den här webbplatsen är delvis förenlig med lagen", "Webbplatsen följer lagen"),
        {"status"},
    ),
    "no shortcomings section": (FLAWS_SECTION, {"brister"}),
    "a heading but no shortcomings under it": (
        drop(*LIST_AND_12),
        {"brister"},
    ),
    "inte helt förenlig is delvis": (
        chain(FLAWS_SECTION, replace("är delvis förenlig", "är inte helt förenlig")),
        {"brister"},
    ),
    "no method": (
        replace(
            "Vi har gjort en självskattning (intern granskning) av sjovik.se, med automatiska "
            "tester och manuell granskning med tangentbord och skärmläsare enligt WCAG 2.1 "
            "nivå AA. En extern granskning av e-tjänsterna gjordes av en konsult i maj 2026.",
            "Vi har gått igenom sjovik.se.",
        ),
        {"bedomning"},
    ),
    "no assessment date": (
        chain(drop("Senaste bedömningen"), replace(" gjordes av en konsult i maj 2026", "")),
        {"bedomning"},
    ),
    "no update date": (drop("Redogörelsen uppdaterades"), {"uppdaterad"}),
    "no feedback": (
        chain(
            drop("Skicka e-post", "Ring Kontaktcenter", "Använd formuläret"),
            replace(" via Kontaktcenter", " hos oss"),
        ),
        {"aterkoppling"},
    ),
    "no DIGG": (drop("Myndigheten för digital förvaltning har"), {"tillsyn"}),
    "DIGG named but no notification": (
        chain(
            drop("Myndigheten för digital förvaltning har", "Tillsyn"),
            replace("Vi svarar inom fem arbetsdagar.", "Vi följer DIGG:s mall."),
        ),
        {"tillsyn"},
    ),
    "12 § without motivation": (drop("Vi har bedömt"), {"motivering-12§"}),
}


@pytest.mark.parametrize(("edit", "expected"), CASES.values(), ids=CASES.keys())
def test_exactly_the_missing_items_are_reported(edit, expected):
    assert set(missing_items(edit(complete()), TODAY)) == expected


def test_thin_statement_lacks_exactly_these_items():
    assert missing_items(blocks_of("bristfallig.html"), TODAY) == (
        "brister", "bedomning", "aktualitet", "tillsyn", "motivering-12§",
    )  # fmt: skip


def test_empty_statement():
    assert missing_items([], TODAY) == (
        "status", "bedomning", "uppdaterad", "aterkoppling", "tillsyn",
    )  # fmt: skip


# --- age --------------------------------------------------------------------------------


def test_old_statement_reports_its_age():
    gaps = find_gaps(complete(), date(2027, 11, 26))
    assert [g.key for g in gaps] == ["aktualitet"]
    assert gaps[0].snippet == "Redogörelsen uppdaterades senast 2026-09-28."
    assert "uppdaterades senast 2026-09-28, för 1 år och 2 månader sedan" in gaps[0].message
    assert "minst en gång om året" in gaps[0].message


def test_max_age_is_configurable():
    assert missing_items(complete(), TODAY, max_age_days=30) == ("aktualitet",)
    assert missing_items(complete(), TODAY, max_age_days=59) == ()


def test_latest_date_counts_and_boundaries_do_not():
    blocks = [*complete()[:-1], "Redogörelsen upprättades 2023-01-10 och uppdaterades 2026-09-28."]
    assert missing_items(blocks, TODAY) == ()
    # "publicerades före den 23 september 2018" is no publication date of the statement,
    # and the website's launch is not the statement's date either.
    blocks = drop("Redogörelsen uppdaterades")(complete())
    assert "uppdaterad" in missing_items(blocks, TODAY)
    assert missing_items([*blocks, "Publicerad 1 okt. 2026"], TODAY) == ()


def test_update_date_in_the_next_block():
    blocks = [*drop("Redogörelsen uppdaterades")(complete()), "Senast uppdaterad", "2026-10-01"]
    assert missing_items(blocks, TODAY) == ()


def test_future_update_date_is_not_an_update():
    blocks = [*drop("Redogörelsen uppdaterades")(complete()),
              "Redogörelsen uppdaterades 2027-01-01."]  # fmt: skip
    assert missing_items(blocks, TODAY) == ("uppdaterad",)


# --- 12 § --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "missing"),
    [
        ("Vi åberopar 12 § för webb-tv-arkivet.", True),
        ("Vi åberopar 12 § för webb-tv-arkivet eftersom textning kostar 2 miljoner kronor.", False),
        ("Vi åberopar oskäligt betungande anpassning för kartan, på grund av kostnaden.", False),
        ("Vi åberopar inte 12 § för något innehåll.", False),
    ],
)
def test_claims_of_undue_burden(claim, missing):
    blocks = [*drop("Sjöviks kommun åberopar", "Vi har bedömt")(complete())]
    at = blocks.index("Oskäligt betungande anpassning") + 1
    blocks[at:at] = [claim]
    assert ("motivering-12§" in missing_items(blocks, TODAY)) is missing


def test_heading_alone_needs_a_reason_below_it():
    base = drop("Sjöviks kommun åberopar", "Vi har bedömt")(complete())
    at = base.index("Oskäligt betungande anpassning") + 1
    unmotivated = [*base[:at], "Webb-tv-arkivet 2021–2022.", *base[at:]]
    assert missing_items(unmotivated, TODAY) == ("motivering-12§",)
    motivated = [*base[:at], "Webb-tv-arkivet 2021–2022. Kostnaden vore orimlig.", *base[at:]]
    assert missing_items(motivated, TODAY) == ()


# --- findings -----------------------------------------------------------------------------


def test_findings_name_what_is_missing_in_swedish():
    findings = check_statement(blocks_of("bristfallig.html"), TODAY)
    assert len(findings) == 5
    for finding in findings:
        assert finding.rule == "policy-statement-content"
        assert finding.source is Source.KLARSYN
        assert finding.outcome is Outcome.VIOLATION
        assert finding.best_practice is True
        assert finding.impact == RULES["policy-statement-content"].impact
        assert finding.snippet
        assert finding.message.startswith("Redogörelsen ") or "Webbplatsen" in finding.message
    messages = [f.message for f in findings]
    assert "beskriver inte vilket innehåll som inte är tillgängligt" in messages[0]
    assert "hur webbplatsen har bedömts eller när" in messages[1]
    assert "2024-03-01, för 2 år och 9 månader sedan" in messages[2]
    assert "Myndigheten för digital förvaltning (DIGG)" in messages[3]
    assert "utan att motivera" in messages[4]
    assert findings[4].snippet.startswith("Vi åberopar undantaget för oskäligt betungande")


def test_items_have_stable_keys():
    assert list(ITEMS) == [
        "status", "brister", "bedomning", "uppdaterad", "aktualitet", "aterkoppling",
        "tillsyn", "motivering-12§",
    ]  # fmt: skip


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("uppdaterad 12 oktober 2026", (date(2026, 10, 12),)),
        ("den 1:a okt. 2026 och 2026-10-12", (date(2026, 10, 1), date(2026, 10, 12))),
        ("Senast uppdaterad: 5 Maj 2025", (date(2025, 5, 5),)),
        ("12/10/2026, i september 2026", (date(2026, 10, 12),)),  # day first; no day: none
        ("2026-02-30 och 31 april 2026", ()),
        ("lagen (2018:1937) och 12 §", ()),
    ],
)
def test_find_dates(text, dates):
    assert find_dates(text) == dates


def test_dates_after_boundary_words_can_be_left_out():
    text = "publicerades före den 23 september 2018, uppdaterades 1 oktober 2026"
    assert find_dates(text, boundaries=False) == (date(2026, 10, 1),)


# --- the demo site's statement runs (its result is reported, not asserted) ---------------


def test_demo_statement_is_checked():
    body, _ = build_site("http://127.0.0.1:8000")["/tillganglighetsredogorelse/"]
    html = body.decode("utf-8") if isinstance(body, bytes) else body
    blocks = extract_page(html).texts
    assert blocks
    assert all(key in ITEMS for key in missing_items(blocks, TODAY))
