"""The requirement mapping: WCAG 2.1 A/AA → EN 301 549 V3.2.1 clauses and user situations."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from audits.policy import RULES
from audits.requirements import criteria_from_tags, parse, requirements
from reports.reporters.files import write_reports
from tests.conftest import REPO
from tests.test_reports import PAGES, RUN
from tests.test_reports import RULES as REPORT_RULES

#: WCAG 2.1's success criteria of level A and AA (W3C Recommendation, 5 June 2018).
WCAG21_A = [
    "1.1.1",
    "1.2.1",
    "1.2.2",
    "1.2.3",
    "1.3.1",
    "1.3.2",
    "1.3.3",
    "1.4.1",
    "1.4.2",
    "2.1.1",
    "2.1.2",
    "2.1.4",
    "2.2.1",
    "2.2.2",
    "2.3.1",
    "2.4.1",
    "2.4.2",
    "2.4.3",
    "2.4.4",
    "2.5.1",
    "2.5.2",
    "2.5.3",
    "2.5.4",
    "3.1.1",
    "3.2.1",
    "3.2.2",
    "3.3.1",
    "3.3.2",
    "4.1.1",
    "4.1.2",
]
WCAG21_AA = [
    "1.2.4",
    "1.2.5",
    "1.3.4",
    "1.3.5",
    "1.4.3",
    "1.4.4",
    "1.4.5",
    "1.4.10",
    "1.4.11",
    "1.4.12",
    "1.4.13",
    "2.4.5",
    "2.4.6",
    "2.4.7",
    "3.1.2",
    "3.2.3",
    "3.2.4",
    "3.3.3",
    "3.3.4",
    "4.1.3",
]
#: Clause 10 requirements EN 301 549 V3.2.1 leaves void for documents (set-of-pages criteria).
VOID_FOR_DOCUMENTS = {"2.4.1", "2.4.5", "3.2.3", "3.2.4"}
SITUATIONS_SV = {
    "användning utan synförmåga",
    "användning med nedsatt syn",
    "användning med nedsatt färgseende",
    "användning utan hörsel",
    "användning med nedsatt hörsel",
    "användning utan röstförmåga",
    "användning med nedsatt finmotorik eller styrka",
    "användning med nedsatt rörlighet",
    "användning vid känslighet för flimmer",
    "användning vid kognitiv nedsättning",
}


def test_the_data_names_its_sources() -> None:
    source = requirements().source
    assert "EN 301 549 V3.2.1 (2021-03)" in source["en301549"]
    assert "accessibility-luxembourg/en301549-links" in source["en301549"]
    assert "Table B.2" in source["situations"]
    assert "CivicActions/accessibility-data-reference" in source["situations"]
    assert "f0bab21cc57a5659277fb245121d8a4882529581" in source["situations"]
    assert source["situations_status"] == "sourced"
    assert "DIGG" in source["situation_names"]
    assert "WCAG 2.1" in source["criteria"]
    # report.json quotes the sources as they are: every one is text
    assert all(isinstance(v, str) for v in source.values())


def test_every_wcag21_a_and_aa_criterion_has_its_clauses() -> None:
    criteria = requirements().criteria
    assert set(criteria) == {*WCAG21_A, *WCAG21_AA}
    for number in WCAG21_A + WCAG21_AA:
        c = criteria[number]
        assert c.level == ("A" if number in WCAG21_A else "AA")
        assert c.web == f"9.{number}"
        assert c.document == (None if number in VOID_FOR_DOCUMENTS else f"10.{number}")


def test_situations_are_the_clause_4_2_statements_in_swedish() -> None:
    names = requirements().situation_names
    assert set(names.values()) == SITUATIONS_SV
    assert list(names) == [f"4.2.{n}" for n in range(1, 11)]


def test_every_criterion_has_a_primary_situation_and_none_twice() -> None:
    """Table B.2 relates every WCAG 2.1 A/AA requirement of clause 9 to at least one
    statement as primary (P); none is both P and S."""
    for c in requirements().criteria.values():
        assert c.situations, c.criterion
        assert not set(c.situations) & set(c.situations_secondary), c.criterion
    # secondary relations are data too: Table B.2 marks many, e.g. 1.1.1's limited hearing
    assert sum(len(c.situations_secondary) for c in requirements().criteria.values()) > 40


@pytest.mark.parametrize(
    ("criterion", "affects", "not_affects"),
    [
        ("1.1.1", "användning utan synförmåga", "användning med nedsatt färgseende"),
        ("1.2.2", "användning utan hörsel", "användning utan synförmåga"),
        ("1.4.1", "användning med nedsatt färgseende", "användning utan hörsel"),
        ("1.4.3", "användning med nedsatt syn", "användning utan synförmåga"),
        ("1.4.4", "användning med nedsatt syn", "användning utan synförmåga"),
        ("2.1.1", "användning med nedsatt finmotorik eller styrka", "användning utan hörsel"),
        ("2.5.1", "användning med nedsatt rörlighet", "användning utan synförmåga"),
        ("2.3.1", "användning vid känslighet för flimmer", "användning med nedsatt syn"),
        ("3.3.2", "användning vid kognitiv nedsättning", "användning utan hörsel"),
        ("2.2.1", "användning med nedsatt hörsel", "användning med nedsatt färgseende"),
    ],
)
def test_known_anchors_of_table_b2(criterion: str, affects: str, not_affects: str) -> None:
    found = requirements().map([criterion])
    assert affects in found.situations
    assert not_affects not in found.situations


def test_flashing_concerns_seizures_only() -> None:
    assert requirements().map(["2.3.1"]).situations == ("användning vid känslighet för flimmer",)
    assert requirements().map(["2.3.1"]).situations_secondary == ()


def test_no_situations_beyond_wcag21_a_and_aa() -> None:
    """3.1.5 Reading Level is AAA: no clause, so no row in Table B.2 and no situation."""
    assert requirements().map(["3.1.5"]).situations == ()
    assert requirements().map(["3.1.5"]).situations_secondary == ()


def test_situations_come_in_clause_4_2_order_and_primary_wins() -> None:
    r = requirements()
    # 1.4.3: limited vision and colour (P), cognition (S); 1.1.1: vision, limited vision and
    # hearing (P), limited hearing and cognition (S)
    assert r.map(["1.4.3"]).situations == (
        "användning med nedsatt syn",
        "användning med nedsatt färgseende",
    )
    assert r.map(["1.4.3"]).situations_secondary == ("användning vid kognitiv nedsättning",)
    both = r.map(["1.4.3", "1.1.1"])
    assert both.situations == (
        "användning utan synförmåga",
        "användning med nedsatt syn",
        "användning med nedsatt färgseende",
        "användning utan hörsel",
    )
    assert both.situations_secondary == (
        "användning med nedsatt hörsel",
        "användning vid kognitiv nedsättning",
    )
    # 3.3.2 relates cognition as primary: it is no longer secondary for the pair
    assert "användning vid kognitiv nedsättning" in r.map(["1.4.3", "3.3.2"]).situations
    assert "användning vid kognitiv nedsättning" not in (
        r.map(["1.4.3", "3.3.2"]).situations_secondary
    )


def _data() -> dict:
    return json.loads((REPO / "audits/data/requirements.json").read_text(encoding="utf-8"))


def test_a_sourced_criterion_without_a_primary_situation_is_refused() -> None:
    data = _data()
    data["criteria"][0]["situations"] = []
    with pytest.raises(ValueError, match=r"1\.1\.1: no primary"):
        parse(data)
    data["source"]["situations_status"] = "not_sourced"
    assert parse(data).criteria["1.1.1"].situations == ()


def test_a_statement_both_primary_and_secondary_is_refused() -> None:
    data = _data()
    data["criteria"][0]["situations_secondary"] = ["4.2.1"]
    with pytest.raises(ValueError, match=r"1\.1\.1: both primary and secondary"):
        parse(data)


def test_a_finding_in_report_json_carries_its_situations(tmp_path: Path) -> None:
    """Every finding of report.json with WCAG criteria carries their situations, as the
    mapping gives them; our good-practice rules (no criteria) carry none."""
    path, _jsonl = write_reports(RUN, PAGES, REPORT_RULES, tmp_path, ["json"])
    findings = [f for p in json.loads(path.read_text("utf-8"))["pages"] for f in p["findings"]]
    mapped = [f for f in findings if f["criteria"]]
    assert mapped
    for f in findings:
        expected = requirements().map(f["criteria"]).situations
        assert f["situations"] == list(expected), f["rule"]
        assert bool(f["situations"]) == bool(f["criteria"]), f["rule"]
    contrast = next(f for f in mapped if f["rule"] == "color-contrast")
    assert contrast["situations"] == [
        "användning med nedsatt syn",
        "användning med nedsatt färgseende",
    ]


def test_an_unknown_situation_in_the_data_is_refused() -> None:
    data = json.loads((REPO / "audits/data/requirements.json").read_text(encoding="utf-8"))
    data["criteria"][0]["situations"] = ["4.2.99"]
    with pytest.raises(ValueError, match=r"4\.2\.99"):
        parse(data)


def test_lookup_of_situations_when_the_data_has_them() -> None:
    data = json.loads((REPO / "audits/data/requirements.json").read_text(encoding="utf-8"))
    data["criteria"][0]["situations"] = ["4.2.1", "4.2.2"]  # 1.1.1
    found = parse(data).map(["1.1.1"])
    assert found.situations == ("användning utan synförmåga", "användning med nedsatt syn")


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (("cat.text-alternatives", "wcag2a", "wcag111", "EN-9.1.1.1"), ("1.1.1",)),
        (("wcag21aa", "wcag1410", "wcag143"), ("1.4.3", "1.4.10")),
        (("best-practice", "cat.semantics"), ()),
        (("wcag2a", "wcag21aa"), ()),
    ],
)
def test_criteria_from_tags(tags: tuple[str, ...], expected: tuple[str, ...]) -> None:
    assert criteria_from_tags(tags) == expected


def test_web_and_document_clauses() -> None:
    r = requirements()
    assert r.map(["1.1.1"]).en301549 == ("9.1.1.1",)
    assert r.map(["1.1.1"], document=True).en301549 == ("10.1.1.1",)
    assert r.map(["2.4.1", "1.3.1"], document=True).en301549 == ("10.1.3.1",)
    # a criterion beyond WCAG 2.1 A/AA (AAA, or WCAG 2.2) keeps its number, gets no clause
    assert r.map(["2.1.3", "2.5.8"]) == r.map(["2.5.8", "2.1.3"])
    assert r.map(["2.1.3", "2.5.8"]).criteria == ("2.1.3", "2.5.8")
    assert r.map(["2.1.3", "2.5.8"]).en301549 == ()


def test_clauses_agree_with_axe_cores_own_en_301_549_tags() -> None:
    """axe-core tags its rules with EN 301 549 clauses ("EN-9.1.1.1") beside the WCAG
    criteria: for every A/AA criterion of WCAG 2.1 it tags, its clause is ours."""
    text = (REPO / "node_modules/axe-core/axe.js").read_text(encoding="utf-8")
    checked = 0
    for tags_text in set(re.findall(r"tags: \[([^\]]*)\]", text)):
        tags = json.loads(f"[{tags_text.replace(chr(39), chr(34))}]")
        if "EN-301-549" not in tags:  # deprecated rules (wcag411 parsing) carry no clause
            continue
        clauses = {t.removeprefix("EN-") for t in tags if t.startswith("EN-9.")}
        for number in criteria_from_tags(tags):
            if number in requirements().criteria:
                assert requirements().criteria[number].web in clauses, tags
                checked += 1
    assert checked > 50


def test_best_practice_policy_rules_name_their_criterion_apart_from_wcag_tags() -> None:
    for rule in RULES.values():
        assert not (rule.wcag and rule.related), rule.id
        info = rule.info()
        if rule.related:
            assert not any(t.startswith("wcag") for t in info.tags), rule.id
            assert set(rule.related) <= set(requirements().criteria), rule.id
        for number in criteria_from_tags(rule.wcag):
            assert number in requirements().criteria, rule.id
    assert RULES["policy-h1-count"].related == ("1.3.1",)
    assert RULES["policy-h1-count"].wcag == ()
    assert RULES["policy-pdf-scanned"].document
    assert criteria_from_tags(RULES["policy-pdf-scanned"].wcag) == ("1.1.1",)
