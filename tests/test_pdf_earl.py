"""report.pdf and report.earl.jsonld: the report printed by real Chromium, the WCAG results
as EARL read back by a real JSON-LD processor (PyLD).

The PDF and the EARL of a real run come from the shared demo audit's store, rendered again
with ``klarsyn report STORE --format pdf,json,earl``; their figures are compared with
report.json of the same command. The EARL of the synthetic run of tests/test_reports.py
checks the shape (outcomes, pointers, tests, hostile strings) without a browser.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld
from pypdf import PdfReader

from audits.model import Finding, FindingKind, kind_of
from audits.requirements import requirements
from audits.wcagids import criterion_iri
from crawler.browser.printer import ChromiumPrinter
from klarsyn import render
from klarsyn.cli import main
from reports.reporters.earlreport import earl_document, included
from reports.reporters.files import ReportsFailed, write_reports
from reports.reporters.pdfreport import PrintError
from tests.conftest import REPO, DemoAudit
from tests.test_reports import (
    CHROMEDRIVER,
    CHROMIUM,
    HOSTILE_TITLE,
    PAGES,
    QUOTED_SELECTOR,
    RULES,
    RUN,
)

EARL = "http://www.w3.org/ns/earl#"
DCT = "http://purl.org/dc/terms/"
PTR = "http://www.w3.org/2009/pointers#"
PDFTOTEXT = shutil.which("pdftotext")

NEEDS_PRINT = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists() and PDFTOTEXT),
    reason="needs Debian chromium, chromium-driver and poppler-utils (pdftotext)",
)


# -- EARL: read by a JSON-LD processor ------------------------------------------------


class Graph:
    """An EARL document flattened by PyLD: its nodes by id, its assertions."""

    def __init__(self, document: dict[str, Any]) -> None:
        # Expanded first: a context or term the processor cannot read fails here.
        assert jsonld.expand(document)
        flat = jsonld.flatten(document)
        nodes = flat["@graph"] if isinstance(flat, dict) else flat
        self.nodes: dict[str, dict[str, Any]] = {n["@id"]: n for n in nodes}
        self.assertions = [n for n in nodes if EARL + "Assertion" in n.get("@type", [])]

    def one(self, node: dict[str, Any], prop: str) -> dict[str, Any]:
        """The node ``prop`` refers to (flattened: every object is a reference)."""
        (ref,) = node[prop]
        return self.nodes.get(ref["@id"], ref)

    def value(self, node: dict[str, Any], prop: str) -> str:
        (item,) = node[prop]
        return str(item.get("@value", item.get("@id")))

    def rows(self) -> list[tuple[str, str, str, list[str]]]:
        """(page URL, rule id, outcome, pointer expressions) of every assertion."""
        result = []
        for a in self.assertions:
            subject, test = self.one(a, EARL + "subject"), self.one(a, EARL + "test")
            res = self.one(a, EARL + "result")
            pointers = [self.nodes[p["@id"]] for p in res.get(EARL + "pointer", [])]
            result.append(
                (
                    self.value(subject, DCT + "source"),
                    self.value(test, DCT + "identifier"),
                    self.value(res, EARL + "outcome").removeprefix(EARL),
                    [self.value(p, PTR + "expression") for p in pointers],
                )
            )
        return result


OUTCOME_OF = {FindingKind.WCAG: "failed", FindingKind.NEEDS_REVIEW: "cantTell"}


@pytest.fixture(scope="module")
def synthetic() -> Graph:
    from reports.prepare import prepare

    return Graph(earl_document(prepare(RUN, PAGES, RULES)))


def test_earl_states_each_page_rule_and_outcome_once(synthetic: Graph) -> None:
    expected: Counter[tuple[str, str, str]] = Counter()
    for page in PAGES:
        keys = {(page.url, f.rule, OUTCOME_OF[kind_of(f)]) for f in page.findings if included(f)}
        expected.update(keys)
    got = Counter((url, rule, outcome) for url, rule, outcome, _ in synthetic.rows())
    assert got == expected
    # The start page: color-contrast fails on three elements and needs review on a fourth,
    # two assertions that keep needs review apart; best practice (region) is left out.
    start = {(r, o): p for u, r, o, p in synthetic.rows() if u == "https://kommun.example/"}
    assert start[("color-contrast", "failed")] == [".puff-0", ".puff-1", ".puff-2"]
    assert start[("color-contrast", "cantTell")] == [".hero h1"]
    assert not any(rule == "region" for rule, _ in start)
    # klarsyn's own checks are no WCAG tests, even with a WCAG tag (klarsyn-link-text).
    assert not any(rule.startswith("klarsyn") for _, rule, _, _ in synthetic.rows())


def test_earl_tests_name_their_rule_and_wcag_criteria(synthetic: Graph) -> None:
    tests = {
        synthetic.value(n, DCT + "identifier"): n
        for n in synthetic.nodes.values()
        if EARL + "TestCase" in n.get("@type", [])
    }
    image_alt = tests["image-alt"]
    assert image_alt["@id"] == "https://dequeuniversity.com/rules/axe/4.14/image-alt"
    (criterion,) = image_alt[DCT + "isPartOf"]
    assert criterion["@id"] == "https://www.w3.org/TR/WCAG21/#non-text-content"
    assert EARL + "TestRequirement" in synthetic.nodes[criterion["@id"]]["@type"]
    # A help URL that is no web address is never an IRI: the test is a blank node.
    assert tests["link-name"]["@id"].startswith("_:")


def test_earl_assertor_is_klarsyn_with_axe_core_and_the_browser(synthetic: Graph) -> None:
    (assertor,) = {synthetic.one(a, EARL + "assertedBy")["@id"] for a in synthetic.assertions}
    group = synthetic.nodes[assertor]
    main_assertor = synthetic.one(group, EARL + "mainAssertor")
    assert synthetic.value(main_assertor, DCT + "title") == "klarsyn"
    members = {
        synthetic.value(m, DCT + "title"): synthetic.value(m, DCT + "hasVersion")
        for m in (synthetic.nodes[ref["@id"]] for ref in group["http://xmlns.com/foaf/0.1/member"])
    }
    assert members == {
        "klarsyn": RUN.tool_version,
        "axe-core": RUN.axe_version,
        "Chromium (headless)": RUN.browser_version,
    }


def test_earl_keeps_page_strings_as_data(synthetic: Graph) -> None:
    titles = [
        synthetic.value(n, DCT + "title")
        for n in synthetic.nodes.values()
        if EARL + "TestSubject" in n.get("@type", [])
    ]
    assert HOSTILE_TITLE in titles
    pointers = [p for *_, ps in synthetic.rows() for p in ps]
    assert QUOTED_SELECTOR in pointers


def test_every_wcag_criterion_has_its_iri() -> None:
    numbers = list(requirements().criteria)
    iris = [criterion_iri(number) or "" for number in numbers]
    fragments = [iri.removeprefix("https://www.w3.org/TR/WCAG21/#") for iri in iris]
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", f) for f in fragments), fragments
    assert len(set(fragments)) == len(numbers) == 50
    assert criterion_iri("1.4.3") == "https://www.w3.org/TR/WCAG21/#contrast-minimum"
    assert criterion_iri("4.1.2") == "https://www.w3.org/TR/WCAG21/#name-role-value"
    assert criterion_iri("2.5.8") == "https://www.w3.org/TR/WCAG22/#target-size-minimum"
    assert criterion_iri("9.9.9") is None


# -- PDF: failures that leave the other formats -----------------------------------------


def test_a_pdf_without_a_printer_fails_alone(tmp_path: Path) -> None:
    with pytest.raises(ReportsFailed) as failed:
        write_reports(RUN, PAGES, RULES, tmp_path, ["html", "pdf", "earl"])
    assert [p.name for p in failed.value.written] == [
        "report.html", "sidor", "report.earl.jsonld"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "report.earl.jsonld", "report.html", "sidor"]
    assert "needs a printer" in str(failed.value)


def test_a_missing_browser_is_a_print_error_that_says_so(tmp_path: Path) -> None:
    printer = ChromiumPrinter(chromium=str(tmp_path / "chromium"))
    with pytest.raises(PrintError, match="install the Debian packages chromium"):
        printer.print_pdf(b"<!doctype html><title>x</title>")


# -- PDF: printed by real Chromium ------------------------------------------------------


@pytest.fixture
def no_print_profiles() -> Iterator[None]:
    """Every print's profile folder is gone once the print is done."""
    pattern = "klarsyn-print-*"
    before = set(Path(tempfile.gettempdir()).glob(pattern))
    yield
    assert set(Path(tempfile.gettempdir()).glob(pattern)) <= before


@pytest.mark.browser
@NEEDS_PRINT
@pytest.mark.usefixtures("no_print_profiles")
def test_the_printer_reaches_nothing_and_sets_title_and_language() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        address = f"http://127.0.0.1:{listener.getsockname()[1]}/"
        html = (
            "<!doctype html><html lang='en-GB'><head><meta charset='utf-8'>"
            "<title>Printed – ÅÄÖ</title>"
            f"<link rel='stylesheet' href='{address}style.css'></head><body>"
            f"<h1>Heading</h1><p>Text</p><img src='{address}image.png' alt='x'>"
            f"<iframe src='{address}frame'></iframe>"
            f"<script>fetch('{address}script')</script></body></html>"
        ).encode()
        pdf = ChromiumPrinter().print_pdf(html)
        listener.setblocking(False)
        with pytest.raises(BlockingIOError):
            listener.accept()  # nothing connected: no request left the browser
    info = _pdf_info(pdf)
    assert info == {"title": "Printed – ÅÄÖ", "lang": "en-GB", "tagged": True, "outline": True}


@pytest.mark.browser
@NEEDS_PRINT
@pytest.mark.usefixtures("no_print_profiles")
def test_a_print_past_its_deadline_is_stopped_and_said() -> None:
    printer = ChromiumPrinter(timeout=0.01)
    with pytest.raises(PrintError, match=r"did not finish printing within 0.01 s"):
        printer.print_pdf(b"<!doctype html><html lang='sv'><title>x</title><p>Text</p>")


def _pdf_info(pdf: bytes) -> dict[str, object]:
    """Title, language, tagging and outline as the PDF's catalogue and info carry them."""
    import io

    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    mark = root.get("/MarkInfo")
    return {
        "title": reader.metadata.title if reader.metadata else None,
        "lang": root.get("/Lang"),
        "tagged": "/StructTreeRoot" in root and bool(mark and mark.get("/Marked")),
        "outline": "/Outlines" in root,
    }


@pytest.fixture(scope="module")
def rendered(demo_audit: DemoAudit, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``klarsyn report STORE --format html,pdf,json,earl`` of the demo audit's store."""
    out = tmp_path_factory.mktemp("pdf-earl")
    done = subprocess.run(
        [sys.executable, "-m", "klarsyn", "report", str(demo_audit.store), "--out", str(out),
         "--format", "html,pdf,json,earl"],
        capture_output=True, text=True, timeout=300, check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert done.returncode == 2, done.stderr  # the demo has violations
    return out


def _summary(report: dict[str, Any]) -> dict[str, int]:
    """The summary's figures, counted from report.json."""
    pages = report["pages"]
    findings = [(p["url"], f) for p in pages for f in p["findings"]]
    wcag = [u for u, f in findings if kind_of(_finding(f)) is FindingKind.WCAG]
    flags = [u for u, f in findings if kind_of(_finding(f)) is FindingKind.FLAG]
    policy = [u for u, f in findings if kind_of(_finding(f)) is FindingKind.POLICY]
    return {
        "found": len(pages),
        "audited": sum(p["outcome"] == "audited" for p in pages),
        "failed": sum(p["outcome"] == "failed" for p in pages),
        "skipped": sum(p["outcome"] == "skipped" for p in pages),
        "wcag": len(wcag),
        "wcag_pages": len(set(wcag)),
        "flags": len(flags),
        "flag_pages": len(set(flags)),
        "policy": len(policy),
        "policy_pages": len(set(policy)),
    }


def _finding(f: dict[str, Any]) -> Finding:
    from audits.model import Outcome, Source

    return Finding(
        f["rule"], Source(f["source"]), Outcome(f["outcome"]), f["impact"],
        best_practice=f["best_practice"],
    )  # fmt: skip


@pytest.mark.browser
@pytest.mark.slow
@NEEDS_PRINT
def test_the_pdf_holds_the_summary_figures_and_is_tagged(rendered: Path) -> None:
    report = json.loads((rendered / "report.json").read_text(encoding="utf-8"))
    n = _summary(report)
    assert n["wcag"] > 0
    assert n["flags"] > 0
    assert n["policy"] > 0
    assert PDFTOTEXT
    # -raw: the text in the order Chromium wrote it, which is the document's.
    text = subprocess.run(
        [PDFTOTEXT, "-raw", "-f", "1", "-l", "1", str(rendered / "report.pdf"), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    text = " ".join(text.split())
    for expected in (
        f"Hittade adresser {n['found']} Granskade {n['audited']}",
        f"Misslyckade {n['failed']} kunde inte granskas Överhoppade {n['skipped']}",
        f"Fel mot WCAG {n['wcag']} på {n['wcag_pages']} sidor",
        f"Klarspråksflaggor {n['flags']} på {n['flag_pages']} sidor",
        f"Anmärkningar mot policyn {n['policy']} på {n['policy_pages']} adresser",
    ):
        assert expected in text
    html = (rendered / "report.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html)
    lang = re.search(r"<html lang=\"([^\"]+)\"", html)
    assert title
    assert lang
    info = _pdf_info((rendered / "report.pdf").read_bytes())
    assert info == {"title": title[1], "lang": lang[1], "tagged": True, "outline": True}
    assert info["title"].startswith("Tillgänglighet och läsbarhet – 127.0.0.1:")


@pytest.mark.browser
@pytest.mark.slow
def test_the_earl_of_a_real_run_matches_its_report(rendered: Path) -> None:
    report = json.loads((rendered / "report.json").read_text(encoding="utf-8"))
    # The included kinds: axe-core's results of WCAG rules, by page, rule and outcome.
    outcome = {"violation": "failed", "needs_review": "cantTell"}
    expected = Counter(
        {
            (page["url"], f["rule"], outcome[f["outcome"]])
            for page in report["pages"]
            for f in page["findings"]
            if f["source"] == "axe" and not f["best_practice"]
        }
    )
    graph = Graph(json.loads((rendered / "report.earl.jsonld").read_text(encoding="utf-8")))
    got = Counter((url, rule, outcome) for url, rule, outcome, _ in graph.rows())
    assert got == expected
    assert len(graph.assertions) == len(expected) > 0
    # Each failed assertion points at every element report.json lists for it.
    elements = Counter(
        (page["url"], f["rule"]) for page in report["pages"] for f in page["findings"]
        if f["source"] == "axe" and f["outcome"] == "violation" and not f["best_practice"]
    )  # fmt: skip
    pointed = Counter()
    for url, rule, result, pointers in graph.rows():
        if result == "failed":
            pointed[(url, rule)] += len(pointers)
    assert pointed == elements
    # Every page axe-core tested carries its test time, on the subject and the result.
    for a in graph.assertions:
        subject, result = graph.one(a, EARL + "subject"), graph.one(a, EARL + "result")
        (date,) = subject[DCT + "date"]
        assert date["@type"] == "http://www.w3.org/2001/XMLSchema#dateTime"
        assert date["@value"][:4] == report["started"][:4]
        assert result[DCT + "date"] == subject[DCT + "date"]


@pytest.mark.browser
@pytest.mark.slow
def test_a_pdf_that_cannot_be_printed_exits_1_and_the_rest_is_written(
    demo_audit: DemoAudit,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = ChromiumPrinter(chromium=str(tmp_path / "no-chromium"))
    monkeypatch.setattr(render, "_printer", lambda: broken)
    out = tmp_path / "out"
    code = main(["report", str(demo_audit.store), "--out", str(out), "--format", "html,pdf,json"])
    assert code == 1
    stderr = capsys.readouterr().err
    assert "klarsyn: error: the pdf report could not be made: printing needs Chromium" in stderr
    assert "Traceback" not in stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "pages.jsonl", "report.html", "report.json", "sidor"]
