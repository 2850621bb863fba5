"""The policy scorecard ("Kommunikationspolicyn"): counts per criterion and owner, owner reports.

One synthetic run: two owners with pages, a third owner (with a hostile name) without any,
an unowned start page, a PDF ledger row (skipped, not HTML) with policy findings, and a
failed URL. The expected figures are counted by hand from the table before PAGES.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from audits.model import (
    Finding,
    Outcome,
    PageResult,
    PageStatus,
    Readability,
    RuleInfo,
    RunInfo,
    Source,
)
from audits.policy import CRITERIA
from audits.policy import RULES as POLICY_RULES
from audits.targets import NO_OWNER, owners_from
from reports.prepare import filter_owner
from reports.reporters.files import write_reports
from reports.view import build_view
from reports.viewmodel.report import ReportView
from reports.viewmodel.sections import CriterionView, Scorecard
from tests.htmlfiles import read_all, render_all
from tests.test_reports import NEEDS_AXE, axe_violations

SITE = "https://k.example"
SBN = "Samhällsbyggnadsnämnden"
BUN = "Barn- och utbildningsnämnden"
HOSTILE_OWNER = "Kultur <script>alert(2)</script>"
HOSTILE_TITLE = "<script>alert(1)</script>"
HOSTILE_MESSAGE = 'Numret "><img src=x onerror=alert(3)> står i texten.'
BROKEN_MESSAGE = "Länken till /gammal-taxa svarar 404."
PERSONAL_MESSAGE = "Ta bort personnumret 19121212-1212."
LONG = "klarsprak-long-sentence"
WORD = "klarsprak-word-choice"


def _policy(rule: str, message: str = "", snippet: str = "", selector: str = "") -> Finding:
    known = POLICY_RULES.get(rule)
    return Finding(
        rule,
        Source.KLARSYN,
        Outcome.VIOLATION,
        known.impact if known else "minor",
        known.wcag if known else (),
        selector,
        snippet,
        True,
        message,
    )


def _axe(
    rule: str, impact: str, outcome: Outcome = Outcome.VIOLATION, *, best_practice: bool = False
) -> Finding:
    return Finding(
        rule,
        Source.AXE,
        outcome,
        impact,
        () if best_practice else ("wcag2a",),
        "main img",
        "<img>",
        best_practice,
    )


def _flag(rule: str) -> Finding:
    return Finding(
        rule,
        Source.KLARSYN,
        Outcome.VIOLATION,
        "minor",
        (),
        "main p",
        "En mycket lång mening.",
        True,
        "Dela meningen.",
    )


def _lix(value: float | None) -> Readability:
    return Readability(120, 10, 30, value, "medium" if value is not None else "too_little_text")


SETTINGS: dict[str, object] = {
    "owners": [
        {"name": SBN, "patterns": ["/bygga"], "contact": "sbf@k.example"},
        {"name": BUN, "patterns": ["/skola"], "contact": ""},
        {"name": HOSTILE_OWNER, "patterns": ["/kultur"], "contact": "<b>kontakt</b>"},
    ],
}
RUN = RunInfo(
    5,
    f"{SITE}/",
    "2026-05-04T02:00:00+02:00",
    "2026-05-04T02:10:00+02:00",
    "0.1.0",
    "4.14.1",
    "156.0",
    settings=SETTINGS,
)

# row                 owner  status   criterion: indicator = count
# /bygga/bygglov      SBN    audited  saklig: inaktuella 1 · tydlig: h1 1, titlar 1 (dup)
#                                     anpassad: klarspråk 2 · öppen: WCAG 2, länktexter 3
#                                     (+ 1 best practice, 1 needs review: not counted) LIX 47
# /bygga/ritning.pdf  SBN    skipped  saklig: gamla dokument 1 · öppen: dokument 2
# /skola/ansok        BUN    audited  tydlig: titlar 2 (dup, pattern) · anpassad: LIX-mål 1,
#                                     klarspråk 1 · öppen: WCAG 3, personuppgifter 1   LIX 38
# /skola/kort         BUN    audited  –                                                LIX –
# /skola/trasig       BUN    failed   –
# /                   none   audited  saklig: trasiga länkar 2 · anpassad: lättläst 2
#                                     öppen: WCAG 1, redogörelse 1 · 1 policy-made-up  LIX 35
PAGES = (
    PageResult(
        f"{SITE}/bygga/bygglov",
        PageStatus.AUDITED,
        http_status=200,
        content_type="text/html",
        title="Bygglov",
        readability=_lix(47.0),
        findings=(
            _axe("image-alt", "critical"),
            _axe("image-alt", "critical"),
            _axe("region", "moderate", best_practice=True),
            _axe("color-contrast", "serious", Outcome.NEEDS_REVIEW),
            _policy("policy-stale-page", "Senast uppdaterad 2019-03-01."),
            _policy("policy-h1-count", "Sidan har 2 h1."),
            _policy("policy-title-duplicate", "Samma titel som /bygga/bygglov-2."),
            *(
                _policy("policy-link-text", "Skriv vart länken leder.", "<a>Läs mer</a>")
                for _ in range(3)
            ),
            _flag(LONG),
            _flag(LONG),
        ),
    ),
    PageResult(
        f"{SITE}/bygga/ritning.pdf",
        PageStatus.SKIPPED,
        reason="not_html",
        http_status=200,
        content_type="application/pdf",
        findings=(
            _policy("policy-stale-document", "Ändrad 2015-01-01."),
            _policy("policy-pdf-untagged", "Dokumentet saknar taggar."),
            _policy("policy-pdf-no-lang", "Inget språk angivet."),
        ),
    ),
    PageResult(
        f"{SITE}/skola/ansok",
        PageStatus.AUDITED,
        http_status=200,
        content_type="text/html",
        title="Ansök om förskoleplats",
        readability=_lix(38.0),
        findings=(
            *(_axe("color-contrast", "serious") for _ in range(3)),
            _policy("policy-title-duplicate", "Samma titel som /skola/ansok-2."),
            _policy("policy-title-pattern", "Titeln saknar webbplatsens namn."),
            _policy("policy-lix-over-target", "LIX 38 mot målet 30."),
            _policy("policy-personal-data", PERSONAL_MESSAGE, "19121212-1212"),
            _flag(WORD),
        ),
    ),
    PageResult(
        f"{SITE}/skola/kort",
        PageStatus.AUDITED,
        content_type="text/html",
        title="Kort",
        readability=_lix(None),
    ),
    PageResult(f"{SITE}/skola/trasig", PageStatus.FAILED, reason="http_500", http_status=500),
    PageResult(
        f"{SITE}/",
        PageStatus.AUDITED,
        http_status=200,
        content_type="text/html",
        title=HOSTILE_TITLE,
        readability=_lix(35.0),
        findings=(
            _axe("link-name", "serious"),
            _policy("policy-broken-link", BROKEN_MESSAGE, "/gammal-taxa"),
            _policy("policy-broken-link", "Länken till /bilder/karta.png svarar 404."),
            _policy("policy-lattlast-unreachable", "Ingen länk till lättläst."),
            _policy("policy-languages-unreachable", "Ingen länk till andra språk."),
            _policy("policy-statement-unreachable", HOSTILE_MESSAGE, '"><img src=x>'),
            _policy("policy-made-up", "En regel utan kriterium."),
        ),
    ),
)
# policy-broken-link is left out on purpose: its texts then come from audits.policy.RULES.
RULES = {
    "image-alt": RuleInfo(
        "image-alt", Source.AXE, "Bilder måste ha alternativtext", "", tags=("wcag2a", "wcag111")
    ),
    "color-contrast": RuleInfo(
        "color-contrast", Source.AXE, "Tillräcklig kontrast", "", tags=("wcag2aa", "wcag143")
    ),
    LONG: RuleInfo(LONG, Source.KLARSYN, "Skriv kortare meningar", ""),
    **{r.id: r.info() for r in POLICY_RULES.values() if r.id != "policy-broken-link"},
}
CRITERION_IDS = [c.id for c in CRITERIA]


@pytest.fixture(scope="module")
def view() -> ReportView:
    return build_view(RUN, PAGES, RULES)


@pytest.fixture(scope="module")
def html(view: ReportView) -> str:
    return render_all(view)


def _indicators(card: Scorecard) -> dict[str, dict[str, tuple[int, int]]]:
    """criterion id → indicator name → (occurrences, pages), zero indicators left out."""
    return {
        c.id: {
            i.name: (i.count.occurrences, i.count.pages)
            for i in c.indicators
            if i.count.occurrences
        }
        for c in card.criteria
    }


def _totals(card: Scorecard) -> list[tuple[int, int]]:
    return [(c.total.occurrences, c.total.pages) for c in card.criteria]


def _criterion(card: Scorecard, criterion_id: str) -> CriterionView:
    return next(c for c in card.criteria if c.id == criterion_id)


def test_site_scorecard_counts_each_indicator_by_hand(view: ReportView) -> None:
    site = view.policy.site
    assert [c.id for c in site.criteria] == CRITERION_IDS
    assert _indicators(site) == {
        "saklig": {
            "Trasiga länkar och dokument": (2, 1),
            "Inaktuella sidor": (1, 1),
            "Gamla dokument": (1, 1),
        },
        "planerad": {},
        "tydlig": {"En huvudrubrik per sida": (1, 1), "Sidtitlar": (3, 2)},
        "anpassad": {
            "Läsbarhet mot målgruppens mål": (1, 1),
            "Klarspråk": (3, 2),
            "Lättläst och andra språk": (2, 1),
        },
        "oppen": {
            "Fel mot WCAG 2.1 AA": (6, 3),
            "Länktexter": (3, 1),
            "Dokument": (2, 1),
            "Tillgänglighetsredogörelse": (1, 1),
            "Personuppgifter": (1, 1),
        },
    }
    assert _totals(site) == [(4, 3), (0, 0), (4, 2), (6, 3), (13, 4)]
    assert (view.policy.unmapped.occurrences, view.policy.unmapped.pages) == (1, 1)
    documents = _criterion(site, "oppen").indicators[3]
    assert (documents.where, [w.document for w in documents.worst]) == ("1 dokument", [True])
    titles = _criterion(site, "tydlig").indicators[1]
    assert [(w.page.text.removeprefix(SITE), w.occurrences) for w in titles.worst] == [
        ("/skola/ansok", 2),
        ("/bygga/bygglov", 1),
    ]
    assert titles.where == "2 sidor"


def test_wcag_indicator_is_the_axe_wcag_count_and_sources_stay_apart(view: ReportView) -> None:
    s = view.summary
    wcag = _criterion(view.policy.site, "oppen").indicators[0]
    assert wcag.wcag
    assert (wcag.count.occurrences, wcag.count.pages) == (s.wcag.occurrences, s.wcag.pages)
    assert (s.wcag.occurrences, s.best_practice.occurrences, s.needs_review.occurrences) == (
        6,
        1,
        1,
    )
    assert (s.klarsprak.occurrences, s.klarsprak.pages) == (3, 2)
    assert (s.policy.occurrences, s.policy.pages) == (19, 4)
    shown = {r.id for r in (*view.rules, *view.review_rules, *view.top_rules)}
    assert not {r for r in shown if r.startswith("policy-")}
    assert {r.id for r in view.readability.flag_rules} == {LONG, WORD}
    bygglov = next(p for p in view.pages if p.url.text == f"{SITE}/bygga/bygglov")
    assert (bygglov.score, bygglov.wcag_count, bygglov.flag_count, bygglov.policy_count) == (
        20,
        2,
        2,
        6,
    )


def test_each_owner_has_its_own_counts(view: ReportView) -> None:
    owners = {card.name: card for card in view.policy.owners}
    assert list(owners) == [SBN, BUN, HOSTILE_OWNER, NO_OWNER]
    assert _totals(owners[SBN]) == [(2, 2), (0, 0), (2, 1), (2, 1), (7, 2)]
    assert _indicators(owners[SBN])["oppen"] == {
        "Fel mot WCAG 2.1 AA": (2, 1),
        "Länktexter": (3, 1),
        "Dokument": (2, 1),
    }
    assert _totals(owners[BUN]) == [(0, 0), (0, 0), (2, 1), (2, 1), (4, 1)]
    assert _totals(owners[NO_OWNER]) == [(2, 1), (0, 0), (0, 0), (2, 1), (2, 1)]
    assert _totals(owners[HOSTILE_OWNER]) == [(0, 0)] * 5
    assert [p.url.text.removeprefix(SITE) for p in owners[SBN].pages] == [
        "/bygga/bygglov",
        "/bygga/ritning.pdf",
    ]
    assert [p.url.text.removeprefix(SITE) for p in owners[BUN].pages] == ["/skola/ansok"]
    assert owners[SBN].contact == "sbf@k.example"


def test_owner_table_rows_by_hand(view: ReportView) -> None:
    pv = view.policy
    assert pv.owners_configured
    assert pv.criterion_names == (
        "Saklig, aktuell och relevant",
        "Tydlig och enhetlig",
        "Anpassad efter mottagare och målgrupp",
        "Öppen och tillgänglig",
    )
    rows = [
        (r.name, r.audited, (r.wcag.occurrences, r.wcag.pages), r.criteria, r.flags, r.over_share)
        for r in pv.owner_rows
    ]
    assert rows == [
        (SBN, 1, (2, 1), (2, 2, 2, 7), 2, 100.0),
        (BUN, 2, (3, 1), (0, 2, 2, 4), 1, 0.0),
        (HOSTILE_OWNER, 0, (0, 0), (0, 0, 0, 0), 0, None),
        (NO_OWNER, 1, (1, 1), (2, 0, 2, 2), 0, 0.0),
    ]
    assert pv.total is not None
    assert (pv.total.audited, pv.total.wcag.occurrences, pv.total.criteria, pv.total.flags) == (
        4,
        6,
        (4, 4, 6, 13),
        3,
    )
    assert pv.total.over_share == pytest.approx(100 / 3)
    assert [r.anchor for r in pv.owner_rows] == [c.anchor for c in pv.owners]


def test_html_shows_scorecard_manual_texts_and_planerad_as_not_measurable(html: str) -> None:
    part = html[html.index('id="kommunikationspolicyn"') : html.index('id="regler"')]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part))
    assert ">Kommunikationspolicyn</h2>" in part
    for c in CRITERIA:
        assert f">{c.name}</h4>" in part
        assert c.manual in part
    assert part.count("Det här kan inte automatiken bedöma:") == 5 * 5  # site + 4 owners
    assert "kan inte mätas automatiskt" in text
    assert "inga anmärkningar" in text
    assert "6 fel mot WCAG på 3 sidor" in text
    assert "2 anmärkningar på 1 dokument" in text
    assert "<caption>Resultat per ansvarig</caption>" in part
    assert '<th scope="row">Hela webbplatsen</th>' in part
    assert '<a href="#agare-1">Samhällsbyggnadsnämnden</a>' in part
    assert "Regel: <code>policy-h1-count</code>" in part
    # The broken-link rule was not in `rules`: its texts come from audits.policy.RULES.
    assert POLICY_RULES["policy-broken-link"].help in html
    assert "policy-made-up" in html  # unmapped, shown on its page


def test_html_links_and_table_headers_are_sound(html: str) -> None:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    links = set(re.findall(r'href="#([^"]+)"', html))
    assert links <= ids
    assert re.findall(r"<th(?=[\s>])(?![^>]*scope=)[^>]*>", html) == []


def test_hostile_strings_are_escaped(html: str) -> None:
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html  # the owner's name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # a page title in a worst list
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(3)&gt;" in html
    assert "<b>kontakt</b>" not in html


def test_filter_owner_keeps_only_that_owners_rows() -> None:
    owners = owners_from(SETTINGS["owners"])  # type: ignore[arg-type]
    assert [p.url.removeprefix(SITE) for p in filter_owner(PAGES, SBN, owners)] == [
        "/bygga/bygglov",
        "/bygga/ritning.pdf",
    ]
    assert [p.url.removeprefix(SITE) for p in filter_owner(PAGES, BUN, owners)] == [
        "/skola/ansok",
        "/skola/kort",
        "/skola/trasig",
    ]
    assert [p.url.removeprefix(SITE) for p in filter_owner(PAGES, NO_OWNER, owners)] == ["/"]
    assert filter_owner(PAGES, HOSTILE_OWNER, owners) == []


def test_unknown_owner_is_a_value_error_naming_the_owners(tmp_path: Path) -> None:
    owners = owners_from(SETTINGS["owners"])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown owner 'Socialnämnden'") as info:
        filter_owner(PAGES, "Socialnämnden", owners)
    message = str(info.value)
    assert all(name in message for name in (SBN, BUN, NO_OWNER))
    assert message.count(".") <= 1
    with pytest.raises(ValueError, match="Socialnämnden"):
        build_view(RUN, PAGES, RULES, owner="Socialnämnden")
    with pytest.raises(ValueError, match="Socialnämnden"):
        write_reports(RUN, PAGES, RULES, tmp_path / "ut", ["html", "json"], owner="Socialnämnden")
    assert not (tmp_path / "ut").exists()


def test_owner_report_holds_that_owners_findings_alone(tmp_path: Path) -> None:
    paths = write_reports(RUN, PAGES, RULES, tmp_path, ["html", "json", "csv"], owner=SBN)
    files = {p.name: p for p in paths}
    data, raw = files["report.json"].read_bytes(), files["findings.csv"].read_bytes()
    page = read_all(tmp_path)
    assert f"<title>Tillgänglighet och läsbarhet – {SBN} – k.example</title>" in page
    assert "<p>Webbplats: k.example. Rapporten" in page
    assert f"<h1>Tillgänglighet och läsbarhet: {SBN}</h1>" in page
    for other in (
        f"{SITE}/skola/ansok",
        f"{SITE}/skola/kort",
        "alert(1)",
        BROKEN_MESSAGE,
        PERSONAL_MESSAGE,
        "Ingen länk till lättläst.",
    ):
        assert other.replace('"', "&#34;") not in page, other
    assert f"{SITE}/bygga/ritning.pdf" in page
    assert "Dokumentet saknar taggar." in page
    view = build_view(RUN, PAGES, RULES, owner=SBN)
    assert (view.owner, view.policy.site.name, view.policy.owners, view.policy.total) == (
        SBN,
        SBN,
        (),
        None,
    )
    assert _totals(view.policy.site) == [(2, 2), (0, 0), (2, 1), (2, 1), (7, 2)]
    assert [r.name for r in view.policy.owner_rows] == [SBN]
    assert [g.name for g in view.readability.owners] == [SBN]
    assert (view.summary.urls_found, view.summary.wcag.occurrences) == (2, 2)

    report = json.loads(data)
    assert report["owner"] == SBN
    assert [p["url"] for p in report["pages"]] == [
        f"{SITE}/bygga/bygglov",
        f"{SITE}/bygga/ritning.pdf",
    ]
    assert {p["owner"] for p in report["pages"]} == {SBN}

    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 15  # 12 findings on /bygga/bygglov, 3 on the PDF
    assert {r["owner"] for r in rows} == {SBN}
    assert {r["page_url"] for r in rows} == {f"{SITE}/bygga/bygglov", f"{SITE}/bygga/ritning.pdf"}


def test_unowned_report_and_whole_site_json(tmp_path: Path) -> None:
    path, _jsonl = write_reports(RUN, PAGES, RULES, tmp_path, ["json"], owner=NO_OWNER)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["owner"], [p["url"] for p in data["pages"]]) == (NO_OWNER, [f"{SITE}/"])
    path, _jsonl = write_reports(RUN, PAGES, RULES, tmp_path / "alla", ["json"])
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["owner"], len(data["pages"])) == (None, len(PAGES))


def test_csv_takes_a_missing_policy_rules_help_from_the_policy(tmp_path: Path) -> None:
    (path,) = write_reports(RUN, PAGES, RULES, tmp_path, ["csv"])
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    broken = [r for r in rows if r["rule"] == "policy-broken-link"]
    assert [r["help"] for r in broken] == [POLICY_RULES["policy-broken-link"].help] * 2
    assert [r["owner"] for r in broken] == ["", ""]


def test_without_owners_everything_is_unowned_and_the_report_says_how_to_configure() -> None:
    run = RunInfo(6, f"{SITE}/", "2026-05-04T02:00:00", None, "0.1.0", "4.14.1", "156.0")
    view = build_view(run, PAGES, RULES)
    pv = view.policy
    assert (pv.owners_configured, pv.owners) == (False, ())
    assert [r.name for r in pv.owner_rows] == [NO_OWNER]
    assert pv.owner_rows[0].criteria == (4, 4, 6, 13)
    assert pv.owner_rows[0].anchor is None
    html = render_all(view)
    assert "Inga ansvariga (nämnder eller förvaltningar) är angivna" in html
    assert "<code>[[owner]]</code>" in html
    assert [p.url for p in filter_owner(PAGES, NO_OWNER, ())] == [p.url for p in PAGES]


def test_page_view_lists_policy_findings_by_criterion(view: ReportView, html: str) -> None:
    pdf = next(p for p in view.pages if p.url.text == f"{SITE}/bygga/ritning.pdf")
    assert (pdf.audited, pdf.document, pdf.policy_count) == (False, True, 3)
    assert [(g.rule.id, g.rule.criterion_name) for g in pdf.policy] == [
        ("policy-stale-document", "Saklig, aktuell och relevant"),
        ("policy-pdf-untagged", "Öppen och tillgänglig"),
        ("policy-pdf-no-lang", "Öppen och tillgänglig"),
    ]
    start = html.index(f'id="{pdf.anchor}"')
    part = html[start : html.index('<section class="page-detail"', start)]
    assert "Dokumentet granskades inte med axe-core" in part
    assert "Dokumentet saknar taggar." in part
    assert POLICY_RULES["policy-pdf-untagged"].fix in part


@pytest.mark.browser
@NEEDS_AXE
def test_axe_finds_no_violations_in_the_scorecard(tmp_path: Path) -> None:
    report, _sidor = write_reports(RUN, PAGES, RULES, tmp_path, ["html"])
    assert axe_violations(report) == []
    owner_report, _sidor = write_reports(RUN, PAGES, RULES, tmp_path / "sbn", ["html"], owner=SBN)
    assert axe_violations(owner_report) == []
