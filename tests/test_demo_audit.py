"""The demo audit, end to end: every known fault on the right page, nothing else.

One real `klarsyn audit` (no URL: the bundled demo site, served by klarsyn
itself) with best-practice rules on, checked against crawler/demo/manifest.json.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from crawler.demo import load_manifest
from tests.conftest import REPO, DemoAudit

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo(demo_audit: DemoAudit) -> tuple[int, str, Path]:
    return demo_audit.code, demo_audit.stderr, demo_audit.out


@pytest.fixture(scope="module")
def pages(demo: tuple[int, str, Path]) -> dict[str, dict[str, Any]]:
    report = json.loads((demo[2] / "report.json").read_text(encoding="utf-8"))
    return {
        urlsplit(p["url"]).path: p for p in report["pages"] if p["url"].startswith("http://127.")
    }


def _rules(page: dict[str, Any], *, best_practice: bool) -> set[str]:
    return {
        f["rule"]
        for f in page["findings"]
        if f["source"] == "axe"
        and f["outcome"] == "violation"
        and f["best_practice"] is best_practice
    }


def test_exit_code_and_outputs(demo: tuple[int, str, Path]) -> None:
    code, stderr, out = demo
    assert code == 2, stderr  # the demo has violations
    assert "auditing the bundled demo site at http://127.0.0.1:" in stderr
    for name in ("report.html", "report.json", "findings.csv", "klarsyn.sqlite"):
        assert (out / name).is_file(), name


def test_the_cookie_banner_is_answered_and_reported_once(
    demo: tuple[int, str, Path], pages: dict[str, dict[str, Any]],
) -> None:
    """The demo's modal banner (files/js/kakbanner.js) is rejected before the pages are
    audited (crawler.demo.CONSENT): its two faults are its own item, on no page."""
    report = json.loads((demo[2] / "report.json").read_text(encoding="utf-8"))
    consent = report["consent"]
    assert (consent["state"], consent["third_party"]) == ("given", False)
    assert consent["script_url"].endswith("/js/kakbanner.js")
    assert {(f["rule"], f["selector"]) for f in consent["findings"]
            if f["outcome"] == "violation"} >= {("button-name", ".kakbanner-stang"),
                                                ("color-contrast", ".kakbanner-finstilt")}
    for path, page in pages.items():
        assert not any("kakbanner" in f["selector"] + f["snippet"] for f in page["findings"]), path
    html = (demo[2] / "report.html").read_text(encoding="utf-8")
    assert '<section id="kakbanner"' in html


def test_every_manifest_page_is_audited_and_nothing_else(
    pages: dict[str, dict[str, Any]],
) -> None:
    manifest = load_manifest()
    expected = {p["path"] for p in manifest["pages"]}
    audited = {path for path, p in pages.items() if p["outcome"] == "audited"}
    assert audited == expected


def test_each_page_has_exactly_its_known_faults(pages: dict[str, dict[str, Any]]) -> None:
    manifest = load_manifest()
    template = {f["rule"] for f in manifest["template_faults"]}
    frames: dict[str, set[str]] = {}
    for frame in manifest["frames"]:
        frames.setdefault(frame["page"], set()).update(frame["axe"])
    for entry in manifest["pages"]:
        page = pages[entry["path"]]
        want = set(entry["axe"]) | template | frames.get(entry["path"], set())
        assert _rules(page, best_practice=False) == want, entry["path"]
        assert _rules(page, best_practice=True) == set(entry["best_practice"]), entry["path"]


def test_the_template_fault_is_on_every_page_at_its_selector(
    pages: dict[str, dict[str, Any]],
) -> None:
    manifest = load_manifest()
    for fault in manifest["template_faults"]:
        for entry in manifest["pages"]:
            hits = [
                f["selector"]
                for f in pages[entry["path"]]["findings"]
                if f["rule"] == fault["rule"]
            ]
            assert hits == [fault["selector"]], entry["path"]


def test_clean_pages_report_only_the_template_fault(pages: dict[str, dict[str, Any]]) -> None:
    manifest = load_manifest()
    template = {f["rule"] for f in manifest["template_faults"]}
    clean = [p for p in manifest["pages"] if p["clean"]]
    assert len(clean) >= 20
    for entry in clean:
        violations = {
            f["rule"]
            for f in pages[entry["path"]]["findings"]
            if f["source"] == "axe" and f["outcome"] == "violation"
        }
        assert violations == template, entry["path"]


def test_the_fault_inside_an_iframe_is_reported_through_the_frame(
    pages: dict[str, dict[str, Any]],
) -> None:
    for frame in load_manifest()["frames"]:
        for rule in frame["axe"]:
            selectors = [
                f["selector"] for f in pages[frame["page"]]["findings"] if f["rule"] == rule
            ]
            assert selectors
            assert all(s.startswith("iframe >>> ") for s in selectors)


def test_needs_review_is_kept_apart(pages: dict[str, dict[str, Any]]) -> None:
    for item in load_manifest()["needs_review"]:
        findings = pages[item["page"]]["findings"]
        outcomes = {f["outcome"] for f in findings if f["rule"] == item["rule"]}
        assert outcomes == {"needs_review"}, item


def test_ledger_documents_broken_link_and_robots(pages: dict[str, dict[str, Any]]) -> None:
    manifest = load_manifest()
    for doc in manifest["documents"]:
        page = pages[doc["path"]]
        assert (page["outcome"], page["reason"], page["status"]) == ("skipped", "not_html", 200)
        assert page["content_type"] == doc["content_type"]
    for link in manifest["broken_links"]:
        page = pages[link["to"]]
        assert (page["outcome"], page["reason"], page["status"]) == ("failed", "http_404", 404)
        assert urlsplit(page["referrer"]).path == link["from"]
    for blocked in manifest["robots_disallowed"]:
        page = pages[blocked["path"]]
        assert (page["outcome"], page["reason"], page["status"]) == ("skipped", "robots_txt", None)
    for frame in manifest["frames"]:
        assert frame["frame"] not in pages  # audited as part of its page, not alone


def test_hard_and_easy_text_are_told_apart(pages: dict[str, dict[str, Any]]) -> None:
    for entry in load_manifest()["pages"]:
        readability = pages[entry["path"]]["readability"]
        if entry["text"] == "hard":
            assert readability["lix"] >= 55, entry["path"]
            assert readability["band"] == "very_hard"
        elif entry["text"] == "easy":
            assert readability["lix"] <= 30, entry["path"]
            assert readability["band"] == "very_easy"


def test_csv_has_one_row_per_occurrence(
    demo: tuple[int, str, Path], pages: dict[str, dict[str, Any]]
) -> None:
    with (demo[2] / "findings.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert len(rows) == sum(len(p["findings"]) for p in pages.values())


def test_html_report_is_swedish_and_names_the_rules_in_swedish(
    demo: tuple[int, str, Path],
) -> None:
    html = (demo[2] / "report.html").read_text(encoding="utf-8")
    assert '<html lang="sv"' in html
    assert "Bilder måste ha alternativ text" in html  # axe-core's Swedish locale
    assert "Älvbyns kommun" in html


def test_pages_are_routed_to_their_owner_and_audience(pages: dict[str, dict[str, Any]]) -> None:
    manifest = load_manifest()
    for entry in manifest["pages"]:
        page = pages[entry["path"]]
        section = manifest["sections"].get(entry["section"] or "")
        assert page["owner"] == (section["owner"] if section else None), entry["path"]
        if entry["path"].startswith("/lattlast/"):
            assert (page["audience"], page["lix_target"]) == ("lättläst", 30.0)


def test_repeated_blocks_are_template_text_and_not_scored(
    pages: dict[str, dict[str, Any]],
) -> None:
    from audits.plain_language import is_swedish
    from audits.readability import analyse

    marked = 0
    for path, page in pages.items():
        if page["outcome"] != "audited":
            continue
        for block in page["text"]:
            if block["text"].startswith("Sidansvarig: "):
                assert block["template"], path
                marked += 1
        # Scored: the page's own text in Swedish (or no declared language of its own).
        scored = [b["text"] for b in page["text"] if not b["template"] and is_swedish(b["lang"])]
        assert analyse(scored).words == page["readability"]["words"], path
    assert marked >= 40


def test_each_page_s_text_scores_are_those_of_the_site_s_whole_template(
    demo: tuple[int, str, Path],
) -> None:
    """The crawl scored each page without the template text of its first pages
    (EarlyTemplate) and the pass after it scored again only the pages the site's whole
    template marks otherwise: every page's stored readability and klarspråk findings
    are what scoring it from scratch with the whole template gives."""
    from dataclasses import replace

    from audits.model import Source, TextBlock
    from audits.plain_language import RULES
    from audits.sitetext import audit_text, mark_template, template_texts
    from crawler.config import AuditConfig
    from reports.store import Store

    config = AuditConfig()
    with Store(demo[2] / "klarsyn.sqlite") as store:
        run = store.latest_run_id()
        loaded = [p for p in store.load_pages(run) if p.blocks]
    unmarked = [tuple(TextBlock(b.kind, b.text, lang=b.lang) for b in p.blocks) for p in loaded]
    template = template_texts(unmarked)
    assert template  # the demo site has template text ("Sidansvarig: …")
    for page, blocks in zip(loaded, unmarked, strict=True):
        marked = mark_template(blocks, template)
        assert page.blocks == marked, page.url
        readability, findings = audit_text(
            marked, page.lang, config.min_words, config.klarsprak_off
        )
        assert page.readability == readability, page.url
        stored = [
            replace(f, fingerprint="")  # the store's, not the check's
            for f in page.findings
            if f.source is Source.KLARSYN and f.rule in RULES
        ]
        assert sorted(map(repr, stored)) == sorted(map(repr, findings)), page.url


def test_every_policy_instance_is_found_on_its_page_and_owner_and_not_on_its_twin(
    pages: dict[str, dict[str, Any]],
) -> None:
    instances = load_manifest()["policy"]
    assert {e["rule"] for e in instances} >= {
        "policy-broken-link",
        "policy-stale-page",
        "policy-stale-document",
        "policy-h1-count",
        "policy-title-duplicate",
        "policy-title-pattern",
        "policy-lang-mismatch",
        "policy-template-inconsistent",
        "policy-link-text",
        "policy-link-text-ambiguous",
        "policy-foreign-passage",
        "policy-pdf-untagged",
        "policy-pdf-no-title",
        "policy-pdf-no-lang",
        "policy-pdf-scanned",
        "policy-statement-unreachable",
        "policy-personal-data",
        "policy-lix-over-target",
    }
    for entry in instances:
        page, twin = pages[entry["page"]], pages[entry["twin"]]
        assert entry["rule"] in {f["rule"] for f in page["findings"]}, entry
        assert page["owner"] == entry["owner"], entry
        assert entry["rule"] not in {f["rule"] for f in twin["findings"]}, entry


def test_site_level_policy_checks_pass_on_the_demo(pages: dict[str, dict[str, Any]]) -> None:
    """The demo's start page leads to lättläst and other languages, and its
    accessibility statement holds everything DIGG requires."""
    site_rules = {
        "policy-lattlast-unreachable",
        "policy-languages-unreachable",
        "policy-statement-content",
    }
    found = {f["rule"] for p in pages.values() for f in p["findings"]}
    assert not found & site_rules


def test_personal_data_is_never_written_out(demo: tuple[int, str, Path]) -> None:
    for name in ("report.html", "report.json", "findings.csv", "klarsyn.log"):
        text = (demo[2] / name).read_text(encoding="utf-8-sig")
        assert "121212-1212" not in text, name
        assert "1212121212" not in text, name


def test_one_owners_report_holds_only_its_pages(
    demo: tuple[int, str, Path], tmp_path: Path
) -> None:
    owner = "Socialförvaltningen"
    out = tmp_path / "social"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "klarsyn",
            "report",
            str(demo[2] / "klarsyn.sqlite"),
            "--owner",
            owner,
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 2, done.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["owner"] == owner
    owners = {p["owner"] for p in report["pages"]}
    assert owners == {owner}
    paths = {urlsplit(p["url"]).path for p in report["pages"]}
    assert "/omsorg-och-stod/fardtjanst/" in paths
    assert "/bygga-och-bo/strandskydd/" not in paths
    html = (out / "report.html").read_text(encoding="utf-8")
    assert owner in html

    unknown = subprocess.run(
        [
            sys.executable,
            "-m",
            "klarsyn",
            "report",
            str(demo[2] / "klarsyn.sqlite"),
            "--owner",
            "Tekniska förvaltningen",
            "--out",
            str(tmp_path / "x"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )
    assert unknown.returncode == 1
    assert "unknown owner 'Tekniska förvaltningen'" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_the_template_fault_is_reported_once_with_its_page_count(
    demo: tuple[int, str, Path],
) -> None:
    manifest = load_manifest()
    report = json.loads((demo[2] / "report.json").read_text(encoding="utf-8"))
    template = {f["rule"] for f in manifest["template_faults"]}
    entries = [t for t in report["template_faults"] if t["rule"] in template]
    assert len(entries) == len(template)  # once each, not once per page
    # The campaign page's footer variant has the same fault in other markup: counted apart.
    assert entries[0]["pages"] >= len(manifest["pages"]) - 1
    html = (demo[2] / "report.html").read_text(encoding="utf-8")
    assert f"1 fel × {entries[0]['pages']} sidor" in html
    assert not [
        t for t in report["template_faults"] if t["rule"].startswith(("policy-", "klarsprak-"))
    ]


def _flagged(page: dict[str, Any], expected: dict[str, str]) -> list[dict[str, Any]]:
    """The page's klarspråk findings that match a manifest entry: its rule, and the word
    its message quotes ("word") or the sentence its snippet starts with ("sentence")."""
    return [
        f
        for f in page["findings"]
        if f["source"] == "klarsyn"
        and f["rule"] == expected["rule"]
        and (
            f"'{expected['word']}'" in f["message"]
            if "word" in expected
            else f["snippet"].startswith(expected["sentence"])
        )
    ]


def test_script_made_content_is_read_from_the_rendered_view(
    pages: dict[str, dict[str, Any]],
) -> None:
    """The events calendar's text, links and faults exist only once its script has run:
    klarsyn reads every page as the browser rendered it, and says so."""
    audited = [p for p in pages.values() if p["outcome"] == "audited"]
    assert {p["text_view"] for p in audited} == {"rendered"}  # no page fell back
    scripted = [e for e in load_manifest()["pages"] if "script_content" in e]
    assert scripted
    for entry in scripted:
        content, page = entry["script_content"], pages[entry["path"]]
        assert page["text_view"] == "rendered", entry["path"]
        assert not [b for b in page["text"] if content["placeholder"] in b["text"]]
        # The served page has under ten words; the calendar alone over two hundred.
        assert page["readability"]["words"] >= 150, entry["path"]
        for expected in content["klarsprak"]:
            assert _flagged(page, expected), (entry["path"], expected)
        rules = {f["rule"] for f in page["findings"]}
        assert set(content["policy"]) <= rules, entry["path"]
        if "policy-link-text" in content["policy"]:
            vague = [f["snippet"] for f in page["findings"] if f["rule"] == "policy-link-text"]
            hrefs = {f'href="{link["to"]}"' for link in content["links"]}
            assert any(href in snippet for href in hrefs for snippet in vague), vague


def test_the_page_only_a_script_links_to_is_found_by_the_browser(
    pages: dict[str, dict[str, Any]],
) -> None:
    manifest = load_manifest()
    by_browser = [e for e in manifest["pages"] if e.get("found_by") == "browser"]
    assert by_browser
    found = {e["path"] for e in manifest["pages"] if pages[e["path"]]["found_by"] == "browser"}
    assert found == {e["path"] for e in by_browser}
    scripted = {e["path"] for e in manifest["pages"] if "script_content" in e}
    for entry in by_browser:
        page = pages[entry["path"]]
        assert page["outcome"] == "audited", entry["path"]
        assert urlsplit(page["referrer"]).path in scripted, entry["path"]
        assert set(entry["axe"]) <= _rules(page, best_practice=False), entry["path"]
        assert "image-alt" in entry["axe"]


def _quotes(finding: dict[str, Any], text: str) -> bool:
    """Whether a finding quotes ``text``: in its snippet, or one of its words in its message."""
    words = {f"'{word.strip('.,:;()')}'" for word in text.split()}
    snippet = finding["snippet"]
    return snippet in text or text in snippet or any(w in finding["message"] for w in words)


def test_declared_languages_tables_of_contents_and_form_controls_get_no_klarsprak_flag(
    pages: dict[str, dict[str, Any]],
) -> None:
    """Crawled for real: a passage declared English, Finnish or Arabic, a same-origin frame
    whose document is English, a table of contents and a form's legend, label and button
    keep their kind and language through the browser, the store and the text pass after
    the crawl, and no klarspråk finding quotes them; the Swedish text's faults are found.
    The policy finding for an undeclared passage is still made where it is planted."""
    manifest = load_manifest()
    structured = [e for e in manifest["pages"] if "text_structure" in e]
    assert structured
    for entry in structured:
        page, structure = pages[entry["path"]], entry["text_structure"]
        assert page["text_view"] == "rendered"
        for expected in structure["klarsprak"]:
            assert _flagged(page, expected), (entry["path"], expected)
        flags = [f for f in page["findings"] if f["rule"].startswith("klarsprak-")]
        for item in structure["not_prose"]:
            (block,) = [b for b in page["text"] if b["text"].startswith(item["text"])]
            assert (block["kind"], block["lang"], block["template"]) == (
                item["kind"],
                item["lang"],
                False,
            ), item
            assert not [f for f in flags if _quotes(f, block["text"])], item
        assert "policy-foreign-passage" not in {f["rule"] for f in page["findings"]}
    planted = [e for e in manifest["policy"] if e["rule"] == "policy-foreign-passage"]
    assert planted
    for e in planted:
        found = [f for f in pages[e["page"]]["findings"] if f["rule"] == "policy-foreign-passage"]
        assert found, e
        assert all(f["source"] == "klarsyn" and f["selector"] for f in found), e


def test_wcag_findings_carry_their_criteria_and_en_301_549_clauses(
    pages: dict[str, dict[str, Any]],
) -> None:
    """wcag111 ↔ criterion 1.1.1 ↔ clause 9.1.1.1 (10.1.1.1 for our document rules)."""
    from audits.policy import RULES
    from audits.requirements import criteria_from_tags, requirements

    mapped = 0
    for page in pages.values():
        for f in page["findings"]:
            criteria = list(criteria_from_tags(f["wcag"]))
            assert f["criteria"] == criteria, f
            rule = RULES.get(f["rule"])
            clause = 10 if rule is not None and rule.document else 9
            known = [c for c in criteria if c in requirements().criteria]
            assert f["en301549"] == [f"{clause}.{c}" for c in known], f
            if f["source"] == "axe" and f["outcome"] == "violation" and not f["best_practice"]:
                assert f["criteria"], f
                assert f["en301549"], f
                mapped += 1
            if rule is not None and rule.related:
                assert (f["wcag"], f["criteria"]) == ([], []), f
                assert f["related_criteria"] == list(rule.related), f
    assert mapped > 0
