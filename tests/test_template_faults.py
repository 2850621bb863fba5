"""Template faults: one fault in the shared template is shown once as "1 fel × N sidor".

Twelve audited pages share a footer link without text (a template fault on ten of them);
an image without alt text on one page and a form field without a label on two are
editorial faults and stay per page.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from audits.fingerprint import site_key
from audits.model import Finding, Outcome, PageResult, PageStatus, RuleInfo, RunInfo, Source
from reports.reporters.files import write_reports
from reports.view import build_view
from reports.viewmodel.report import ReportView
from tests.htmlfiles import render_all

SITE = "https://www.kommun.example"
SBN = "Samhällsbyggnadsnämnden"
HOSTILE = '<a class="sociala" href="/x"><script>alert("mall")</script></a>'
FOOTER = Finding("link-name", Source.AXE, Outcome.VIOLATION, "serious", ("wcag2a", "wcag244"),
                 "footer > a.sociala", HOSTILE)  # fmt: skip
ALT = Finding("image-alt", Source.AXE, Outcome.VIOLATION, "critical", ("wcag2a", "wcag111"),
              "main img", '<img src="/bild.jpg">')  # fmt: skip
LABEL = Finding("label", Source.AXE, Outcome.VIOLATION, "critical", ("wcag2a",), "#sok",
                '<input id="sok">')  # fmt: skip
RULES = {
    "link-name": RuleInfo("link-name", Source.AXE, "Länkar måste ha urskiljbar text", "", "",
                          ("wcag2a", "wcag244")),
    "image-alt": RuleInfo("image-alt", Source.AXE, "Bilder måste ha alternativtext", "", "",
                          ("wcag2a", "wcag111")),
}  # fmt: skip
PATHS = [f"/bygga/sida-{n}" for n in range(2)] + [f"/om/sida-{n:02}" for n in range(10)]


def _page(path: str, *findings: Finding) -> PageResult:
    return PageResult(SITE + path, PageStatus.AUDITED, http_status=200, content_type="text/html",
                      title=path, findings=findings)  # fmt: skip


# The footer fault on the first ten pages (both /bygga pages among them); the image on one
# page, the label on two: below the template threshold (three pages).
PAGES = [
    _page(path, *([FOOTER] if n < 10 else []), *([ALT] if n == 3 else []),
          *([LABEL] if n in (4, 5) else []))
    for n, path in enumerate(PATHS)
]  # fmt: skip
RUN = RunInfo(3, SITE + "/", "2026-05-04T02:00:00+02:00", "2026-05-04T02:10:00+02:00",
              "0.2.0", "4.14.1", "156.0",
              {"owners": [{"name": SBN, "patterns": ["/bygga"], "contact": ""}]})  # fmt: skip
FOOTER_PAGES = [SITE + p for p in PATHS[:10]]


@pytest.fixture(scope="module")
def view() -> ReportView:
    return build_view(RUN, PAGES, RULES)


@pytest.fixture(scope="module")
def html(view: ReportView) -> str:
    return render_all(view)


def test_a_fault_on_ten_pages_is_one_template_fault(view: ReportView) -> None:
    (fault,) = view.template_faults
    assert (fault.rule, fault.site_key, fault.pages, fault.occurrences) == (
        "link-name", site_key(FOOTER), 10, 10)  # fmt: skip
    assert [e.page.text for e in fault.examples] == FOOTER_PAGES[:5]
    assert all(e.anchor.startswith("sida-") for e in fault.examples)
    assert (fault.kind_label, fault.impact_label, fault.rule_anchor) == (
        "fel mot WCAG", "allvarlig", "regel-link-name")  # fmt: skip
    assert (fault.selector, fault.snippet) == (FOOTER.selector, HOSTILE)
    t = view.template
    assert (t.faults, t.template_occurrences, t.template_pages) == (1, 10, 10)
    assert (t.editorial_occurrences, t.editorial_pages) == (3, 3)


def test_editorial_faults_stay_per_page_and_template_faults_stay_marked(view: ReportView) -> None:
    by_url = {p.url.text: p for p in view.pages}
    editorial = by_url[SITE + PATHS[3]]
    marks = {g.rule.id: [e.template for e in g.evidence] for g in editorial.violations}
    assert marks == {"image-alt": [None], "link-name": ["mallfel-1"]}
    assert (editorial.wcag_count, editorial.template_count) == (2, 1)
    assert by_url[SITE + PATHS[11]].violations == ()
    label = next(r for r in view.rules if r.id == "label")
    assert len(label.pages) == 2
    assert all(s.template is None for s in label.samples)
    # The rule itself still lists every page it hit: nothing is dropped by the grouping.
    link = next(r for r in view.rules if r.id == "link-name")
    assert (len(link.pages), link.occurrences) == (10, 10)


def test_html_shows_the_template_fault_once_near_the_top_of_rules(html: str) -> None:
    rules = html[html.index('id="rubrik-regler"'):html.index('id="undantag"')]
    assert rules.count("1 fel × 10 sidor") == 1
    assert rules.index("Mallfel – fel i sidmallen (1)") < rules.index("Fel (3 regler)")
    assert "CMS-leverantören eller webbgruppen" in rules
    assert "redaktionella fel" in rules
    assert "Exempel på sidor (5 av 10)" in rules
    # The page files, in sidor/, link back to the fault in report.html.
    pages = html[html.index('<section class="page-detail"'):]
    link = '<a class="tag tag-template" href="../report.html#mallfel-1">mallfel</a>'
    assert pages.count(link) == 10
    assert "2 fel mot WCAG (varav 1 mallfel)" in pages
    # The hostile snippet is text wherever it is shown.
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(&#34;mall&#34;)&lt;/script&gt;" in rules


def test_json_lists_template_faults_and_marks_each_finding(tmp_path: Path) -> None:
    path, _jsonl = write_reports(RUN, PAGES, RULES, tmp_path, ["json"])
    data = json.loads(path.read_text(encoding="utf-8"))
    (fault,) = data["template_faults"]
    assert {k: fault[k] for k in ("rule", "site_key", "pages", "examples", "impact")} == {
        "rule": "link-name",
        "site_key": site_key(FOOTER),
        "pages": 10,
        "examples": FOOTER_PAGES[:5],
        "impact": "serious",
    }
    findings = [(p["url"], f) for p in data["pages"] for f in p["findings"]]
    assert {f["rule"]: f["template"] for _, f in findings} == {
        "link-name": True, "image-alt": False, "label": False}  # fmt: skip
    assert all(re.fullmatch(r"[0-9a-f]{16}", f["fingerprint"]) for _, f in findings)
    footer = {f["fingerprint"] for _, f in findings if f["rule"] == "link-name"}
    assert len(footer) == 10  # the same fault on ten pages: ten identities, one site key


def test_csv_has_fingerprint_and_template_columns(tmp_path: Path) -> None:
    (path,) = write_reports(RUN, PAGES, RULES, tmp_path, ["csv"])
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert "status" not in rows[0]  # no diff: no status column
    assert sorted((r["rule"], r["template"]) for r in rows).count(("link-name", "true")) == 10
    assert {r["template"] for r in rows if r["rule"] != "link-name"} == {"false"}
    assert all(len(r["fingerprint"]) == 16 for r in rows)


def test_an_owners_report_marks_template_faults_decided_on_the_whole_site(
    tmp_path: Path,
) -> None:
    # Two of the ten footer pages are the owner's: too few alone, but the template is shared.
    view = build_view(RUN, PAGES, RULES, owner=SBN)
    (fault,) = view.template_faults
    assert fault.pages == 2
    html_path, _sidor, json_path, _jsonl, csv_path = write_reports(
        RUN, PAGES, RULES, tmp_path, ["html", "json", "csv"], owner=SBN)  # fmt: skip
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert [f["template"] for p in data["pages"] for f in p["findings"]] == [True, True]
    assert data["template_faults"][0]["pages"] == 2
    rows = list(csv.DictReader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig")),
                               delimiter=";"))  # fmt: skip
    assert [r["template"] for r in rows] == ["true", "true"]
    assert "1 fel × 2 sidor" in html_path.read_text(encoding="utf-8")


def test_without_template_faults_the_section_says_so() -> None:
    html = render_all(build_view(RUN, PAGES[10:], RULES))
    assert "Mallfel – fel i sidmallen (0)" in html
    assert "Inga mallfel hittades" in html
