"""report.earl.jsonld: the run's WCAG results in W3C EARL 1.0, serialised as JSON-LD.

EARL (Evaluation and Report Language 1.0 Schema, W3C Working Group Note 2017) states test
results as assertions: an assertor tested a subject against a test, with a result. Here:

- **assertor** (``earl:assertedBy``): a ``foaf:Group`` whose ``earl:mainAssertor`` is
  klarsyn (its version), with axe-core (version) and the browser (Chromium, version) as
  members; one node, referenced by every assertion.
- **subject** (``earl:subject``): each audited page, an ``earl:TestSubject`` and
  ``sch:WebPage`` with its URL (``dct:source``), title and the time axe-core tested it
  (``dct:date``, the page's ``tested_at``; a run stored before klarsyn recorded it has
  no time, and none is made up).
- **test** (``earl:test``): the axe-core rule, an ``earl:TestCase`` identified by its
  help URL, with its id, Swedish help text and the WCAG success criteria it tests as
  ``dct:isPartOf`` ``earl:TestRequirement``s (the criteria's IRIs in the WCAG
  Recommendation, audits/wcagids.py).
- **result** (``earl:result``): outcome ``earl:failed`` for violations, ``earl:cantTell``
  for axe-core's "incomplete" (needs review: never merged into the failures), the test
  time, and one ``ptr:CSSSelectorPointer`` per element (W3C Pointer Methods in RDF). A
  target inside an iframe or shadow root (``outer >>> inner``) points at the outer
  element, the only part a CSS selector can reach from the page, and describes the whole
  path.

One assertion per page, rule and outcome: a rule that both fails on some elements and
needs review on others makes two. Included are axe-core's results of WCAG rules only:
best-practice rules are advice, not requirements, and klarsyn's own checks (plain
language, communication policy) are not WCAG tests, so neither may read as a WCAG
result in a conformance tool. Page-derived strings are data, JSON-encoded like all text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from audits.axe import FRAME_SEPARATOR
from audits.model import Finding, FindingKind, PageResult, RuleInfo, RunInfo, kind_of
from audits.requirements import criteria_from_tags
from audits.wcagids import criterion_iri
from reports.prepare import ReportInput
from reports.ruletexts import RuleTexts

#: The one file of the ``earl`` format.
EARL_NAME = "report.earl.jsonld"

#: The JSON-LD context: the vocabularies' prefixes. Every IRI-valued property is written
#: as ``{"@id": …}`` and every date as a typed value, so no term needs a coercion.
CONTEXT: dict[str, str] = {
    "earl": "http://www.w3.org/ns/earl#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "ptr": "http://www.w3.org/2009/pointers#",
    "sch": "http://schema.org/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: The EARL outcome of each finding kind the report includes.
OUTCOMES: dict[FindingKind, str] = {
    FindingKind.WCAG: "earl:failed",
    FindingKind.NEEDS_REVIEW: "earl:cantTell",
}

ASSERTOR = "_:assertor"


def included(f: Finding) -> bool:
    """Whether the EARL report states ``f``: an axe-core result of a WCAG rule (a
    violation, or needs review), not a best-practice rule's nor one of klarsyn's own."""
    return kind_of(f) in OUTCOMES and not f.best_practice


def earl_report(report: ReportInput) -> bytes:
    """report.earl.jsonld of a prepared input (``earl_document``)."""
    text = json.dumps(earl_document(report), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def earl_document(report: ReportInput) -> dict[str, object]:
    """The EARL graph of the report's rows (see the module doc)."""
    tests = _Tests(report.rules)
    subjects: list[dict[str, object]] = []
    assertions: list[dict[str, object]] = []
    for number, page in enumerate(report.rows, start=1):
        groups = list(_groups(page))
        if not groups:
            continue
        subject = f"_:page-{number}"
        tested = _date(page)
        subjects.append(_subject(subject, page, tested))
        for group in groups:
            assertions.append(
                {
                    "@type": "earl:Assertion",
                    "earl:assertedBy": {"@id": ASSERTOR},
                    "earl:subject": {"@id": subject},
                    "earl:test": {"@id": tests.node_id(group.rule, group.findings[0])},
                    "earl:mode": {"@id": "earl:automatic"},
                    "earl:result": _result(group, page, tested),
                }
            )
    return {
        "@context": CONTEXT,
        "@graph": [*_assertors(report.run), *tests.nodes(), *subjects, *assertions],
    }


@dataclass(frozen=True)
class _Group:
    """A page's findings of one rule with one outcome: one assertion."""

    rule: str
    outcome: str
    findings: tuple[Finding, ...]


def _groups(page: PageResult) -> Iterator[_Group]:
    """The page's included findings by rule and outcome, in order of first appearance."""
    grouped: dict[tuple[str, str], list[Finding]] = {}
    for f in page.findings:
        if included(f):
            grouped.setdefault((f.rule, OUTCOMES[kind_of(f)]), []).append(f)
    for (rule, outcome), findings in grouped.items():
        yield _Group(rule, outcome, tuple(findings))


def _assertors(run: RunInfo) -> list[dict[str, object]]:
    """The assertor group (klarsyn the main one, with axe-core and the browser)."""
    members = [
        ("_:klarsyn", "klarsyn", run.tool_version, ["earl:Assertor", "earl:Software"]),
        ("_:axe-core", "axe-core", run.axe_version, ["earl:Assertor", "earl:Software"]),
        ("_:browser", "Chromium (headless)", run.browser_version, ["earl:Software"]),
    ]
    title = (
        f"klarsyn {run.tool_version} (axe-core {run.axe_version}, Chromium {run.browser_version})"
    )
    group: dict[str, object] = {
        "@id": ASSERTOR,
        "@type": ["earl:Assertor", "foaf:Group"],
        "dct:title": title,
        "earl:mainAssertor": {"@id": "_:klarsyn"},
        "foaf:member": [{"@id": node} for node, *_ in members],
    }
    nodes: list[dict[str, object]] = [group]
    for node, name, version, types in members:
        software: dict[str, object] = {"@id": node, "@type": types, "dct:title": name}
        if version:
            software["dct:hasVersion"] = version
        nodes.append(software)
    return nodes


class _Tests:
    """The test case of each rule met, given an id once: the rule's help URL (without its
    query) when it is an http(s) URL no other rule uses, else a blank node."""

    def __init__(self, rules: RuleTexts) -> None:
        self._rules = rules
        self._ids: dict[str, str] = {}
        self._nodes: list[dict[str, object]] = []

    def node_id(self, rule: str, example: Finding) -> str:
        if rule not in self._ids:
            info = self._rules.info(rule, example.source)
            # axe-core's help URLs carry the asking tool and the locale in the query:
            # the rule's identity is the page itself.
            url = info.help_url.split("#", 1)[0].split("?", 1)[0]
            taken = set(self._ids.values())
            web = url.startswith(("https://", "http://")) and url not in taken
            self._ids[rule] = url if web else f"_:rule-{len(self._ids) + 1}"
            self._nodes.append(self._node(self._ids[rule], info, example))
        return self._ids[rule]

    def nodes(self) -> list[dict[str, object]]:
        return list(self._nodes)

    @staticmethod
    def _node(node_id: str, info: RuleInfo, example: Finding) -> dict[str, object]:
        node: dict[str, object] = {
            "@id": node_id,
            "@type": "earl:TestCase",
            "dct:identifier": info.id,
            "dct:title": info.help,
        }
        if info.description:
            node["dct:description"] = info.description
        criteria = criteria_from_tags(info.tags) or criteria_from_tags(example.wcag)
        requirements = [_requirement(c) for c in criteria]
        if requirements:
            node["dct:isPartOf"] = requirements
        return node


def _requirement(criterion: str) -> dict[str, object]:
    """A WCAG success criterion as an EARL test requirement."""
    node: dict[str, object] = {"@type": "earl:TestRequirement", "dct:title": f"WCAG {criterion}"}
    iri = criterion_iri(criterion)
    if iri is not None:
        node["@id"] = iri
    return node


def _date(page: PageResult) -> dict[str, str] | None:
    """When axe-core tested the page, as an xsd:dateTime (None: not recorded)."""
    tested = page.facts.get("tested_at")
    if not isinstance(tested, str) or not tested:
        return None
    return {"@value": tested, "@type": "xsd:dateTime"}


def _subject(node_id: str, page: PageResult, tested: dict[str, str] | None) -> dict[str, object]:
    subject: dict[str, object] = {
        "@id": node_id,
        "@type": ["earl:TestSubject", "sch:WebPage"],
        "dct:source": {"@id": page.url},
    }
    if page.title:
        subject["dct:title"] = page.title
    if tested is not None:
        subject["dct:date"] = tested
    return subject


def _result(group: _Group, page: PageResult, tested: dict[str, str] | None) -> dict[str, object]:
    result: dict[str, object] = {
        "@type": "earl:TestResult",
        "earl:outcome": {"@id": group.outcome},
    }
    if tested is not None:
        result["dct:date"] = tested
    pointers = [_pointer(f.selector, page.url) for f in group.findings if f.selector]
    if pointers:
        result["earl:pointer"] = pointers
    return result


def _pointer(selector: str, page_url: str) -> dict[str, object]:
    """A CSS selector pointer into the page; a path through frames or shadow roots points
    at its outer element and keeps the whole path in its description."""
    outer = selector.split(FRAME_SEPARATOR, 1)[0]
    pointer: dict[str, object] = {
        "@type": "ptr:CSSSelectorPointer",
        "ptr:expression": outer,
        "ptr:reference": {"@id": page_url},
    }
    if outer != selector:
        pointer["dct:description"] = selector
    return pointer
