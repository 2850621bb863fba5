"""Writing a run's reports: report.html, report.json and findings.csv.

Each file is produced whole in memory and then written atomically (a temporary file in
the same folder, then ``os.replace``), so a reader or a crash never sees half a report.
Page content is untrusted throughout: the HTML is autoescaped with a Content-Security-Policy
that allows no resources and only our own script; CSV cells are guarded against formulas.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import functools
import hashlib
import io
import json
import os
import secrets
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from audits.exceptions import Accepted, AcceptedException
from audits.model import (
    Finding,
    PageResult,
    PageStatus,
    Readability,
    RuleInfo,
    RunInfo,
    TextBlock,
)
from reports import changes, followup, thirdparty
from reports.followup import Marker
from reports.history import RunDiff, template_keys
from reports.runsettings import Targets
from reports.scorecard import filter_owner
from reports.trends import IMPACT_ORDER, RunPoint, Tally
from reports.view import build_view
from reports.viewmodel import ReportView

TEMPLATES = Path(__file__).parent / "templates"
FILE_NAMES: dict[str, str] = {"html": "report.html", "json": "report.json", "csv": "findings.csv"}
JSON_SCHEMA_VERSION = 1
CSV_COLUMNS = ("page_url", "rule", "source", "outcome", "impact", "wcag", "best_practice",
               "selector", "snippet", "help", "message", "owner", "fingerprint", "template")
#: The last column, written when the report has a diff against the previous run.
CSV_STATUS_COLUMN = "status"
# Swedish Excel uses the comma as decimal separator and so expects ";" between fields:
# a comma-separated file opened there lands in one column.
CSV_DELIMITER = ";"
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV
# injection"); selectors and snippets come from crawled pages, so they are neutralised.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

@dataclass(frozen=True)
class _Job:
    """One report's inputs: ``pages`` the whole run's rows, ``shown`` the owner's."""

    run: RunInfo
    pages: Sequence[PageResult]
    shown: Sequence[PageResult]
    rules: Mapping[str, RuleInfo]
    owner: str | None
    keys: frozenset[str]
    diff: RunDiff | None = None
    history: Sequence[RunPoint] | None = None
    accepted: Sequence[Accepted] | None = None
    expired: Sequence[AcceptedException] = field(default=())


Renderer = Callable[[_Job], bytes]


def write_reports(
    run: RunInfo,
    pages: Sequence[PageResult],
    rules: Mapping[str, RuleInfo],
    out_dir: Path,
    formats: Collection[str],
    owner: str | None = None,
    *,
    diff: RunDiff | None = None,
    history: Sequence[RunPoint] | None = None,
    accepted: Sequence[Accepted] | None = None,
    expired: Sequence[AcceptedException] = (),
) -> list[Path]:
    """Write the requested formats ("html", "json", "csv") into ``out_dir``.

    ``owner`` names one of the run's owners (or "ingen ägare"): every file then holds that
    owner's ledger rows and findings alone, and says whose they are. Returns the written
    paths in the order html, json, csv. An unknown format or owner raises ValueError before
    anything is written. A failed write raises and leaves neither a partial report nor a
    temporary file; files written before it stay complete.

    Follow-up (optional, see ``reports.view.build_view``): ``diff`` against the previous
    run, ``history`` the trend points, ``accepted`` and ``expired`` the accepted
    exceptions (``pages`` are then the rows with the accepted findings taken out).
    """
    unknown = set(formats) - FILE_NAMES.keys()
    if unknown:
        raise ValueError(f"unknown report format: {', '.join(sorted(unknown))}")
    pages = followup.fingerprinted(pages)
    shown = pages if owner is None else filter_owner(
        pages, owner, Targets.from_settings(run.settings).owners)
    job = _Job(run, pages, shown, rules, owner, frozenset(template_keys(pages)), diff, history,
               accepted, expired)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt, name in FILE_NAMES.items():
        if fmt in formats:
            path = out_dir / name
            write_atomic(path, _RENDERERS[fmt](job))
            written.append(path)
    return written


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` in one step, or leave it as it was.

    The temporary file is created next to the target (``os.replace`` is atomic only within
    one file system) with O_EXCL, so concurrent writers never share it, and with mode 0o666
    so the umask sets the report's permissions as for any other file.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def render_html(view: ReportView) -> str:
    """The self-contained Swedish HTML report of ``view``."""
    script = (TEMPLATES / "print.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    # Markup, not escaped: our own static script file, never page data; the report's
    # Content-Security-Policy allows exactly this script by its hash.
    trusted = Markup(script)  # noqa: S704 - a file shipped with klarsyn, not crawled content
    return _environment().get_template("report.html.j2").render(
        view=view, script=trusted, script_hash=f"sha256-{digest}"
    )


def report_json(
    run: RunInfo,
    pages: Sequence[PageResult],
    owner: str | None = None,
    *,
    diff: RunDiff | None = None,
    history: Sequence[RunPoint] | None = None,
    accepted: Sequence[Accepted] | None = None,
    expired: Sequence[AcceptedException] = (),
    keys: Collection[str] | None = None,
) -> dict[str, object]:
    """The run as report.json: run metadata and every ledger row with its findings.

    ``owner`` is the owner the report is limited to (null: the whole site); ``pages`` are
    then that owner's rows (see ``write_reports``). Each page also carries its section,
    owner (null when no owner's pattern matches), audience and that audience's LIX target,
    from the run's settings, and its text blocks as scored (``template`` true: left out of
    the scores as the site's template text).

    Follow-up: each finding has its ``fingerprint``, ``template`` (a template fault) and
    ``status`` against the previous run (null without ``diff``); ``template_faults`` lists
    each template fault once; ``changes`` is the diff (``RunDiff.as_dict``; in an owner's
    report that owner's faults alone, and never the ``accepted`` findings; null without);
    ``accepted`` lists accepted exceptions' findings and expired exceptions' (``expired``
    true: counted again); ``history`` the trend points (null without). ``keys`` are the
    template faults' site keys (default: ``template_keys(pages)``; ``write_reports``
    decides them on the whole site's rows).

    Other websites (reports/thirdparty.py): ``third_party`` lists each other host the
    pages loaded resources from, with its page count, example pages and ``blocked``; each
    page has ``third_party`` {``hosts``, ``blocked``}.
    """
    targets = Targets.from_settings(run.settings)
    pages = followup.fingerprinted(pages)
    if diff is not None:
        diff = changes.narrowed(diff, owner, followup.accepted_prints(accepted))
    marker = Marker(frozenset(template_keys(pages) if keys is None else keys),
                    diff.statuses() if diff is not None else {})
    accepted_rows = followup.accepted_view(
        accepted, expired, pages, {}, {}, marker,
        None if owner is None else (owner, targets.owners))
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
        "owner": owner,
        "settings": run.settings,
        "changes": diff.as_dict() if diff is not None else None,
        "template_faults": followup.template_json(
            followup.template_faults(pages, marker, {}, {}, {})),
        "accepted": followup.accepted_json(accepted_rows),
        "history": [_point_json(p) for p in history] if history is not None else None,
        "third_party": thirdparty.third_party_json(thirdparty.third_party_view(pages, {})),
        "pages": [_page_json(p, targets, marker) for p in pages],
    }


def findings_csv(
    pages: Sequence[PageResult],
    rules: Mapping[str, RuleInfo],
    targets: Targets | None = None,
    *,
    diff: RunDiff | None = None,
    keys: Collection[str] | None = None,
) -> str:
    """One row per finding occurrence, with the rule's Swedish help text.

    ``message`` is the occurrence's own advice (klarsyn's rules); ``owner`` is the page's
    owner from ``targets`` (None: no owners), empty when no owner's pattern matches. A
    policy rule missing from ``rules`` takes its help text from audits.policy.RULES.
    ``fingerprint`` is the finding's stable identity, ``template`` "true" for a template
    fault (``keys``, default ``template_keys(pages)``); with ``diff`` a last column
    ``status`` says new, reappeared or persisting.
    """
    targets = targets or Targets.from_settings({})
    pages = followup.fingerprinted(pages)
    marker = Marker(frozenset(template_keys(pages) if keys is None else keys),
                    diff.statuses() if diff is not None else {})
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow((*CSV_COLUMNS, *([CSV_STATUS_COLUMN] if diff is not None else [])))
    for page in pages:
        place = targets.place(page.url)
        owner = place.owner.name if place.owner else ""
        for f in page.findings:
            info = followup.rule_info(f.rule, rules)
            row = [page.url, f.rule, f.source, f.outcome, f.impact or "", " ".join(f.wcag),
                   "true" if f.best_practice else "false", f.selector, f.snippet,
                   info.help if info else "", f.message, owner, f.fingerprint,
                   "true" if marker.template_key(f) is not None else "false"]
            if diff is not None:
                row.append(marker.status(f, page.url) or "")
            writer.writerow([_csv_cell(str(cell)) for cell in row])
    return buffer.getvalue()


def _csv_cell(value: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would run as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _page_json(page: PageResult, targets: Targets, marker: Marker) -> dict[str, object]:
    place = targets.place(page.url)
    return {
        "url": page.url,
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
        "section": place.section,
        "owner": place.owner.name if place.owner else None,
        "audience": place.audience.name,
        "lix_target": place.audience.lix_target,
        "readability": _readability_json(page.readability),
        "findings": [_finding_json(f, page.url, marker) for f in page.findings],
        "text": [_block_json(b) for b in page.blocks],
        "third_party": {"hosts": list(thirdparty.page_hosts(page)),
                        "blocked": thirdparty.page_blocked(page)},
    }


def _readability_json(r: Readability | None) -> dict[str, object] | None:
    if r is None:
        return None
    return asdict(r)


def _block_json(b: TextBlock) -> dict[str, object]:
    return {"kind": b.kind, "text": b.text, "template": b.template}


def _finding_json(f: Finding, page_url: str, marker: Marker) -> dict[str, object]:
    return {"rule": f.rule, "source": str(f.source), "outcome": str(f.outcome),
            "impact": f.impact, "wcag": list(f.wcag), "selector": f.selector,
            "snippet": f.snippet, "best_practice": f.best_practice, "message": f.message,
            "fingerprint": f.fingerprint, "template": marker.template_key(f) is not None,
            "status": marker.status(f, page_url)}


def _tally_json(t: Tally) -> dict[str, object]:
    return {"audited": t.audited, "over_target": t.over_target,
            "wcag": {i or "unknown": n for i, n in zip(IMPACT_ORDER, t.wcag, strict=True)}}


def _point_json(p: RunPoint) -> dict[str, object]:
    return {"run_id": p.run_id, "started": p.started, "partial": p.partial, **_tally_json(p.site),
            "owners": {name: _tally_json(t) for name, t in p.owners}}


def _html_bytes(job: _Job) -> bytes:
    view = build_view(job.run, job.pages, job.rules, owner=job.owner, diff=job.diff,
                      history=job.history, accepted=job.accepted, expired=job.expired)
    return render_html(view).encode("utf-8")


def _json_bytes(job: _Job) -> bytes:
    data = report_json(job.run, job.shown, job.owner, diff=job.diff, history=job.history,
                       accepted=job.accepted, expired=job.expired, keys=job.keys)
    # default=str: settings may hold values JSON lacks (paths, dates); they become text.
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return (text + "\n").encode("utf-8")


def _csv_bytes(job: _Job) -> bytes:
    # utf-8-sig writes a byte order mark: without it Excel reads the file as Windows-1252
    # and å, ä and ö come out garbled.
    targets = Targets.from_settings(job.run.settings)
    return findings_csv(job.shown, job.rules, targets, diff=job.diff,
                        keys=job.keys).encode("utf-8-sig")


_RENDERERS: dict[str, Renderer] = {"html": _html_bytes, "json": _json_bytes, "csv": _csv_bytes}


def _sv_decimal(value: float, digits: int = 1) -> str:
    """A number the Swedish way: decimal comma."""
    return f"{value:.{digits}f}".replace(".", ",")


def _sv_signed(value: float, digits: int = 1) -> str:
    """A difference the Swedish way, always signed: "+7,2", "−3,0" (a real minus), "±0"."""
    if round(value, digits) == 0:
        return "±0"
    return ("+" if value > 0 else "\u2212") + _sv_decimal(abs(value), digits)


def _sv_target(value: float) -> str:
    """A LIX target without a needless decimal: 40.0 → "40", 42.5 → "42,5"."""
    return str(int(value)) if value == int(value) else _sv_decimal(value)


def _sv_time(value: str | None) -> str:
    """An ISO 8601 time as "2025-05-01 02:00:00+02:00"; anything else as given."""
    if not value:
        return "–"
    try:
        return datetime.fromisoformat(value).isoformat(sep=" ", timespec="seconds")
    except ValueError:
        return value


def _sv_setting(value: object) -> str:
    """A run setting as a reader wants it: ja/nej, lists comma-separated."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if value is None:
        return "–"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v) for v in value)
    return str(value)


@functools.cache
def _environment() -> Environment:
    """The one Jinja2 environment: autoescaping everything, failing on undefined names."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html", "j2"), default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(sv_decimal=_sv_decimal, sv_signed=_sv_signed, sv_target=_sv_target,
                       sv_time=_sv_time, sv_setting=_sv_setting)
    return env
