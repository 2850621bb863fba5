"""The sample of the demo site's real run, and a manual review of it read back.

The demo audit (``demo_audit``: one real crawl with Chromium and axe-core per session) is
rendered again with ``klarsyn report STORE --format sample``; the manual file is a filled-in
copy of its urval.csv, also as Excel saves it, given back with ``--manual``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import REPO, DemoAudit
from tests.test_reports import NEEDS_AXE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def klarsyn_report(store: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "klarsyn", "report", str(store), "--out", str(out), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=out.parent,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
        check=False,
    )


def rows_of(out: Path) -> list[dict[str, str]]:
    text = (out / "urval.csv").read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def pages_of(rows: list[dict[str, str]]) -> dict[str, set[str]]:
    """Path → reasons (words) of each sampled page."""
    return {urlsplit(r["page_url"]).path: set(r["reasons"].split(", ")) for r in rows}


@pytest.fixture(scope="module")
def sample(demo_audit: DemoAudit, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("urval")
    done = klarsyn_report(demo_audit.store, out, "--format", "sample")
    assert done.returncode == 2, done.stderr  # the gate still judges the demo's faults
    return out


def test_the_sample_has_the_pages_wcag_em_asks_for(sample: Path) -> None:
    rows = rows_of(sample)
    pages = pages_of(rows)
    assert "startsida" in pages["/"]
    assert "kontaktsida" in pages["/kontakt/"]
    assert "tillgänglighetsredogörelse" in pages["/tillganglighetsredogorelse/"]
    reasons = set().union(*pages.values())
    assert {"formulär", "tabell", "media eller inbäddat innehåll", "länkar till dokument",
            "mall", "e-tjänst eller blankett"} <= reasons  # fmt: skip
    # The demo's forms and tables are where the site has them.
    assert "formulär" in pages["/bygga-och-bo/felanmalan/"] | pages.get(
        "/kultur-och-fritid/lokalbokning/", set()
    ) | pages.get("/omsorg-och-stod/tolk/", set())
    random = [p for p, r in pages.items() if r == {"slumpvis vald"}]
    assert len(random) >= math.ceil(0.1 * (len(pages) - len(random)))
    assert len(rows) == 50 * len(pages)  # one row per page and criterion, no page twice
    # Never "godkänd": the automated column only knows fail, review and nothing found.
    assert {r["automated"] for r in rows} <= {"fel", "behöver granskas", "inget automatiskt fynd"}
    assert any(r["automated"] == "fel" for r in rows)
    # The demo's footer list (the template fault) is 1.3.1 on every sampled page.
    assert all(r["automated"] == "fel" and "list" in r["rules"].split()
               for r in rows if r["criterion"] == "1.3.1")  # fmt: skip
    html = (sample / "urval.html").read_text(encoding="utf-8")
    assert f"<dd>{rows[0]['sample_seed']}</dd>" in html
    assert html.count('<section class="page"') == len(pages)


def test_the_same_seed_gives_the_same_sample_another_seed_another_random_part(
    demo_audit: DemoAudit, sample: Path, tmp_path: Path
) -> None:
    seed = rows_of(sample)[0]["sample_seed"]
    drawn = {}
    for name, value in (("same", seed), ("one", "1"), ("two", "2")):
        out = tmp_path / name
        out.mkdir()
        done = klarsyn_report(demo_audit.store, out, "--format", "sample", "--sample-seed", value)
        assert done.returncode == 2, done.stderr
        drawn[name] = pages_of(rows_of(out))
    assert drawn["same"] == pages_of(rows_of(sample))

    def random_part(pages: dict[str, set[str]]) -> set[str]:
        return {p for p, r in pages.items() if r == {"slumpvis vald"}}

    def structured(pages: dict[str, set[str]]) -> dict[str, set[str]]:
        return {p: r for p, r in pages.items() if r != {"slumpvis vald"}}

    assert structured(drawn["one"]) == structured(drawn["same"])
    assert random_part(drawn["one"]) != random_part(drawn["two"])


def filled_in(sample: Path) -> list[dict[str, str]]:
    rows = rows_of(sample)
    for row in rows:
        path, criterion = urlsplit(row["page_url"]).path, row["criterion"]
        if path == "/" and criterion == "1.3.1":  # axe-core says fel: a conflict
            row["manual"], row["note"] = "godkänd", "Sidfotens lista läses rätt i NVDA"
        elif path == "/kontakt/" and criterion == "1.4.3":
            row["manual"], row["note"] = "fel", "Länkfärgen har kontrast 3,9:1"
        elif path == "/kontakt/" and criterion == "1.2.1":
            row["manual"] = "ej tillämplig"
        elif path == "/kontakt/" and criterion == "2.4.2":
            row["manual"] = "godkänd"
    return rows


def excel_resave(rows: list[dict[str, str]]) -> bytes:
    """As Swedish Excel saves a CSV: Windows-1252, ";", CRLF, columns moved about."""
    columns = ["note", "manual", "criterion", "page_url", "level", "automated"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, delimiter=";", lineterminator="\r\n",
                            extrasaction="ignore")  # fmt: skip
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("cp1252")


@pytest.mark.parametrize("resaved", [False, True], ids=["as-written", "excel"])
def test_manual_verdicts_round_trip_into_the_report(
    demo_audit: DemoAudit, sample: Path, tmp_path: Path, resaved: bool
) -> None:
    rows = filled_in(sample)
    manual = tmp_path / "urval-ifylld.csv"
    if resaved:
        manual.write_bytes(excel_resave(rows))
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
        manual.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    out = tmp_path / "rapport"
    out.mkdir()
    done = klarsyn_report(demo_audit.store, out, "--format", "html,json", "--manual", str(manual))
    assert done.returncode == 2, done.stderr
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))["manual"]
    assert data["file"] == "urval-ifylld.csv"
    assert data["counts"] == {"pass": 2, "fail": 1, "not_applicable": 1, "notes_only": 0,
                              "conflicts": 1}  # fmt: skip
    entries = {(urlsplit(e["page_url"]).path, e["criterion"]): e for e in data["entries"]}
    conflict = entries["/", "1.3.1"]
    assert (conflict["verdict"], conflict["automated"], conflict["conflict"]) == (
        "pass", "fail", True)  # fmt: skip
    assert "list" in conflict["rules"]
    assert entries["/kontakt/", "1.4.3"]["note"] == "Länkfärgen har kontrast 3,9:1"
    assert entries["/kontakt/", "1.2.1"]["verdict"] == "not_applicable"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="manuell-granskning"' in html
    assert "Sidfotens lista läses rätt i NVDA" in html
    assert "motstridig: axe-core hittade fel" in html


def test_a_bad_manual_file_is_exit_1_with_one_sentence(
    demo_audit: DemoAudit, sample: Path, tmp_path: Path
) -> None:
    rows = filled_in(sample)
    rows[5]["manual"] = "okej"
    manual = tmp_path / "urval.csv"
    manual.write_bytes(excel_resave(rows))
    out = tmp_path / "ut"
    out.mkdir()
    done = klarsyn_report(demo_audit.store, out, "--format", "html", "--manual", str(manual))
    assert done.returncode == 1
    assert done.stderr == (
        "klarsyn: error: urval.csv, row 7: 'okej' is not a verdict; write godkänd, fel, "
        "ej tillämplig (or pass, fail, not applicable), or leave it empty\n"
    )
    assert not (out / "report.html").exists()
    foreign = "page_url;criterion;manual\nhttps://www.annan-kommun.se/;1.1.1;fel\n"
    manual.write_text(foreign, encoding="utf-8")
    done = klarsyn_report(demo_audit.store, out, "--format", "html", "--manual", str(manual))
    assert done.returncode == 1
    assert "is not a page of run 1" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_english_checklist_reads_back(demo_audit: DemoAudit, tmp_path: Path) -> None:
    out = tmp_path / "en"
    out.mkdir()
    done = klarsyn_report(demo_audit.store, out, "--format", "sample", "--lang", "en")
    assert done.returncode == 2, done.stderr
    rows = rows_of(out)
    assert "start page" in rows[0]["reasons"]
    assert {r["automated"] for r in rows} <= {"fail", "needs review", "no automated finding"}
    assert rows[0]["criterion_name"] == "Non-text Content"
    html = (out / "urval.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "Sample for manual evaluation" in html
    rows[0]["manual"], rows[1]["manual"] = "pass", "not applicable"
    manual = tmp_path / "checklist.csv"
    manual.write_bytes(excel_resave(rows))
    report = tmp_path / "report"
    report.mkdir()
    done = klarsyn_report(demo_audit.store, report, "--format", "json", "--manual", str(manual))
    assert done.returncode == 2, done.stderr
    counts = json.loads((report / "report.json").read_text(encoding="utf-8"))["manual"]["counts"]
    assert (counts["pass"], counts["not_applicable"]) == (1, 1)


@NEEDS_AXE
def test_axe_finds_no_violations_in_the_checklist(sample: Path) -> None:
    assert axe_violations(sample / "urval.html") == []


@NEEDS_AXE
def test_axe_finds_no_violations_in_the_manual_section(
    demo_audit: DemoAudit, sample: Path, tmp_path: Path
) -> None:
    manual = tmp_path / "urval.csv"
    manual.write_bytes(excel_resave(filled_in(sample)))
    out = tmp_path / "rapport"
    out.mkdir()
    done = klarsyn_report(demo_audit.store, out, "--format", "html", "--manual", str(manual))
    assert done.returncode == 2, done.stderr
    assert axe_violations(out / "report.html") == []
