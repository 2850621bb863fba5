"""The report's "Läsbarhet och klarspråk": sources kept apart, groups, targets, page text.

One synthetic run with owners and audiences in its settings. The figures below are counted
by hand from the table in the comment before PAGES; the tests say which rows they use.
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
    TextBlock,
)
from audits.targets import DEFAULT_AUDIENCES
from reports.reporters.files import write_reports
from reports.reporters.jsonreport import report_json
from reports.runsettings import Targets
from reports.view import build_view
from reports.viewmodel.pages import PageView
from reports.viewmodel.report import ReportView
from reports.viewmodel.sections import GroupRow
from tests.htmlfiles import render_all
from tests.test_reports import NEEDS_AXE, axe_violations

SITE = "https://k.example"
LONG = "klarsprak-long-sentence"
WORD = "klarsprak-word-choice"
PASSIVE = "klarsprak-passive"  # no RuleInfo: shown by its id
NYTTJA = "Skriv 'använda' i stället för 'nyttja'."
HOSTILE_BLOCK = "<script>alert('block')</script> Du ansöker i e-tjänsten."
TEMPLATE_BLOCK = "Kontakta oss på telefon 0521-72 10 00."


def _sentence(words: int) -> str:
    return " ".join(f"ord{n}" for n in range(words)) + "."


def _flag(
    rule: str,
    snippet: str,
    message: str = "",
    *,
    impact: str | None = "minor",
    outcome: Outcome = Outcome.VIOLATION,
    best_practice: bool = False,
    wcag: tuple[str, ...] = ("wcag2a", "wcag244"),
) -> Finding:
    # WCAG tags on purpose: a klarsyn finding must not count as WCAG even when tagged.
    return Finding(
        rule, Source.KLARSYN, outcome, impact, wcag, "main p", snippet, best_practice, message
    )


def _lix(lix: float | None, band: str | None) -> Readability:
    return Readability(words=120, sentences=10, long_words=30, lix=lix, band=band)


RULES = {
    "image-alt": RuleInfo(
        "image-alt", Source.AXE, "Bilder måste ha alternativtext", "", tags=("wcag2a", "wcag111")
    ),
    LONG: RuleInfo(
        LONG,
        Source.KLARSYN,
        "Skriv kortare meningar",
        "Långa meningar är svåra att följa.\nDela meningen i två.",
        tags=("wcag2aaa", "wcag315"),
    ),
    WORD: RuleInfo(
        WORD,
        Source.KLARSYN,
        "Välj vardagliga ord",
        "Ett krångligt ord gör texten svårare.\nVälj det vanliga ordet.",
    ),
}
SETTINGS: dict[str, object] = {
    "owners": [
        {"name": "Samhällsbyggnadsnämnden", "patterns": ["/bygga"], "contact": "sbf@k.example"},
        {"name": "Barn- och utbildningsnämnden", "patterns": ["/skola"], "contact": ""},
        {"name": "Kommunstyrelsen", "patterns": ["/kommun-och-politik"], "contact": ""},
    ],
    "audiences": [
        {"name": "lättläst", "patterns": ["/lattlast"], "lix_target": 30},
        {"name": "beslut och styrdokument", "patterns": ["/protokoll"], "lix_target": 50},
        {"name": "allmän information", "patterns": [], "lix_target": 40},
    ],
}
RUN = RunInfo(
    3,
    f"{SITE}/",
    "2026-05-04T02:00:00+02:00",
    "2026-05-04T02:10:00+02:00",
    "0.1.0",
    "4.14.1",
    "156.0",
    settings=SETTINGS,
)

# page              section     owner      audience (target)  LIX    band    verdict  flags
# /bygga/bygglov    bygga       SBN        allmän (40)        47.2   medium  +7.2     4 long, 1 word
# /bygga/protokoll… bygga       SBN        beslut (50)        52.0   hard    +2.0     1 long
# /bygga/lattlast   bygga       SBN        lättläst (30)      31.0   easy    +1.0     –
# /skola/ansok      skola       BUN        allmän (40)        38.0   easy    −2.0     2 word
# /skola/kort       skola       BUN        allmän (40)        –      too little text  –
# /skola/taxa.pdf   skola       BUN        allmän (40)        no readability          –
# /                 startsidan  –          allmän (40)        40.0   medium  ±0       1 passive
# /om/avrundning    om          –          allmän (40)        40.04  medium  ±0 (40,0) –
# /skola/trasig     failed: counted nowhere
PAGES = (
    PageResult(
        f"{SITE}/bygga/bygglov",
        PageStatus.AUDITED,
        http_status=200,
        content_type="text/html",
        title="Bygglov",
        lang="sv",
        readability=_lix(47.2, "medium"),
        findings=(
            Finding(
                "image-alt",
                Source.AXE,
                Outcome.VIOLATION,
                "critical",
                ("wcag2a", "wcag111"),
                "img",
                "<img>",
            ),
            *(
                _flag(LONG, _sentence(n), f"Meningen har {n} ord.", wcag=())
                for n in (26, 40, 30, 35)
            ),
            _flag(WORD, "Du kan nyttja e-tjänsten.", NYTTJA, impact=None),
        ),
        blocks=(
            TextBlock("h1", "Bygglov"),
            TextBlock("toc", "Så ansöker du"),
            TextBlock("p", "Du kan nyttja e-tjänsten."),
            TextBlock("control", "Skicka"),
            TextBlock("h2", "In English", lang="en-GB"),
            TextBlock("p", "Sámegillii", lang="se"),
            TextBlock("p", "Meänkielelä", lang="meänkieli"),
            TextBlock("p", "Svenska igen.", lang="sv-FI"),
        ),
    ),
    PageResult(
        f"{SITE}/bygga/protokoll/2026-01",
        PageStatus.AUDITED,
        content_type="text/html",
        title="Protokoll",
        readability=_lix(52.0, "hard"),
        findings=(_flag(LONG, _sentence(28), "Meningen har 28 ord.", wcag=()),),
    ),
    PageResult(
        f"{SITE}/bygga/lattlast",
        PageStatus.AUDITED,
        content_type="text/html",
        title="Lättläst om bygglov",
        readability=_lix(31.0, "easy"),
    ),
    PageResult(
        f"{SITE}/skola/ansok",
        PageStatus.AUDITED,
        content_type="text/html",
        title="Ansök om förskoleplats",
        readability=Readability(
            120,
            10,
            30,
            38.0,
            "easy",
            ovix=55.3,
            mean_sentence_length=12.0,
            long_sentence_share=0.1,
            long_word_share=0.25,
            nominal_ratio=1.12,
        ),
        findings=(
            _flag(WORD, "Nyttja e-tjänsten.", NYTTJA, impact="moderate", best_practice=True),
            _flag(WORD, "Ni kan nyttja skjutsen.", NYTTJA, impact="serious"),
        ),
        blocks=(
            TextBlock("h1", "Ansök om förskoleplats"),
            TextBlock("p", HOSTILE_BLOCK),
            TextBlock("p", TEMPLATE_BLOCK, template=True),
        ),
    ),
    PageResult(
        f"{SITE}/skola/kort",
        PageStatus.AUDITED,
        content_type="text/html",
        title="Kort",
        readability=Readability(12, 2, 3, None, "too_little_text"),
    ),
    PageResult(f"{SITE}/skola/taxa.pdf", PageStatus.AUDITED, content_type="application/pdf"),
    PageResult(
        f"{SITE}/",
        PageStatus.AUDITED,
        content_type="text/html",
        title="Start",
        readability=_lix(40.0, "medium"),
        findings=(
            _flag(
                PASSIVE,
                "Ansökan skickas in.",
                "Skriv vem som gör något.",
                outcome=Outcome.NEEDS_REVIEW,
            ),
        ),
    ),
    PageResult(
        f"{SITE}/om/avrundning",
        PageStatus.AUDITED,
        content_type="text/html",
        title="Om",
        readability=_lix(40.04, "medium"),
    ),
    PageResult(f"{SITE}/skola/trasig", PageStatus.FAILED, reason="http_500", http_status=500),
)


@pytest.fixture(scope="module")
def view() -> ReportView:
    return build_view(RUN, PAGES, RULES)


@pytest.fixture(scope="module")
def html(view: ReportView) -> str:
    return render_all(view)


def _page(view: ReportView, path: str) -> PageView:
    return next(p for p in view.pages if p.url.text == SITE + path)


def _page_html(html: str, view: ReportView, url: str) -> str:
    """The rendered <details> of one page (up to the next page's)."""
    anchor = next(p.anchor for p in view.pages if p.url.text == url)
    start = html.index(f'id="{anchor}"')
    end = html.find('<details class="page"', start)
    return html[start : end if end > 0 else len(html)]


def test_klarsyn_findings_never_count_as_wcag_best_practice_or_review(view: ReportView) -> None:
    s = view.summary
    assert (s.wcag.occurrences, s.wcag.pages) == (1, 1)  # the one image-alt
    assert (s.best_practice.occurrences, s.needs_review.occurrences) == (0, 0)
    assert [
        (r.impact, r.wcag.occurrences, r.best_practice.occurrences, r.needs_review.occurrences)
        for r in s.by_impact
    ] == [("critical", 1, 0, 0), ("serious", 0, 0, 0), ("moderate", 0, 0, 0), ("minor", 0, 0, 0)]
    assert (s.klarsprak.occurrences, s.klarsprak.pages) == (9, 4)
    assert [r.id for r in view.top_rules] == [r.id for r in view.rules] == ["image-alt"]
    assert view.review_rules == ()
    assert [(p.url.text, p.score) for p in view.worst_pages] == [(f"{SITE}/bygga/bygglov", 10)]
    bygglov = _page(view, "/bygga/bygglov")
    assert (
        bygglov.wcag_count,
        bygglov.best_practice_count,
        bygglov.review_count,
        bygglov.flag_count,
    ) == (1, 0, 0, 5)
    assert [g.rule.id for g in bygglov.violations] == ["image-alt"]


def test_sections_owners_and_audiences_are_counted_by_hand(view: ReportView) -> None:
    r = view.readability

    def row(g: GroupRow) -> tuple[object, ...]:
        return (
            g.name,
            g.audited,
            g.scored,
            g.median_lix,
            g.bands,
            g.over_target,
            g.over_share,
            g.flags,
        )

    assert r.band_labels == ("mycket lätt", "lätt", "medelsvår", "svår", "mycket svår")
    assert [row(g) for g in r.sections] == [
        ("bygga", 3, 3, 47.2, (0, 1, 1, 1, 0), 3, 100.0, 6),
        ("om", 1, 1, 40.04, (0, 0, 1, 0, 0), 0, 0.0, 0),
        ("skola", 3, 1, 38.0, (0, 1, 0, 0, 0), 0, 0.0, 2),
        ("startsidan", 1, 1, 40.0, (0, 0, 1, 0, 0), 0, 0.0, 1),
    ]
    assert [row(g) for g in r.owners] == [
        ("Samhällsbyggnadsnämnden", 3, 3, 47.2, (0, 1, 1, 1, 0), 3, 100.0, 6),
        ("Barn- och utbildningsnämnden", 3, 1, 38.0, (0, 1, 0, 0, 0), 0, 0.0, 2),
        ("Kommunstyrelsen", 0, 0, None, (0, 0, 0, 0, 0), 0, None, 0),  # matches no page
        ("ingen ägare", 2, 2, pytest.approx(40.02), (0, 0, 2, 0, 0), 0, 0.0, 1),
    ]
    assert r.owners[0].contact == "sbf@k.example"
    assert [
        (g.name, g.lix_target, g.audited, g.scored, g.over_target, g.over_share)
        for g in r.audiences
    ] == [
        ("lättläst", 30.0, 1, 1, 1, 100.0),
        ("beslut och styrdokument", 50.0, 1, 1, 1, 100.0),
        ("allmän information", 40.0, 6, 4, 1, 25.0),
    ]
    # Whole site: 8 audited (the failed page is not), LIX 31, 38, 40, 40.04, 47.2, 52.
    assert row(r.total)[1:] == (8, 6, pytest.approx(40.02), (0, 2, 3, 1, 0), 3, 50.0, 9)
    assert (r.scored, r.unscored, r.median_lix) == (6, 1, pytest.approx(40.02))


def test_each_page_against_its_own_target(view: ReportView) -> None:
    targets = view.readability.targets
    assert [
        (
            p.url.text.removeprefix(SITE),
            p.target.audience,
            p.target.lix_target,
            p.target.verdict,
            p.target.label,
            p.target.difference,
        )
        for p in targets
    ] == [
        ("/bygga/bygglov", "allmän information", 40.0, "over", "över målet", 7.2),
        ("/bygga/protokoll/2026-01", "beslut och styrdokument", 50.0, "over", "över målet", 2.0),
        ("/bygga/lattlast", "lättläst", 30.0, "over", "över målet", 1.0),
        ("/", "allmän information", 40.0, "within", "inom målet", 0.0),
        # 40.04 is shown as 40,0, so it is within a target of 40, as the reader sees it.
        ("/om/avrundning", "allmän information", 40.0, "within", "inom målet", 0.0),
        ("/skola/ansok", "allmän information", 40.0, "within", "inom målet", -2.0),
        ("/skola/kort", "allmän information", 40.0, "unscored", "ej beräknad", None),
    ]


def test_hardest_pages_quote_their_longest_sentences(view: ReportView) -> None:
    hardest = view.readability.hardest
    assert [h.page.url.text.removeprefix(SITE) for h in hardest] == [
        "/bygga/protokoll/2026-01",
        "/bygga/bygglov",
        "/om/avrundning",
        "/",
        "/skola/ansok",
        "/bygga/lattlast",
    ]
    assert hardest[1].sentences == (_sentence(40), _sentence(35), _sentence(30))  # max 3
    assert hardest[0].sentences == (_sentence(28),)
    assert hardest[2].sentences == ()


def test_flags_are_grouped_by_rule_with_swedish_texts_and_messages(
    view: ReportView, html: str
) -> None:
    rules = view.readability.flag_rules
    assert [(r.id, len(r.pages), r.occurrences) for r in rules] == [
        (LONG, 2, 5),
        (WORD, 2, 3),
        (PASSIVE, 1, 1),
    ]
    word = rules[1]
    assert (word.help, word.description) == (RULES[WORD].help, RULES[WORD].description)
    assert [(e.page.text.removeprefix(SITE), e.snippet, e.message) for e in word.examples] == [
        ("/bygga/bygglov", "Du kan nyttja e-tjänsten.", NYTTJA),
        ("/skola/ansok", "Nyttja e-tjänsten.", NYTTJA),
        ("/skola/ansok", "Ni kan nyttja skjutsen.", NYTTJA),
    ]
    assert (rules[2].help, rules[2].description) == (PASSIVE, "")  # unknown: by its id
    assert (rules[0].wcag.criteria, rules[0].wcag.level) == (("3.1.5",), "AAA")
    assert "Närmast WCAG 3.1.5 (nivå AAA), som lagen inte kräver." in html
    # The word-choice findings' own tags (2.4.4, level A) are not called optional.
    assert "Närmast WCAG 2.4.4 (nivå A)." in html
    assert "Skriv 'använda' i stället för 'nyttja'." in html.replace("&#39;", "'")
    assert "Ett krångligt ord gör texten svårare." in html
    bygglov = _page(view, "/bygga/bygglov")
    assert [(g.rule.id, len(g.examples)) for g in bygglov.flags] == [(LONG, 4), (WORD, 1)]


def test_metrics_not_computed_read_ej_beraknad_never_zero(view: ReportView, html: str) -> None:
    ansok = _page(view, "/skola/ansok")
    assert [(m.value, m.unit) for m in ansok.metrics] == [
        (55.3, ""),
        (12.0, " ord"),
        (10.0, " %"),
        (25.0, " %"),
        (1.12, ""),
    ]
    text = re.sub(r"<[^>]+>", "", _page_html(html, view, f"{SITE}/skola/ansok"))
    for shown in ("55,3", "12,0 ord", "10 %", "25 %", "1,12", "allmän information"):
        assert shown in text
    bygglov = _page(view, "/bygga/bygglov")
    assert all(m.value is None for m in bygglov.metrics)
    part = _page_html(html, view, f"{SITE}/bygga/bygglov")
    facts = part[part.index("<dt>LIX</dt>") : part.index("</dl>", part.index("<dt>LIX</dt>"))]
    assert facts.count("ej beräknad") == 5
    assert not re.search(r"<dd>0(,0+)?( ord| %)?</dd>", facts)
    kort = _page_html(html, view, f"{SITE}/skola/kort")
    assert "ej beräknad</span> – för lite text (12 ord)" in kort


def test_page_text_marks_template_blocks_and_escapes_block_text(
    view: ReportView, html: str
) -> None:
    ansok = _page(view, "/skola/ansok")
    assert [(b.kind_label, b.template) for b in ansok.blocks] == [
        ("rubrik 1", False),
        ("stycke", False),
        ("stycke", True),
    ]
    assert ansok.template_blocks == 1
    part = _page_html(html, view, f"{SITE}/skola/ansok")
    assert "Granskad text" in part
    assert part.count("mallinnehåll – räknas inte") == 1
    assert part.count('class="block block-template"') == 1
    template_item = part[part.index('class="block block-template"') :]
    assert template_item.index("mallinnehåll – räknas inte") < template_item.index(
        "Kontakta oss på telefon"
    )
    assert "<script>alert('block')" not in html
    assert "&lt;script&gt;alert(&#39;block&#39;)&lt;/script&gt; Du ansöker i e-tjänsten." in part


def test_page_text_names_what_the_klarsprak_rules_do_not_read(view: ReportView, html: str) -> None:
    """Links within the page and form controls by their kind, a block in another language
    by its language, and its text marked with it for a screen reader (when the code is one)."""
    bygglov = _page(view, "/bygga/bygglov")
    assert [(b.kind_label, b.language, b.lang) for b in bygglov.blocks] == [
        ("rubrik 1", "", ""),
        ("länk inom sidan", "", ""),
        ("stycke", "", ""),
        ("ledtext eller knapp", "", ""),
        ("rubrik 2", "engelska", "en"),
        ("stycke", "nordsamiska", "se"),
        ("stycke", "meänkieli", ""),  # no language code: named, not marked up
        ("stycke", "", "sv"),
    ]
    part = _page_html(html, view, f"{SITE}/bygga/bygglov")
    assert '<div class="block-text" lang="en">In English</div>' in part
    assert '<div class="block-text" lang="se">Sámegillii</div>' in part
    assert '<div class="block-text">Meänkielelä</div>' in part
    assert '<span class="tag">engelska</span>' in part
    assert "läses inte av klarspråksreglerna" in part


def test_json_pages_carry_place_target_and_text(tmp_path: Path) -> None:
    path, _jsonl = write_reports(RUN, PAGES, RULES, tmp_path, ["json"])
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(report_json(RUN, PAGES)))
    pages = {p["url"].removeprefix(SITE): p for p in data["pages"]}
    ansok = pages["/skola/ansok"]
    assert (ansok["section"], ansok["owner"], ansok["audience"], ansok["lix_target"]) == (
        "skola",
        "Barn- och utbildningsnämnden",
        "allmän information",
        40.0,
    )
    assert ansok["text"] == [
        {"kind": "h1", "text": "Ansök om förskoleplats", "template": False, "lang": ""},
        {"kind": "p", "text": HOSTILE_BLOCK, "template": False, "lang": ""},
        {"kind": "p", "text": TEMPLATE_BLOCK, "template": True, "lang": ""},
    ]
    english = pages["/bygga/bygglov"]["text"][4]
    assert english == {"kind": "h2", "text": "In English", "template": False, "lang": "en-GB"}
    assert (ansok["readability"]["ovix"], ansok["readability"]["nominal_ratio"]) == (55.3, 1.12)
    assert (pages["/"]["owner"], pages["/"]["section"]) == (None, "startsidan")
    assert (pages["/bygga/lattlast"]["audience"], pages["/bygga/lattlast"]["lix_target"]) == (
        "lättläst",
        30.0,
    )
    assert pages["/skola/taxa.pdf"]["text"] == []
    assert pages["/bygga/bygglov"]["findings"][-1]["message"] == NYTTJA


def test_csv_has_message_and_owner(tmp_path: Path) -> None:
    (path,) = write_reports(RUN, PAGES, RULES, tmp_path, ["csv"])
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == sum(len(p.findings) for p in PAGES)
    nyttja = [r for r in rows if r["rule"] == WORD]
    assert [(r["page_url"].removeprefix(SITE), r["message"], r["owner"]) for r in nyttja] == [
        ("/bygga/bygglov", NYTTJA, "Samhällsbyggnadsnämnden"),
        ("/skola/ansok", NYTTJA, "Barn- och utbildningsnämnden"),
        ("/skola/ansok", NYTTJA, "Barn- och utbildningsnämnden"),
    ]
    assert next(r for r in rows if r["rule"] == PASSIVE)["owner"] == ""  # ingen ägare
    assert next(r for r in rows if r["rule"] == "image-alt")["message"] == ""


def test_settings_without_owners_or_audiences_use_the_defaults() -> None:
    targets = Targets.from_settings({"max_pages": 10})
    assert (targets.owners, targets.audiences) == ((), DEFAULT_AUDIENCES)
    run = RunInfo(1, f"{SITE}/", "2026-05-04T02:00:00", None, "0.1.0", "", "")
    data = report_json(
        run,
        [PageResult(f"{SITE}/lattlast/om-oss", PageStatus.AUDITED, readability=_lix(35.0, "easy"))],
    )
    page = data["pages"][0]
    assert (page["owner"], page["audience"], page["lix_target"]) == (None, "lättläst", 30.0)
    view = build_view(run, [], {})
    assert [g.name for g in view.readability.owners] == []
    assert [g.name for g in view.readability.audiences] == [a.name for a in DEFAULT_AUDIENCES]


def test_readability_tables_are_real_tables(html: str) -> None:
    for caption in (
        "Läsbarhet per avsnitt av webbplatsen",
        "Läsbarhet per ansvarig nämnd eller förvaltning",
        "Läsbarhet per målgrupp och dess LIX-mål",
        "Varje sidas LIX mot målet för sidans målgrupp",
        "Klarspråksflaggor per regel",
    ):
        assert f"<caption>{caption}</caption>" in html
    assert '<th scope="row">ingen ägare</th>' in html
    assert '<th scope="colgroup" colspan="5">Sidor per läsbarhetsnivå</th>' in html
    assert "över målet (+7,2)" in html
    assert "inom målet (−2,0)" in html
    assert ">Läsbarhet och klarspråk</h2>" in html
    assert "<dt>Nominalkvot</dt>" in html
    assert "fler än 25 ord" in html


@pytest.mark.browser
@NEEDS_AXE
def test_axe_finds_no_violations_in_the_readability_report(tmp_path: Path) -> None:
    report, _sidor = write_reports(RUN, PAGES, RULES, tmp_path, ["html"])
    assert axe_violations(report) == []
