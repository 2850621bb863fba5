"""axe-core results in, klarsyn findings out: options, conversion, rule texts.

axe-core runs in the browser (crawler/browser/); this module only shapes what
goes in and what comes out, so it can be tested on recorded results.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from audits.model import Finding, Outcome, RuleInfo, Source

#: WCAG 2.0 and 2.1, levels A and AA: what lag (2018:1937) asks through EN 301 549.
DEFAULT_TAGS: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BEST_PRACTICE_TAG = "best-practice"

#: A snippet is evidence, not a copy of the page: long markup is cut here.
SNIPPET_MAX = 300

#: How a target inside an iframe or shadow root is written: outer >>> inner.
FRAME_SEPARATOR = " >>> "

_OUTCOMES: Mapping[str, Outcome] = {
    "violations": Outcome.VIOLATION,
    "incomplete": Outcome.NEEDS_REVIEW,
}


def installed_axe_dir() -> Path:
    """Where axe-core is installed: ``KLARSYN_AXE_DIR``, else the project's node_modules."""
    configured = os.environ.get("KLARSYN_AXE_DIR")
    return Path(configured) if configured else (
        Path(__file__).resolve().parents[1] / "node_modules" / "axe-core")


@functools.cache
def english_rule_texts(axe_dir: Path | None = None) -> Mapping[str, tuple[str, str]]:
    """axe-core's own English texts of its rules, rule id → (help, description).

    A run stores the rules' texts in the language axe-core ran in (Swedish, its
    ``locales/sv.json``); a report in English reads axe-core's English texts from the
    installed axe-core's ``locales/_template.json``, which holds the default (English)
    messages of ``axe.min.js`` for every rule. Empty when axe-core is not installed: the
    report then shows the stored texts.
    """
    path = (axe_dir or installed_axe_dir()) / "locales" / "_template.json"
    try:
        rules = json.loads(path.read_text(encoding="utf-8"))["rules"]
    except (OSError, ValueError, KeyError):
        return {}
    return {rule_id: (str(t.get("help", "")), str(t.get("description", "")))
            for rule_id, t in rules.items() if t.get("help")}


def run_options(tags: Sequence[str] = DEFAULT_TAGS, best_practice: bool = False) -> str:
    """axe.run options as a JSON string.

    A string, never a dict: axe-selenium-python builds the JavaScript call by
    string formatting, and a Python dict's repr is not JavaScript.
    Only violations and incomplete results are asked for; passes and
    inapplicable rules would multiply the payload for nothing we report.
    """
    values = list(tags)
    if best_practice and BEST_PRACTICE_TAG not in values:
        values.append(BEST_PRACTICE_TAG)
    options = {
        "runOnly": {"type": "tag", "values": values},
        "resultTypes": ["violations", "incomplete"],
        "iframes": True,
    }
    return json.dumps(options)


def target_text(target: Sequence[Any]) -> str:
    """Flatten axe's target (a list of selectors, nested through frames) to one string."""
    parts: list[str] = []
    for part in target:
        if isinstance(part, list):
            parts.append(FRAME_SEPARATOR.join(str(p) for p in part))
        else:
            parts.append(str(part))
    return FRAME_SEPARATOR.join(parts)


def _snippet(html: str) -> str:
    html = " ".join(html.split())
    if len(html) <= SNIPPET_MAX:
        return html
    return html[: SNIPPET_MAX - 1] + "…"


def is_best_practice(tags: Iterable[str]) -> bool:
    """A rule is best practice when axe tags it so and it maps to no WCAG criterion."""
    tags = list(tags)
    return BEST_PRACTICE_TAG in tags and not any(t.startswith("wcag") for t in tags)


def wcag_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """The WCAG tags of a rule (levels and criteria), in axe's order."""
    return tuple(t for t in tags if t.startswith("wcag"))


def findings_from_results(results: Mapping[str, Any]) -> tuple[Finding, ...]:
    """One Finding per node of every violated or incomplete rule.

    Nothing is dropped or merged: "incomplete" becomes ``needs_review`` and is
    kept beside the violations.
    """
    findings: list[Finding] = []
    for key, outcome in _OUTCOMES.items():
        for rule in results.get(key) or ():
            tags = rule.get("tags") or ()
            for node in rule.get("nodes") or ():
                findings.append(
                    Finding(
                        rule=str(rule["id"]),
                        source=Source.AXE,
                        outcome=outcome,
                        impact=node.get("impact") or rule.get("impact"),
                        wcag=wcag_tags(tags),
                        selector=target_text(node.get("target") or ()),
                        snippet=_snippet(str(node.get("html") or "")),
                        best_practice=is_best_practice(tags),
                    )
                )
    return tuple(findings)


def rules_from_results(results: Mapping[str, Any]) -> tuple[RuleInfo, ...]:
    """Rule texts as axe gave them: Swedish when its Swedish locale was configured."""
    rules: dict[str, RuleInfo] = {}
    for key in _OUTCOMES:
        for rule in results.get(key) or ():
            rules.setdefault(
                rule["id"],
                RuleInfo(
                    id=str(rule["id"]),
                    source=Source.AXE,
                    help=str(rule.get("help") or ""),
                    description=str(rule.get("description") or ""),
                    help_url=str(rule.get("helpUrl") or ""),
                    tags=tuple(rule.get("tags") or ()),
                ),
            )
    return tuple(rules.values())
