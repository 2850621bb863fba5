"""The draft tillgänglighetsredogörelse (``--format statement``): DIGG's sections, the
shortcomings by user situation and criterion, placeholders, escaping, HTML = Markdown.

(tests/test_statement.py is about something else: the check of a site's own published
statement page, audits/statement.py.)

A synthetic run of four pages with a small hand-made requirement mapping covers the
grouping; the demo audit's store (``demo_audit``) is rendered again with
``klarsyn report --format statement,json`` to check the draft against report.json; axe-core
audits the draft in real Chromium.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest

from audits.model import Finding, Outcome, PageResult, PageStatus, RunInfo, Source
from audits.requirements import Requirements, parse, requirements
from reports.i18n import translator
from reports.prepare import prepare
from reports.reporters.files import write_reports
from reports.reporters.statementreport import (
    HTML_NAME,
    MD_NAME,
    render_statement_html,
    render_statement_md,
)
from reports.sections.criteriontexts import CRITERION_PROBLEMS
from reports.sections.statement import statement_view
from reports.viewmodel.statement import StatementView, Suggestion
from tests.conftest import REPO, DemoAudit
from tests.test_reports import NEEDS_AXE, RULES, axe_violations

SITE = "https://kommun.example"
HOSTILE_TITLE = "<script>alert(1)</script> [klicka](javascript:alert(2)) **fet** &amp;"
HOSTILE_PATH = "/<img src=x onerror=alert(3)>"

#: DIGG's model statement's headings, in its order (H2 and H3; H1 names the site).
DIGG_HEADINGS = [
    "Hur tillgänglig är webbplatsen?",
    "Vad kan du göra om du inte kan använda delar av webbplatsen?",
    "Rapportera brister i webbplatsens tillgänglighet",
    "Tillsyn",
    "Teknisk information om webbplatsens tillgänglighet",
    "Innehåll som inte är tillgängligt",
    "Bristande förenlighet med lagkraven",
    "Oskäligt betungande anpassning",
    "Innehåll som inte omfattas av lagstiftningen",
    "Hur vi testat webbplatsen",
]
UNMAPPED = "Brister som ännu inte kopplats till en användningssituation"


def _f(rule: str, wcag: tuple[str, ...], impact: str = "serious", **kw: object) -> Finding:
    return Finding(
        rule, kw.pop("source", Source.AXE), kw.pop("outcome", Outcome.VIOLATION), impact, wcag, **kw
    )  # type: ignore[arg-type]


def _page(path: str, title: str, *findings: Finding) -> PageResult:
    menu = _f("list", ("wcag2a", "wcag131"), selector="header > ul", snippet="<ul><div>")
    return PageResult(
        f"{SITE}{path}",
        PageStatus.AUDITED,
        http_status=200,
        content_type="text/html",
        title=title,
        findings=(menu, *findings),
    )


#: Four audited pages: a template fault (1.3.1) on all of them; 1.1.1 on one, 1.4.3 on
#: one, a link without text (2.4.4 and 4.1.2) on the hostile page; needs review, best
#: practice and a klarspråk flag, which are no shortcomings; a failed URL.
PAGES = (
    _page(
        "/",
        "Startsida",
        _f("image-alt", ("wcag2a", "wcag111"), "critical", selector="main img"),
        _f("color-contrast", ("wcag2aa", "wcag143"), outcome=Outcome.NEEDS_REVIEW),
        _f("region", ("best-practice",), "moderate", best_practice=True),
    ),
    _page("/a", "Bygga", _f("color-contrast", ("wcag2aa", "wcag143"), selector="p.ingress")),
    _page(HOSTILE_PATH, HOSTILE_TITLE, _f("link-name", ("wcag2a", "wcag244", "wcag412"))),
    _page(
        "/c",
        "Kontakt",
        _f(
            "klarsyn-link-text",
            ("wcag2a", "wcag244"),
            "minor",
            source=Source.KLARSYN,
            snippet="<a>Läs mer</a>",
        ),
    ),
    PageResult(
        f"{SITE}/trasig",
        PageStatus.FAILED,
        reason="serverfel",
        http_status=500,
        content_type="text/html",
    ),
)
RUN = RunInfo(
    id=3,
    site=f"{SITE}/",
    started="2026-05-04T02:00:00+02:00",
    finished="2026-05-04T02:10:00+02:00",
    tool_version="0.1.0",
    axe_version="4.14.1",
    browser_version="156.0.8078.108",
    settings={"start_urls": [f"{SITE}/"], "tags": ["wcag2a", "wcag2aa"]},
)


def _requirements() -> Requirements:
    """A small mapping: three situations; 2.4.4 known but related to none of them."""

    def row(c: str, level: str, situations: list[str]) -> dict[str, object]:
        return {
            "criterion": c,
            "level": level,
            "wcag": "2.0",
            "web": f"9.{c}",
            "document": f"10.{c}",
            "situations": situations,
        }

    return parse(
        {
            "source": {"situations": "hand-made for this test"},
            "situations": [
                {"fps": "4.2.1", "en": "", "sv": "användning utan synförmåga"},
                {"fps": "4.2.2", "en": "", "sv": "användning med nedsatt syn"},
                {"fps": "4.2.3", "en": "", "sv": "användning med nedsatt färgseende"},
            ],
            "criteria": [
                row("1.1.1", "A", ["4.2.1"]),
                row("1.3.1", "A", ["4.2.1"]),
                row("1.4.3", "AA", ["4.2.3", "4.2.2"]),
                row("2.4.4", "A", []),
                row("4.1.2", "A", ["4.2.1"]),
            ],
        }
    )


def _view(pages: tuple[PageResult, ...] = PAGES, lang: str = "sv") -> StatementView:
    return statement_view(prepare(RUN, pages, RULES, lang=lang), _requirements())


class _Blocks(HTMLParser):
    """The text of every heading, paragraph and list item, in document order, with the
    tag; the <mark> placeholders; the links' targets; every element's lang."""

    BLOCKS = ("h1", "h2", "h3", "h4", "p", "li")

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[tuple[str, str]] = []
        self.marks: list[dict[str, str | None]] = []
        self.hrefs: list[str | None] = []
        self.langs: dict[str, set[str | None]] = defaultdict(set)
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.langs[tag].add(dict(attrs).get("lang"))
        if tag in self.BLOCKS:
            self._open.append((tag, []))
        if tag == "mark":
            self.marks.append(dict(attrs))
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS and self._open:
            name, parts = self._open.pop()
            self.blocks.append((name, " ".join("".join(parts).split())))

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][1].append(data)


def _html(view: StatementView) -> _Blocks:
    parser = _Blocks()
    parser.feed(render_statement_html(view))
    return parser


_MD_LINK = re.compile(r"(?<!\\)\[((?:\\.|[^\]\\])*)\]\(<[^>]*>\)")


def _md_lines(md: str) -> list[tuple[str, str]]:
    """Each non-empty Markdown line as (kind, plain text): headings as "h<level>", the
    rest "text"; quote marks, list markers, links and bold dropped, escapes undone."""
    out = []
    for raw in md.splitlines():
        line = raw.removeprefix(">").strip()
        if not line or line == "---":
            continue
        kind = "text"
        if m := re.match(r"(#{1,4}) ", line):
            kind, line = f"h{len(m.group(1))}", line[m.end() :]
        line = re.sub(r"^(- |\d+\. )", "", line)
        line = _MD_LINK.sub(r"\1", line).replace("**", "")
        out.append((kind, re.sub(r"\\(.)", r"\1", line)))
    return out


def _headings(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(tag, text) for tag, text in blocks if tag.startswith("h")]


def _section(md: str, heading: str) -> list[str]:
    """The lines under ``heading`` up to the next heading."""
    lines, inside = [], False
    for kind, text in _md_lines(md):
        if kind.startswith("h"):
            inside = text == heading
        elif inside:
            lines.append(text)
    return lines


def test_the_draft_has_every_digg_section_in_digg_order() -> None:
    view = _view()
    headings = _headings(_html(view).blocks)
    assert headings[0] == ("h1", "Tillgänglighet för kommun.example")
    digg = [text for tag, text in headings if tag in ("h2", "h3")]
    assert digg == DIGG_HEADINGS
    # Headings in order: never a level skipped going down.
    levels = [int(tag[1]) for tag, _ in headings]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))


def test_shortcomings_are_grouped_by_user_situation_then_criterion() -> None:
    md = render_statement_md(_view())
    blind = _section(md, "Problem vid användning utan synförmåga")
    found = [m.group(1) for line in blind if (m := re.search(r"\(WCAG ([\d.]+)", line))]
    assert found == ["1.1.1", "1.3.1", "4.1.2"]
    assert "Felet finns på 1 av 4 granskade sidor (WCAG 1.1.1, nivå A)." in blind[0]
    assert "Det gäller sidan ”Startsida” (https://kommun.example/)." in blind[0]
    # The menu's list fault is one template fault on every page.
    assert (
        "Felet sitter i webbplatsens sidmall och finns därför på alla 4 granskade sidor "
        "(WCAG 1.3.1, nivå A)."
    ) in blind[1]
    for situation in ("användning med nedsatt syn", "användning med nedsatt färgseende"):
        (line,) = _section(md, f"Problem vid {situation}")
        assert line.startswith(CRITERION_PROBLEMS["1.4.3"])
        assert "på 1 av 4 granskade sidor (WCAG 1.4.3, nivå AA)" in line
    # 2.4.4 has no situation in the mapping: kept, in its own group, with a note.
    unmapped = _section(md, UNMAPPED)
    assert "(WCAG 2.4.4, nivå A)" in unmapped[0]
    assert any("Flytta varje brist" in line for line in unmapped)
    # Needs review, best practice and klarspråk flags are no shortcomings.
    assert md.count("(WCAG ") == 6
    assert "region" not in md
    assert "Läs mer" not in md
    assert "På 1 sida finns resultat som axe-core inte kunde avgöra (1 st.)." in md


def test_without_situations_in_the_mapping_nothing_is_lost() -> None:
    empty = parse(
        {"source": {}, "situations": [{"fps": "4.2.1", "en": "", "sv": "x"}], "criteria": []}
    )
    view = statement_view(prepare(RUN, PAGES, RULES), empty)
    md = render_statement_md(view)
    lines = _section(md, UNMAPPED)
    found = [m.group(1) for s in lines if (m := re.search(r"\(WCAG ([\d.]+)", s))]
    assert found == ["1.1.1", "1.3.1", "1.4.3", "2.4.4", "4.1.2"]
    # A criterion klarsyn knows no level for is still named.
    assert "(WCAG 1.1.1)." in md


def test_the_compliance_wording_is_a_decision_with_what_the_audit_suggests() -> None:
    view = _view()
    assert view.suggestion is Suggestion.PARTLY
    blocks = _html(view).blocks
    texts = [text for _, text in blocks]
    decision = texts.index(
        "Beslut att fatta: Hur förenlig är webbplatsen med lagen? Välj en formulering."
    )
    assert [t.split(" förenlig")[0] for t in texts[decision + 1 : decision + 4]] == [
        "Den här webbplatsen är helt",
        "Den här webbplatsen är delvis",
        "Den här webbplatsen är inte",
    ]
    assert any(
        t.startswith(
            "klarsyns förslag: högst ”delvis förenlig”. Den automatiska "
            "granskningen hittade fel mot 5 framgångskriterier i WCAG 2.1 på "
            "4 av 4 granskade sidor."
        )
        for t in texts
    )


def test_no_violations_never_suggests_fully_compliant() -> None:
    clean = tuple(
        PageResult(p.url, p.status, http_status=200, content_type="text/html", title=p.title)
        for p in PAGES[:2]
    )
    view = _view(clean)
    assert view.suggestion is Suggestion.REVIEW
    md = render_statement_md(view)
    assert "klarsyns förslag: vänta med beslutet." in md
    assert "klarsyn report --format sample" in md
    assert "(WCAG " not in md
    # The lead of "Innehåll som inte är tillgängligt" waits for the manual review.
    assert _section(md, "Innehåll som inte är tillgängligt")[0].startswith("[FYLL I: efter den ")


def test_critical_faults_on_most_pages_suggest_not_compliant() -> None:
    alt = _f("image-alt", ("wcag2a", "wcag111"), "critical", selector="main img")
    pages = tuple(_page(f"/{n}", f"Sida {n}", alt) for n in range(4))
    view = _view(pages)
    assert view.suggestion is Suggestion.NOT
    assert "klarsyns förslag: överväg ”inte förenlig”." in render_statement_md(view)


def test_placeholders_are_marked_and_no_fact_is_invented() -> None:
    view = _view()
    html = render_statement_html(view)
    md = render_statement_md(view)
    parser = _html(view)
    marks = parser.marks
    assert marks
    assert all(m.get("class") == "att-fylla-i" for m in marks)
    assert len(marks) == len(re.findall(r"\*\*\\\[FYLL I: ", md)) == html.count("[FYLL I: ")
    assert "border: 2px dashed" in html  # visible without colour
    assert parser.blocks[1] == ("p", "Utkast – inte klart att publicera")  # the legend first
    for section, what in (
        ("Oskäligt betungande anpassning", "12 §"),
        ("Innehåll som inte omfattas av lagstiftningen", "9 §"),
    ):
        first = _section(md, section)[0]
        assert first.startswith("[FYLL I: ")
        assert what in first
        assert "Annars: ta bort det här avsnittet." in first
    # No e-mail address, phone number or date klarsyn cannot know.
    assert "@" not in md
    assert set(re.findall(r"\d{4}-\d{2}-\d{2}", md)) == {"2026-05-04"}
    assert "Redogörelsen uppdaterades senast den [FYLL I: datum då ni publicerar " in md.replace(
        "**", ""
    ).replace("\\", "")
    # DIGG's enforcement paragraph, with the address of its notification function as text.
    tillsyn = " ".join(_section(md, "Tillsyn"))
    assert "Myndigheten för digital förvaltning (Digg) ansvarar för tillsynen" in tillsyn
    assert "www.digg.se/tdosanmalan" in tillsyn


def test_page_derived_text_is_escaped_in_both_formats() -> None:
    view = _view()
    html = render_statement_html(view)
    md = render_statement_md(view)
    assert "<script" not in html
    assert "<img" not in html
    assert "javascript:" not in "".join(h or "" for h in _html(view).hrefs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp;amp;" in html  # the title's own "&amp;" stays the text it was
    # No "<", "[" or "*" of the page's text is left unescaped in the Markdown.
    lines = [s for s in md.splitlines() if "alert(1)" in s]
    assert len(lines) == 2  # the link fault breaks 2.4.4 and 4.1.2
    for line in lines:
        assert not re.search(r"(?<!\\)[<>\[\]*&_`]", line), line
    assert not re.search(r"(?<!\\)\]\(javascript", md)
    assert (
        "\\<script\\>alert(1)\\</script\\> \\[klicka\\](javascript:alert(2)) \\*\\*fet\\*\\*" in md
    )
    # What a reader sees is the title as the page had it.
    assert any(HOSTILE_TITLE in text for _, text in _md_lines(md))
    assert any(HOSTILE_TITLE in text for _, text in _html(view).blocks)


def test_markdown_and_html_say_the_same() -> None:
    for lang in ("sv", "en"):
        view = _view(lang=lang)
        html = [(tag if tag.startswith("h") else "text", text) for tag, text in _html(view).blocks]
        assert html == _md_lines(render_statement_md(view))


def test_english_headings_and_guidance_with_a_swedish_body() -> None:
    tr = translator("en")
    view = statement_view(prepare(RUN, PAGES, RULES, lang="en"), _requirements(), tr)
    assert tr.missing == set()
    parser = _html(view)
    headings = [text for tag, text in _headings(parser.blocks) if tag in ("h2", "h3")]
    assert headings[:4] == [
        "How accessible is the website?",
        "What to do if you cannot use parts of the website",
        "Reporting accessibility problems with the website",
        "Enforcement procedure",
    ]
    assert "Problems for use without vision" in [t for _, t in parser.blocks]
    md = render_statement_md(view)
    assert "Myndigheten för digital förvaltning (Digg) ansvarar" in md
    assert "**\\[FILL IN: the organisation's name\\]** står bakom webbplatsen" in md
    html = render_statement_html(view)
    assert html.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert parser.langs["h2"] == {"en"}
    assert parser.langs["mark"] == {"en"}
    assert parser.langs["ol"] == {"sv"}  # DIGG's compliance wordings stay Swedish


def test_every_wcag_21_criterion_has_a_plain_swedish_problem() -> None:
    assert set(CRITERION_PROBLEMS) == set(requirements().criteria)
    assert all(text.endswith(".") and text[0].isupper() for text in CRITERION_PROBLEMS.values())


def test_the_statement_format_writes_two_files(tmp_path: Path) -> None:
    written = write_reports(RUN, PAGES, RULES, tmp_path, ["statement"])
    assert [p.name for p in written] == [HTML_NAME, MD_NAME]


@pytest.mark.browser
@NEEDS_AXE
def test_axe_finds_no_violations_in_the_draft(tmp_path: Path) -> None:
    for lang in ("sv", "en"):
        out = tmp_path / lang
        html, _ = write_reports(RUN, PAGES, RULES, out, ["statement"], lang=lang)
        assert axe_violations(html) == [], lang


@pytest.mark.browser
@pytest.mark.slow
def test_the_demo_sites_draft_lists_every_wcag_violation_with_its_page_count(
    demo_audit: DemoAudit,
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "klarsyn",
            "report",
            str(demo_audit.store),
            "--format",
            "statement,json",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 2, done.stderr  # the demo has violations
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    md = (tmp_path / MD_NAME).read_text(encoding="utf-8")
    headings = [text for kind, text in _md_lines(md) if kind in ("h2", "h3")]
    assert headings == DIGG_HEADINGS
    audited = sum(
        p["audited"] and p["content_type"].startswith("text/html") for p in report["pages"]
    )
    pages: defaultdict[str, set[str]] = defaultdict(set)
    for page in report["pages"]:
        for f in page["findings"]:
            if (f["source"], f["outcome"], f["best_practice"]) == ("axe", "violation", False):
                for c in f["criteria"]:
                    pages[c].add(page["url"])
                    # A finding's situations are those of all its criteria together.
                    assert set(requirements().map([c]).situations) <= set(f["situations"])
    assert len(pages) >= 5
    for criterion, urls in pages.items():
        n = len(urls)
        count = f"alla {audited} granskade sidor" if n == audited else f"på {n} av {audited}"
        situations = requirements().map([criterion]).situations
        groups = [f"Problem vid {s}" for s in situations] or [UNMAPPED]
        for group in groups:
            lines = [s for s in _section(md, group) if f"(WCAG {criterion}, nivå " in s]
            assert len(lines) == 1, (criterion, group)
            assert count in lines[0], (criterion, lines[0])
    html = (tmp_path / HTML_NAME).read_text(encoding="utf-8")
    assert html.count("(WCAG ") == md.count("(WCAG ")


def test_every_shipped_situation_has_an_english_heading() -> None:
    tr = translator("en")
    for name in requirements().situation_names.values():
        assert tr.gettext(f"Problem vid {name}").startswith("Problems for use ")
    assert tr.missing == set()
