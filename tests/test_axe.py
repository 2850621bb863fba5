"""axe-core results to findings, on a recorded result (no browser)."""

from __future__ import annotations

import json

from audits.axe import (
    SNIPPET_MAX,
    findings_from_results,
    is_best_practice,
    rules_from_results,
    run_options,
)
from audits.model import Outcome, Source

RECORDED = {
    "violations": [
        {
            "id": "image-alt",
            "impact": "critical",
            "tags": ["cat.text-alternatives", "wcag2a", "wcag111", "EN-301-549"],
            "help": "Bilder måste ha alternativ text",
            "description": "Säkerställ att <img>-element har alternativ text",
            "helpUrl": "https://dequeuniversity.com/rules/axe/4.14/image-alt",
            "nodes": [
                {"impact": "critical", "target": ["img"], "html": '<img src="a.png">'},
                {
                    "impact": "critical",
                    "target": [["iframe", "img.karta"]],
                    "html": "<img class='karta'   src='b.png'>",
                },
            ],
        },
        {
            "id": "heading-order",
            "impact": "moderate",
            "tags": ["cat.semantics", "best-practice"],
            "help": "Rubriknivåer bör bara öka med en",
            "description": "...",
            "helpUrl": "",
            "nodes": [{"impact": "moderate", "target": ["h4"], "html": "<h4>" + "x" * 400}],
        },
    ],
    "incomplete": [
        {
            "id": "color-contrast",
            "impact": "serious",
            "tags": ["wcag2aa", "wcag143"],
            "help": "Element måste ha tillräcklig färgkontrast",
            "description": "",
            "nodes": [{"impact": "serious", "target": ["#hero p"], "html": "<p>Text</p>"}],
        }
    ],
}


def test_every_node_is_a_finding_and_incomplete_is_kept_apart() -> None:
    findings = findings_from_results(RECORDED)
    assert [(f.rule, f.outcome, f.selector) for f in findings] == [
        ("image-alt", Outcome.VIOLATION, "img"),
        ("image-alt", Outcome.VIOLATION, "iframe >>> img.karta"),
        ("heading-order", Outcome.VIOLATION, "h4"),
        ("color-contrast", Outcome.NEEDS_REVIEW, "#hero p"),
    ]
    assert all(f.source is Source.AXE for f in findings)
    assert findings[0].wcag == ("wcag2a", "wcag111")
    assert findings[1].snippet == "<img class='karta' src='b.png'>"
    assert len(findings[2].snippet) == SNIPPET_MAX
    assert findings[2].snippet.endswith("…")
    assert [f.best_practice for f in findings] == [False, False, True, False]


def test_rule_texts_are_taken_from_the_results() -> None:
    rules = {r.id: r for r in rules_from_results(RECORDED)}
    assert set(rules) == {"image-alt", "heading-order", "color-contrast"}
    assert rules["image-alt"].help == "Bilder måste ha alternativ text"


def test_run_options_are_json_with_the_chosen_tags() -> None:
    options = json.loads(run_options())
    assert options["runOnly"] == {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
    }
    assert options["resultTypes"] == ["violations", "incomplete"]
    with_bp = json.loads(run_options(("wcag2a",), best_practice=True))
    assert with_bp["runOnly"]["values"] == ["wcag2a", "best-practice"]


def test_best_practice_means_no_wcag_criterion() -> None:
    assert is_best_practice(["best-practice", "cat.semantics"])
    assert not is_best_practice(["best-practice", "wcag2a", "wcag412"])
    assert not is_best_practice(["wcag2aa"])
