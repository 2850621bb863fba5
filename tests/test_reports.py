"""Reports: the view's figures, the HTML's safety and structure, JSON, CSV, atomic writes.

One synthetic run covers every kind of row: audited, failed and skipped URLs, a document
that is not HTML, a page with too little text, needs-review and best-practice findings, a
rule without texts, and hostile page content. The last test runs axe-core over the report.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from base64 import b64encode
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from audits.model import (
    Finding,
    Outcome,
    PageResult,
    PageStatus,
    Readability,
    Reason,
    RuleInfo,
    RunInfo,
    Source,
    TextBlock,
)
from reports.labels import reason_label
from reports.reporters.csvreport import findings_csv
from reports.reporters.files import write_reports
from reports.reporters.jsonreport import report_json
from reports.view import build_view
from reports.viewmodel.parts import make_link, wcag_from_tags
from tests.htmlfiles import render_all

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

HOSTILE_TITLE = "<script>alert(1)</script>"
HOSTILE_SNIPPET = '"><img src=x onerror=alert(1)>'
HOSTILE_URL = "javascript:alert(1)"
QUOTED_SELECTOR = "a[href=\"/bygga\"] > img[alt='']"
FORMULA_SNIPPET = '=HYPERLINK("http://evil.example","klicka")'


def _f(
    rule: str,
    impact: str | None,
    outcome: Outcome = Outcome.VIOLATION,
    *,
    wcag: tuple[str, ...] = (),
    selector: str = "main img",
    snippet: str = "<img>",
    best_practice: bool = False,
    source: Source = Source.AXE,
) -> Finding:
    return Finding(rule, source, outcome, impact, wcag, selector, snippet, best_practice)


RULES = {
    "color-contrast": RuleInfo(
        "color-contrast",
        Source.AXE,
        "Element måste ha tillräcklig färgkontrast",
        "Kontrollerar att text har tillräcklig kontrast mot bakgrunden.",
        "https://dequeuniversity.com/rules/axe/4.14/color-contrast",
        ("cat.color", "wcag2aa", "wcag143", "EN-9.1.4.3"),
    ),
    "image-alt": RuleInfo(
        "image-alt",
        Source.AXE,
        "Bilder måste ha alternativtext",
        "Kontrollerar att bilder har en textbeskrivning.",
        "https://dequeuniversity.com/rules/axe/4.14/image-alt",
        ("cat.text-alternatives", "wcag2a", "wcag111"),
    ),
    "link-name": RuleInfo(
        "link-name",
        Source.AXE,
        "Länkar måste ha urskiljbar text",
        "Kontrollerar att länkar har en text som skärmläsare kan läsa upp.",
        "javascript:alert('help')",
        ("wcag2a", "wcag244", "wcag412"),
    ),
    "list": RuleInfo(
        "list",
        Source.AXE,
        "Listor får bara innehålla li-element",
        "",
        tags=("cat.structure", "wcag2a", "wcag131"),
    ),
    "region": RuleInfo(
        "region",
        Source.AXE,
        "Allt innehåll ska ligga i landmärken",
        "",
        tags=("cat.keyboard", "best-practice"),
    ),
}

PAGES = (
    PageResult(
        url="https://kommun.example/",
        status=PageStatus.AUDITED,
        final_url="https://kommun.example/",
        http_status=200,
        content_type="text/html; charset=utf-8",
        title="Startsida – Vänersborg",
        lang="sv",
        readability=Readability(120, 10, 25, 32.8, "easy"),
        findings=(
            *[
                _f("color-contrast", "serious", wcag=("wcag2aa", "wcag143"), selector=f".puff-{n}")
                for n in range(3)
            ],
            _f("image-alt", "critical", wcag=("wcag2a", "wcag111")),
            _f("list", "moderate", wcag=("wcag2a", "wcag131"), selector="ul.meny"),
            _f("region", "moderate", best_practice=True, selector="div.banner"),
            _f("region", "moderate", best_practice=True, selector="div.cookie"),
            _f(
                "color-contrast",
                "serious",
                Outcome.NEEDS_REVIEW,
                wcag=("wcag2aa", "wcag143"),
                selector=".hero h1",
            ),
        ),
    ),
    PageResult(
        url="https://kommun.example/bygga",
        status=PageStatus.AUDITED,
        http_status=200,
        content_type="text/html",
        title=HOSTILE_TITLE,
        lang="",
        readability=Readability(200, 9, 70, 57.2, "hard"),
        depth=1,
        referrer="https://kommun.example/",
        findings=(
            _f("image-alt", "critical", wcag=("wcag2a", "wcag111"), snippet=HOSTILE_SNIPPET),
            _f("image-alt", "critical", wcag=("wcag2a", "wcag111"), selector=QUOTED_SELECTOR),
            _f("link-name", "serious", wcag=("wcag2a", "wcag244"), snippet=FORMULA_SNIPPET),
            _f("color-contrast", "serious", wcag=("wcag2aa", "wcag143"), selector="@media-x"),
            _f(
                "klarsyn-link-text",
                "minor",
                wcag=("wcag2a", "wcag244"),
                selector="-a.mer",
                snippet="<a>Läs mer</a>",
                source=Source.KLARSYN,
            ),
            _f(
                "klarsyn-link-text",
                "minor",
                wcag=("wcag2a", "wcag244"),
                selector="+a.har",
                snippet="<a>Klicka här</a>",
                source=Source.KLARSYN,
            ),
            _f("color-contrast", "serious", Outcome.NEEDS_REVIEW, selector=".bild-text"),
        ),
    ),
    PageResult(
        url="https://kommun.example/kort",
        status=PageStatus.AUDITED,
        final_url=HOSTILE_URL,
        http_status=200,
        content_type="text/html",
        title="Kort sida",
        lang="sv",
        readability=Readability(12, 2, 3, None, "too_little_text"),
        depth=1,
        # Each language a block may declare, for the report's own markup (axe: valid-lang).
        blocks=(
            TextBlock("h1", "Kort sida"),
            TextBlock("toc", "Till toppen"),
            TextBlock("p", "Short page.", lang="en-GB"),
            TextBlock("p", "لغة", lang="ar"),
            TextBlock("p", "Meänkielelä", lang="meänkieli"),
            TextBlock("p", "Text", lang='"><script>alert(1)</script>'),
        ),
    ),
    PageResult(
        url="https://kommun.example/taxa.pdf",
        status=PageStatus.AUDITED,
        http_status=200,
        content_type="application/pdf",
        depth=2,
    ),
    PageResult(
        url="https://kommun.example/trasig",
        status=PageStatus.FAILED,
        reason="serverfel",
        http_status=500,
        content_type="text/html",
        error="HTTP 500 Internal Server Error",
    ),
    PageResult(url=HOSTILE_URL, status=PageStatus.SKIPPED, reason="inte en webbadress"),
    PageResult(
        url="https://annan.example/", status=PageStatus.SKIPPED, reason="utanför webbplatsen"
    ),
)

RUN = RunInfo(
    id=7,
    site="https://kommun.example/",
    started="2026-05-04T02:00:00+02:00",
    finished="2026-05-04T02:14:09+02:00",
    tool_version="0.1.0",
    axe_version="4.14.1",
    browser_version="156.0.8078.108",
    settings={
        "tags": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
        "best_practice": True,
        "max_pages": 500,
    },
)
N_FINDINGS = sum(len(p.findings) for p in PAGES)


class _Structure(HTMLParser):
    """Every start tag with its attributes, and the text of <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


@pytest.fixture(scope="module")
def html() -> str:
    return render_all(build_view(RUN, PAGES, RULES))


@pytest.fixture(scope="module")
def structure(html: str) -> _Structure:
    parser = _Structure()
    parser.feed(html)
    return parser


def test_summary_counts_ledger_and_impacts_apart() -> None:
    s = build_view(RUN, PAGES, RULES).summary
    assert (s.urls_found, s.audited, s.failed, s.skipped, s.html_audited) == (7, 4, 1, 2, 3)
    wcag = {row.impact: (row.wcag.occurrences, row.wcag.pages) for row in s.by_impact}
    # The two klarsyn findings on /bygga (minor, with WCAG tags) are klarspråk flags, not WCAG.
    assert wcag == {"critical": (3, 2), "serious": (5, 2), "moderate": (1, 1), "minor": (0, 0)}
    assert [row.label for row in s.by_impact] == ["kritisk", "allvarlig", "måttlig", "mindre"]
    assert (s.wcag.occurrences, s.wcag.pages) == (9, 2)
    assert (s.klarsprak.occurrences, s.klarsprak.pages) == (2, 1)
    assert (s.best_practice.occurrences, s.best_practice.pages) == (2, 1)
    assert (s.needs_review.occurrences, s.needs_review.pages) == (2, 2)
    assert s.by_impact[1].needs_review.occurrences == 2  # serious, kept out of violations


def test_findings_without_known_impact_get_their_own_row() -> None:
    page = PageResult(
        "https://kommun.example/x",
        PageStatus.AUDITED,
        findings=(_f("list", None), _f("list", "odd"), _f("list", "minor")),
    )
    s = build_view(RUN, [page], RULES).summary
    assert [(r.label, r.wcag.occurrences) for r in s.by_impact][-2:] == [
        ("mindre", 1),
        ("ej angiven", 2),
    ]
    assert (s.wcag.occurrences, s.wcag.pages) == (3, 1)


def test_top_rules_order_by_pages_then_occurrences_then_severity() -> None:
    view = build_view(RUN, PAGES, RULES)
    assert [r.id for r in view.top_rules] == [
        "color-contrast",
        "image-alt",
        "region",
        "link-name",
        "list",
    ]
    contrast = view.top_rules[0]
    assert (len(contrast.pages), contrast.occurrences) == (2, 4)
    assert [p.occurrences for p in contrast.pages] == [3, 1]
    assert (contrast.wcag.criteria, contrast.wcag.level) == (("1.4.3",), "AA")
    assert contrast.help == "Element måste ha tillräcklig färgkontrast"


def test_rule_views_keep_needs_review_and_klarsyn_apart_and_show_unknown_rules_by_id() -> None:
    view = build_view(RUN, PAGES, RULES)
    assert [(r.id, r.occurrences) for r in view.review_rules] == [("color-contrast", 2)]
    assert "klarsyn-link-text" not in {r.id for r in (*view.rules, *view.review_rules)}
    (unknown,) = view.readability.flag_rules
    assert (unknown.id, unknown.help, unknown.occurrences, len(unknown.pages)) == (
        "klarsyn-link-text",
        "klarsyn-link-text",
        2,
        1,
    )
    assert next(r for r in view.rules if r.id == "region").best_practice
    assert next(r for r in view.rules if r.id == "link-name").help_href is None
    assert [r.impact for r in view.rules][:2] == ["critical", "serious"]


def test_worst_pages_use_documented_weights() -> None:
    view = build_view(RUN, PAGES, RULES)
    # /bygga: 2 critical·10 + 2 serious·5 = 30 (its klarsyn flags do not count);
    # start: 10 + 3·5 + 2 = 27.
    assert [(p.url.text, p.score) for p in view.worst_pages] == [
        ("https://kommun.example/bygga", 30),
        ("https://kommun.example/", 27),
    ]
    assert view.worst_pages[0].by_impact == (2, 2, 0, 0)
    assert (view.worst_pages[0].wcag_count, view.worst_pages[0].flag_count) == (4, 2)


def test_readability_distribution_counts_audited_pages_per_band() -> None:
    r = build_view(RUN, PAGES, RULES).readability
    assert {row.label: row.pages for row in r.rows} == {
        "mycket lätt": 0,
        "lätt": 1,
        "medelsvår": 0,
        "svår": 1,
        "mycket svår": 0,
        "för lite text": 1,
    }
    assert (r.scored, r.unscored, r.median_lix) == (2, 1, pytest.approx(45.0))
    assert [h.page.title for h in r.hardest] == [HOSTILE_TITLE, "Startsida – Vänersborg"]


def test_page_view_groups_findings_and_ledger_puts_failures_first() -> None:
    view = build_view(RUN, PAGES, RULES)
    page = next(p for p in view.pages if p.url.text == "https://kommun.example/")
    assert [g.rule.id for g in page.violations] == ["image-alt", "color-contrast", "list", "region"]
    assert [len(g.evidence) for g in page.needs_review] == [1]
    assert page.final_url is None  # same as the URL: not repeated
    assert [row.status_label for row in view.ledger] == [
        "misslyckad",
        "överhoppad",
        "överhoppad",
        "granskad",
        "granskad",
        "granskad",
        "granskad",
    ]
    assert view.method.rule_tags == ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")


@pytest.mark.parametrize(
    ("tags", "criteria", "level", "version"),
    [
        (("wcag2aa", "wcag143"), ("1.4.3",), "AA", "2.0"),
        (("wcag21aa", "wcag1410", "cat.color"), ("1.4.10",), "AA", "2.1"),
        (("wcag2a", "wcag412", "wcag244", "wcag111"), ("1.1.1", "2.4.4", "4.1.2"), "A", "2.0"),
        (("wcag22aa", "wcag258"), ("2.5.8",), "AA", "2.2"),
        (("best-practice", "cat.keyboard"), (), None, None),
    ],
)
def test_wcag_tags_map_to_criteria_and_level(
    tags: tuple[str, ...], criteria: tuple[str, ...], level: str | None, version: str | None
) -> None:
    w = wcag_from_tags(tags)
    assert (w.criteria, w.level, w.version) == (criteria, level, version)


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://kommun.example/a?b=1", "https://kommun.example/a?b=1"),
        ("HTTP://kommun.example/", "HTTP://kommun.example/"),
        ("javascript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("//evil.example/", None),
    ],
)
def test_only_http_urls_become_links(url: str, href: str | None) -> None:
    assert make_link(url).href == href


def test_html_escapes_page_data(html: str, structure: _Structure) -> None:
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "a[href=&#34;/bygga&#34;] &gt; img[alt=&#39;&#39;]" in html
    assert HOSTILE_URL in html  # shown as text ...
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", html, re.IGNORECASE)  # ... not linked
    # Only our own, once in each file of the report.
    assert [tag for tag, _ in structure.tags].count("script") == html.count("<!DOCTYPE html>")
    assert not any(name.startswith("on") for _, attrs in structure.tags for name in attrs)


def test_html_is_self_contained_swedish_and_structured(html: str, structure: _Structure) -> None:
    tags = [tag for tag, _ in structure.tags]
    assert structure.tags[0] == ("html", {"lang": "sv"})
    for landmark in ("header", "nav", "main", "footer", "style", "caption", "details"):
        assert landmark in tags
    assert not [t for t, attrs in structure.tags if "src" in attrs or t in ("link", "img")]
    assert not re.search(r"url\(|@import", html)
    scopes = {attrs.get("scope") for t, attrs in structure.tags if t == "th"}
    assert scopes == {"col", "colgroup", "row"}  # every header cell says what it heads
    ids = {attrs["id"] for _, attrs in structure.tags if attrs.get("id")}
    internal = {
        attrs["href"][1:]
        for t, attrs in structure.tags
        if t == "a" and (attrs.get("href") or "").startswith("#")
    }
    assert internal <= ids  # every in-report link has a target
    for heading in (
        "Sammanfattning",
        "Regler",
        "Sidor",
        "Täckning",
        "Läsbarhet och klarspråk",
        "Metod",
    ):
        assert f">{heading}</h2>" in html
    assert {"kritisk", "granskad", "misslyckad", "överhoppad"} <= set(re.findall(r"\w+", html))


def test_html_script_is_the_only_one_the_csp_allows(structure: _Structure) -> None:
    csp = next(
        attrs["content"]
        for t, attrs in structure.tags
        if t == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in csp
    digest = b64encode(hashlib.sha256(structure.scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp


def test_empty_partial_run_still_renders_and_says_so() -> None:
    run = RunInfo(
        1, "https://kommun.example/", "2026-05-04T02:00:00", None, "0.1.0", "", "", partial=True
    )
    html = render_all(build_view(run, [], {}))
    assert "Ofullständig granskning" in html
    assert "Inga sidor granskades." in html
    assert "Inga fel hittades." in html


def test_json_schema_and_round_trip(tmp_path: Path) -> None:
    path, _jsonl = write_reports(RUN, PAGES, RULES, tmp_path, ["json"])
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(report_json(RUN, PAGES)))
    assert {
        "tool",
        "version",
        "started",
        "finished",
        "partial",
        "axe_version",
        "browser_version",
        "site",
        "settings",
        "pages",
    } <= data.keys()
    assert (data["tool"], data["version"], data["axe_version"]) == ("klarsyn", "0.1.0", "4.14.1")
    assert len(data["pages"]) == len(PAGES)
    page_keys = {
        "url",
        "edit_url",
        "final_url",
        "status",
        "content_type",
        "title",
        "lang",
        "audited",
        "outcome",
        "reason",
        "error",
        "depth",
        "referrer",
        "found_by",
        "text_view",
        "result_from",
        "reused_from",
        "worker",
        "readability",
        "findings",
        "section",
        "owner",
        "audience",
        "lix_target",
        "text",
        "third_party",
    }
    assert all(page.keys() == page_keys for page in data["pages"])
    start, bygga, kort, pdf, trasig, *_ = data["pages"]
    assert (bygga["title"], bygga["status"], bygga["audited"]) == (HOSTILE_TITLE, 200, True)
    assert (trasig["outcome"], trasig["audited"], trasig["status"]) == ("failed", False, 500)
    skipped = data["pages"][5]
    assert (skipped["url"], skipped["outcome"], skipped["status"], skipped["reason"]) == (
        HOSTILE_URL,
        "skipped",
        None,
        "inte en webbadress",
    )
    assert kort["readability"] == {
        "words": 12,
        "sentences": 2,
        "long_words": 3,
        "lix": None,
        "band": "too_little_text",
        "ovix": None,
        "mean_sentence_length": None,
        "long_sentence_share": None,
        "long_word_share": None,
        "nominal_ratio": None,
    }
    assert pdf["readability"] is None
    first = dict(start["findings"][0])
    assert re.fullmatch(r"[0-9a-f]{16}", first.pop("fingerprint"))
    assert first == {
        "rule": "color-contrast",
        "source": "axe",
        "outcome": "violation",
        "impact": "serious",
        "wcag": ["wcag2aa", "wcag143"],
        "selector": ".puff-0",
        "snippet": "<img>",
        "best_practice": False,
        "message": "",
        "template": False,
        "status": None,
        "criteria": ["1.4.3"],
        "en301549": ["9.1.4.3"],
        "situations": ["användning med nedsatt syn", "användning med nedsatt färgseende"],
        "related_criteria": [],
    }
    # Three identical-looking puffs on one page still get three distinct fingerprints.
    assert len({f["fingerprint"] for f in start["findings"]}) == len(start["findings"])
    assert (data["changes"], data["history"], data["template_faults"], data["accepted"]) == (
        None,
        None,
        [],
        [],
    )
    assert start["findings"][-1]["outcome"] == "needs_review"
    assert sum(len(p["findings"]) for p in data["pages"]) == N_FINDINGS


def test_csv_has_bom_one_row_per_finding_and_no_formulas(tmp_path: Path) -> None:
    (path,) = write_reports(RUN, PAGES, RULES, tmp_path, ["csv"])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header == [
        "page_url",
        "rule",
        "source",
        "outcome",
        "impact",
        "wcag",
        "best_practice",
        "selector",
        "snippet",
        "help",
        "message",
        "owner",
        "fingerprint",
        "template",
    ]
    assert len(body) == N_FINDINGS
    assert {row[13] for row in body} == {"false"}  # no fault is on enough pages
    assert body[0][5] == "wcag2aa wcag143"
    assert body[0][9] == "Element måste ha tillräcklig färgkontrast"
    cells = [cell for row in body for cell in row]
    assert "'" + FORMULA_SNIPPET in cells
    assert {"'@media-x", "'-a.mer", "'+a.har"} <= set(cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


def test_findings_csv_keeps_quotes_and_newlines_inside_cells() -> None:
    page = PageResult(
        "https://kommun.example/x",
        PageStatus.AUDITED,
        findings=(_f("list", "moderate", snippet='<p>"a";\nb</p>'),),
    )
    rows = list(csv.reader(io.StringIO(findings_csv([page], RULES)), delimiter=";"))
    assert rows[1][8] == '<p>"a";\nb</p>'


def test_write_reports_writes_requested_formats(tmp_path: Path) -> None:
    out = tmp_path / "ut" / "rapport"
    paths = write_reports(RUN, PAGES, RULES, out, ["csv", "html", "json"])
    assert [p.name for p in paths] == [
        "report.html", "sidor", "report.json", "pages.jsonl", "findings.csv"]
    assert sorted(os.listdir(out)) == [
        "findings.csv", "pages.jsonl", "report.html", "report.json", "sidor"]
    assert sorted(os.listdir(out / "sidor")) == ["adresser.html", "index.html", "sidor-1.html"]
    with pytest.raises(ValueError, match="docx"):
        write_reports(RUN, PAGES, RULES, out, ["docx"])


def test_failed_write_leaves_no_report_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)  # after the bytes went to the temp file
    with pytest.raises(OSError, match="No space"):
        write_reports(RUN, PAGES, RULES, tmp_path, ["html"])
    assert os.listdir(tmp_path) == []


def test_failed_replace_keeps_the_previous_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "report.json").write_text("previous", encoding="utf-8")

    def refuse(src: str, dst: str) -> None:
        raise PermissionError("locked")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        write_reports(RUN, PAGES, RULES, tmp_path, ["json"])
    assert os.listdir(tmp_path) == ["report.json"]
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == "previous"


@contextmanager
def chromium_driver() -> Iterator[WebDriver]:
    """A real headless Chromium for a test, with a throwaway profile and no outside DNS."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="klarsyn-test-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def axe_violations(report: Path) -> list[tuple[str, list[object]]]:
    """Run axe-core over ``report`` in real Chromium, every <details> open: (rule, targets)."""
    with chromium_driver() as driver:
        return axe_in(driver, report)


def axe_in(driver: WebDriver, page: Path) -> list[tuple[str, list[object]]]:
    """axe-core over the file ``page`` in a running ``driver``, every <details> open."""
    driver.get(page.as_uri())
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
    results = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',"
        " 'wcag21aa', 'best-practice']}}).then(done, e => done({error: String(e)}));"
    )
    assert "error" not in results
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in results["violations"]]


NEEDS_AXE = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists() and AXE_JS.exists()),
    reason="needs Debian chromium, chromium-driver and npm axe-core",
)


@pytest.mark.browser
@NEEDS_AXE
def test_axe_finds_no_violations_in_the_report(tmp_path: Path) -> None:
    report, _sidor = write_reports(RUN, PAGES, RULES, tmp_path, ["html"])
    assert axe_violations(report) == []


#: The synthetic run with one owner: the start page is nobody's, /bygga the owner's.
OWNED_RUN = dataclasses.replace(
    RUN,
    settings={
        **RUN.settings,
        "owners": [
            {"name": "Samhällsbyggnadsnämnden", "patterns": ["/bygga"], "contact": "sbn@x.se"}
        ],
    },
)


@pytest.mark.browser
@NEEDS_AXE
@pytest.mark.parametrize("owner", ["Samhällsbyggnadsnämnden", "ingen ägare"])
def test_axe_finds_no_violations_in_an_owners_report(tmp_path: Path, owner: str) -> None:
    report, _sidor = write_reports(OWNED_RUN, PAGES, RULES, tmp_path, ["html"], owner=owner)
    html = report.read_text(encoding="utf-8")
    assert f"Tillgänglighet och läsbarhet: {owner}" in html  # the owner's report indeed
    assert axe_violations(report) == []


def test_every_ledger_reason_reads_as_swedish_in_the_report() -> None:
    for reason in Reason:
        assert reason_label(reason) != reason.value, reason  # the code itself: no label
    assert reason_label("http_503") == "HTTP-status 503"


def test_a_rules_section_names_its_en_301_549_clauses(tmp_path: Path) -> None:
    path, _sidor = write_reports(RUN, PAGES, RULES, tmp_path, ["html"])
    text = " ".join(path.read_text(encoding="utf-8").split())
    assert (
        "<dt>Krav</dt><dd>WCAG 1.4.3 (nivå AA, WCAG 2.0) · EN 301 549: 9.1.4.3 · Påverkar: "
        "användning med nedsatt syn, användning med nedsatt färgseende</dd>"
    ) in text
