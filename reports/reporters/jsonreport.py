"""JSON: report.json, the run for other programs; pages.jsonl, its pages one a line for
tools that stream; and what ``klarsyn text --json`` prints."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict
from typing import TypeVar, Unpack, cast

from audits.model import (
    IMPACT_ORDER,
    ConsentBanner,
    Finding,
    PageResult,
    PageStatus,
    Readability,
    RunInfo,
    Source,
    TextBlock,
)
from audits.plain_language import RULES
from audits.policy import RULES as POLICY_RULES
from audits.requirements import criteria_from_tags, requirements
from audits.targets import Audience
from reports.editlinks import edit_link
from reports.history import RunDiff, fault_dict
from reports.prepare import FollowUp, Marker, ReportInput, prepare
from reports.reporters.lazyfiles import LazyFiles
from reports.runsettings import Targets
from reports.sections.accepted import accepted_view
from reports.sections.manual import manual_view
from reports.sections.templatefaults import template_faults
from reports.sections.thirdparty import page_blocked, page_hosts, third_party_view
from reports.trends import RunPoint, Tally

_T = TypeVar("_T")

#: 2: findings carry criteria, en301549, situations and related_criteria; our own rules of
#: good practice lost their wcag tags (they name the criterion in related_criteria).
JSON_SCHEMA_VERSION = 2


def json_report(report: ReportInput) -> bytes:
    """report.json of a prepared input (``report_data``), byte for byte what
    ``json.dumps(report_data(report), ensure_ascii=False, indent=2)`` gives."""
    return b"".join(json_chunks(report))


def json_chunks(report: ReportInput) -> Iterator[bytes]:
    """report.json (``json_report``) in chunks of about ``_CHUNK`` characters, made as
    they are asked for: its long lists (the pages, and with a diff its faults) are
    written an item at a time, so a 10,000-page run's are never whole in memory, as
    objects nor as text. ``json.dumps`` with an indent writes through the same encoder."""
    pieces: list[str] = []
    size = 0
    for piece in _ENCODER.iterencode(report_data(report, streamed=True)):
        pieces.append(piece)
        size += len(piece)
        if size >= _CHUNK:
            yield "".join(pieces).encode("utf-8")
            pieces, size = [], 0
    pieces.append("\n")
    yield "".join(pieces).encode("utf-8")


#: How much text report.json is written in at a time.
_CHUNK = 1 << 16
# default=str: settings may hold values JSON lacks (paths, dates); they become text.
_ENCODER = json.JSONEncoder(ensure_ascii=False, indent=2, default=str)


class _Streamed(list[object]):
    """A list that json's encoder writes an item at a time, each made as it is reached.

    ``json.JSONEncoder.iterencode`` (the Python encoder, which every indented dump uses)
    asks a list its length and then iterates it; this one has ``size`` items, made by
    ``items`` when iterated and dropped once written.
    """

    def __init__(self, items: Callable[[], Iterable[object]], size: int) -> None:
        super().__init__()
        self._items, self._size = items, size

    def __iter__(self) -> Iterator[object]:
        return iter(self._items())

    def __len__(self) -> int:
        return self._size


#: The ``json`` format's second file: report.json's ``pages``, one JSON object a line.
PAGES_JSONL = "pages.jsonl"


def json_files(report: ReportInput) -> Mapping[str, bytes | Iterable[bytes]]:
    """The ``json`` format: report.json, and pages.jsonl with the same page objects as
    report.json's ``pages``, in the same order, one compact JSON object a line (UTF-8,
    each line ending in a newline; no line for a run without rows). Both are made in
    chunks as the writer takes them."""
    return LazyFiles({"report.json": lambda: json_chunks(report),
                      PAGES_JSONL: lambda: _jsonl_lines(report)})


def pages_jsonl(report: ReportInput) -> bytes:
    """pages.jsonl of a prepared input (see ``json_files``)."""
    return b"".join(_jsonl_lines(report))


def _jsonl_lines(report: ReportInput) -> Iterator[bytes]:
    marker, edit_url = report.owner_marker, report.settings.edit_url
    for page in report.rows:
        line = json.dumps(_page_json(page, report.targets, marker, edit_url), ensure_ascii=False,
                          separators=(",", ":"), default=str)
        yield (line + "\n").encode("utf-8")


def report_json(
    run: RunInfo,
    pages: Sequence[PageResult],
    owner: str | None = None,
    **follow: Unpack[FollowUp],
) -> dict[str, object]:
    """report.json's data of ``run``'s ledger rows, or of ``owner``'s among them (see
    ``reports.prepare.prepare``)."""
    return report_data(prepare(run, pages, {}, owner, **follow))


def report_data(report: ReportInput, *, streamed: bool = False) -> dict[str, object]:
    """The run as report.json: run metadata and every ledger row with its findings
    (``streamed``: ``pages`` and the diff's faults made an item at a time as the JSON
    encoder reaches them, for ``json_chunks``; the same JSON).

    ``owner`` is the owner the report is limited to (null: the whole site); ``pages`` are
    then that owner's rows. Each page also carries its section, owner (null when no
    owner's pattern matches), audience and that audience's LIX target, from the run's
    settings, and its text blocks as scored (``template`` true: left out of the scores as
    the site's template text).

    Follow-up: each finding has its ``fingerprint``, ``template`` (a template fault,
    decided on the whole site's rows) and ``status`` against the previous run (null
    without a diff); ``template_faults`` lists each template fault once; ``changes`` is the
    diff (``RunDiff.as_dict``; in an owner's report that owner's faults alone, and never
    the accepted findings; null without); ``accepted`` lists accepted exceptions' findings
    and expired exceptions' (``expired`` true: counted again); ``history`` the trend points
    (null without).

    Other websites (reports/sections/thirdparty.py): ``third_party`` lists each other host
    the pages loaded resources from, with its page count, example pages and ``blocked``;
    each page has ``third_party`` {``hosts``, ``blocked``}.

    Requirements (audits/requirements.py): each finding has ``criteria`` (WCAG 2.1 success
    criteria of its wcag tags), ``en301549`` (their EN 301 549 V3.2.1 clauses),
    ``situations`` (the user situations they affect, in DIGG's Swedish names) and
    ``related_criteria`` (criteria a rule of good practice of ours serves without testing
    them); ``requirements_source`` says where the mapping comes from.

    Manual review (``klarsyn report --manual urval.csv``): ``manual`` holds the file's
    name, the counts of its verdicts (``pass``, ``fail``, ``not_applicable``,
    ``notes_only``, ``conflicts``: passed where axe-core found a WCAG violation) and one
    entry per judged criterion of a page of the report, with the automated result beside
    the verdict (codes: ``fail``/``needs_review``/``no_finding``; ``pass``/``fail``/
    ``not_applicable``/null); null without a manual file.
    """
    run, rows, marker = report.run, report.rows, report.owner_marker
    accepted = accepted_view(report.accepted, report.expired, rows, report.rules, {})
    faults = template_faults(rows, marker, report.rules, {}, {})
    return {
        "tool": "klarsyn",
        "schema_version": JSON_SCHEMA_VERSION,
        "version": run.tool_version,
        "run_id": run.id,
        "started": run.started,
        "finished": run.finished,
        "partial": run.partial,
        "axe_version": run.axe_version,
        "browser_version": run.browser_version,
        "site": run.site,
        "owner": report.owner,
        "settings": run.settings,
        "requirements_source": dict(requirements().source),
        "changes": _changes_json(report.diff, streamed),
        "template_faults": [
            {
                "rule": t.rule,
                "site_key": t.site_key,
                "pages": t.pages,
                "occurrences": t.occurrences,
                "examples": [e.page.text for e in t.examples],
                "impact": t.impact,
                "kind": t.kind,
                "selector": t.selector,
            }
            for t in faults
        ],
        "accepted": [
            {
                "rule": r.rule,
                "page_url": r.page.text if r.page else None,
                "selector": r.selector,
                "snippet": r.snippet,
                "fingerprint": r.fingerprint or None,
                "reason": r.reason,
                "decided_by": r.decided_by,
                "expires": r.expires,
                "expired": r.expired,
            }
            for r in accepted.rows
        ],
        "history": (
            [_point_json(p) for p in report.history] if report.history is not None else None
        ),
        "third_party": [
            {
                "host": h.host,
                "pages": h.pages,
                "blocked": h.blocked,
                "examples": [e.page.text for e in h.examples],
            }
            for h in third_party_view(rows, {}).hosts
        ],
        "consent": _consent_json(report.consent, marker),
        "pages": _listed(
            rows, lambda p: _page_json(p, report.targets, marker, report.settings.edit_url),
            streamed,
        ),
        "manual": _manual_json(report),
    }


def _consent_json(banner: ConsentBanner | None, marker: Marker) -> dict[str, object] | None:
    """The cookie banner audited once ([consent]); None: the run audited none."""
    if banner is None:
        return None
    return {
        "url": banner.url,
        "state": banner.state,
        "message": banner.message,
        "host": banner.host,
        "script_url": banner.script_url,
        "third_party": banner.third_party,
        "findings": [_finding_json(f, banner.url, marker) for f in banner.findings],
    }


def _listed(
    items: Sequence[_T], to_json: Callable[[_T], object], streamed: bool
) -> list[object]:
    """``items`` as JSON data: a list, or with ``streamed`` one made an item at a time."""
    if streamed:
        return _Streamed(lambda: map(to_json, items), len(items))
    return [to_json(item) for item in items]


def _changes_json(diff: RunDiff | None, streamed: bool) -> dict[str, object] | None:
    """The diff against the previous run (``RunDiff.as_dict``), its faults ``_listed``."""
    if diff is None:
        return None
    data = diff.as_dict(with_faults=False)
    data["faults"] = _listed(diff.faults, fault_dict, streamed)
    review = cast(dict[str, object], data["needs_review"])
    review["faults"] = _listed(diff.review, fault_dict, streamed)
    return data


def _manual_json(report: ReportInput) -> dict[str, object] | None:
    """The manual verdicts of ``klarsyn report --manual`` beside the automated results
    (reports/sections/manual.py), with codes, not words; null without a manual file."""
    if report.manual is None:
        return None
    view = manual_view(report.manual, report.rows, {})
    return {
        "file": view.name,
        "counts": {
            "pass": view.passed,
            "fail": view.failed,
            "not_applicable": view.not_applicable,
            "notes_only": view.notes_only,
            "conflicts": view.conflicts,
        },
        "entries": [
            {
                "page_url": page.url.text,
                "criterion": r.criterion,
                "level": r.level,
                "en301549": r.en301549,
                "automated": r.automated,
                "rules": list(r.rules),
                "verdict": r.verdict or None,
                "note": r.note,
                "conflict": r.conflict,
            }
            for page in view.pages
            for r in page.rows
        ],
    }


def _page_json(
    page: PageResult, targets: Targets, marker: Marker, edit_url: str = ""
) -> dict[str, object]:
    """One page's entry; ``edit_url`` the run's CMS link template ("": ``edit_url`` null)."""
    place = targets.place(page.url)
    return {
        "url": page.url,
        "edit_url": edit_link(edit_url, page.url) if edit_url else None,
        "final_url": page.final_url,
        "status": page.http_status,
        "content_type": page.content_type,
        "title": page.title,
        "lang": page.lang,
        "audited": page.status is PageStatus.AUDITED,
        "outcome": str(page.status),
        "reason": page.reason,
        "error": page.error,
        "depth": page.depth,
        "referrer": page.referrer,
        "found_by": page.facts.get("found_by"),
        "text_view": page.facts.get("text_view"),
        "result_from": page.facts.get("result_from"),
        "reused_from": page.facts.get("reused_from"),
        "worker": page.facts.get("worker"),
        "section": place.section,
        "owner": place.owner.name if place.owner else None,
        "audience": place.audience.name,
        "lix_target": place.audience.lix_target,
        "readability": _readability_json(page.readability),
        "findings": [_finding_json(f, page.url, marker) for f in page.findings],
        "text": [_block_json(b) for b in page.blocks],
        "third_party": {"hosts": list(page_hosts(page)), "blocked": page_blocked(page)},
    }


def _readability_json(r: Readability | None) -> dict[str, object] | None:
    if r is None:
        return None
    return asdict(r)


def _block_json(b: TextBlock) -> dict[str, object]:
    return {"kind": b.kind, "text": b.text, "template": b.template, "lang": b.lang}


def _finding_json(f: Finding, page_url: str, marker: Marker) -> dict[str, object]:
    return {
        "rule": f.rule,
        "source": str(f.source),
        "outcome": str(f.outcome),
        "impact": f.impact,
        "wcag": list(f.wcag),
        "selector": f.selector,
        "snippet": f.snippet,
        "best_practice": f.best_practice,
        "message": f.message,
        "fingerprint": f.fingerprint,
        "template": marker.template_key(f) is not None,
        "status": marker.status(f, page_url),
        **_requirements_json(f),
    }


def _requirements_json(f: Finding) -> dict[str, object]:
    """The WCAG 2.1 criteria of the finding's wcag tags, their EN 301 549 V3.2.1 clauses
    (clause 10 for our document rules, clause 9 otherwise) and the user situations they
    affect (audits/requirements.py); a rule of ours that only serves a criterion names it
    in related_criteria."""
    rule = POLICY_RULES.get(f.rule) if f.source is Source.KLARSYN else None
    found = requirements().map(criteria_from_tags(f.wcag), document=bool(rule and rule.document))
    return {
        "criteria": list(found.criteria),
        "en301549": list(found.en301549),
        "situations": list(found.situations),
        "related_criteria": list(rule.related) if rule else [],
    }


def _tally_json(t: Tally) -> dict[str, object]:
    return {
        "audited": t.audited,
        "over_target": t.over_target,
        "wcag": {i or "unknown": n for i, n in zip(IMPACT_ORDER, t.wcag, strict=True)},
    }


def _point_json(p: RunPoint) -> dict[str, object]:
    return {
        "run_id": p.run_id,
        "started": p.started,
        "partial": p.partial,
        **_tally_json(p.site),
        "owners": {name: _tally_json(t) for name, t in p.owners},
    }


def draft_json(
    readability: Readability, findings: Sequence[Finding], audience: Audience, lang: str = "sv"
) -> str:
    """A draft's readability and klarspråk flags against ``audience``'s LIX target; each
    flag's ``help`` in ``lang`` (its ``message`` as the check wrote it, in Swedish)."""
    data = asdict(readability) | {
        "audience": audience.name,
        "lix_target": audience.lix_target,
        "over_target": audience.exceeded_by(readability.lix),
        "flags": [
            {
                "rule": f.rule,
                "impact": f.impact,
                "help": RULES[f.rule].info(lang).help,
                "text": f.snippet,
                "message": f.message,
            }
            for f in findings
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
