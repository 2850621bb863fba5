"""The ``klarsyn`` command: a thin layer over the crawler, the store and the reports.

Exit codes (documented in README.md; the gate's rules are in crawler/gate.py):

- 0: the CI gate passed (by default: every page was audited and no WCAG
  violation remains that an accepted exception does not cover); never for a
  partial run
- 2: the gate failed on findings (``--fail-on``, ``--max-<impact>``)
- 1: a technical failure: bad input (URL, config, owner map, exceptions file,
  output folder, ``--resume`` without an unfinished run), nothing could be
  audited, a page that could not be scanned (a timeout, a browser error, a
  server error: never counted as a pass, unless ``--allow-unscanned``), a
  store that could not be written during the crawl (a full disk), or an
  internal error
- 130: interrupted (Ctrl-C, SIGTERM; a second signal forces the stop): the
  reports of what was done are written and marked partial, URLs not finished
  are ledger rows ``interrupted``, and ``--resume`` continues the run.
  ``klarsyn report`` of a partial run exits 130 too.

Errors are one sentence on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from audits.exceptions import ExceptionsError, expired, load_exceptions, split_accepted
from audits.model import IMPACTS, PageResult, PageStatus
from audits.targets import NO_OWNER
from crawler import __version__
from crawler.config import (
    FORMATS,
    AuditConfig,
    ConfigError,
    build_config,
    check_url,
    read_config_file,
)
from reports.gate import FailOn, GatePolicy, evaluate_gate, new_fingerprints
from reports.history import RunDiff, diff_runs, previous_run
from reports.prepare import filter_owner
from reports.reporters.files import write_reports
from reports.reporters.jsonreport import draft_json
from reports.reporters.textreport import diff_text, draft_text, history_text
from reports.runsettings import RunSettings
from reports.store import STORE_NAME, Store, StoreError
from reports.trends import trend_points

if TYPE_CHECKING:
    from crawler.run import CrawlOutcome

EXIT_CLEAN = 0
EXIT_FAILURE = 1
EXIT_VIOLATIONS = 2
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """Bad input from the user: the message is one clear sentence."""


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on bad usage, which is our code for "violations found"."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_FAILURE, f"klarsyn: error: {message}\n")


def _formats(value: str) -> tuple[str, ...]:
    formats = tuple(f.strip() for f in value.split(",") if f.strip())
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise argparse.ArgumentTypeError(f"choose among {','.join(FORMATS)}")
    return formats


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="klarsyn", description="Accessibility and plain-language audits.")
    parser.add_argument("--version", action="version", version=f"klarsyn {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    audit = commands.add_parser("audit", help="crawl a site and write the reports")
    audit.add_argument(
        "urls", nargs="*", metavar="URL", help="start URL(s); none: the bundled demo municipality"
    )
    audit.add_argument("--out", type=Path, help="output folder (default: a new dated folder)")
    audit.add_argument("--config", type=Path, help="TOML file with an [audit] table")
    audit.add_argument(
        "--urls",
        dest="urls_file",
        type=Path,
        help="audit exactly the URLs listed in FILE, one per line",
    )
    audit.add_argument("--max-pages", type=int, help="at most N URLs fetched (default 500)")
    audit.add_argument(
        "--max-depth", type=int, help="at most N links from a start URL (default 10)"
    )
    audit.add_argument("--browsers", type=int, help="headless Chromium instances (default 2)")
    audit.add_argument(
        "--format",
        dest="formats",
        type=_formats,
        help="comma-separated: html,json,csv (default all)",
    )
    audit.add_argument(
        "--host", dest="hosts", action="append", help="another host[:port] in scope (repeatable)"
    )
    audit.add_argument("--include", action="append", help="only URLs matching this regex")
    audit.add_argument("--exclude", action="append", help="no URLs matching this regex")
    audit.add_argument("--query", choices=("keep", "drop"), help="query-string policy")
    audit.add_argument(
        "--best-practice",
        action="store_const",
        const=True,
        help="also run axe-core's best-practice rules (reported apart)",
    )
    audit.add_argument("--page-timeout", type=float, help="seconds per page in the browser")
    audit.add_argument(
        "--loopback-only",
        action="store_const",
        const=True,
        help="the browser resolves only 127.0.0.1 (tests, offline demo)",
    )
    audit.add_argument(
        "--block-third-party",
        action="store_const",
        const=True,
        help="the browser loads nothing from hosts outside the scope",
    )
    audit.add_argument("--contact", help="contact address for the User-Agent (e-mail or URL)")
    audit.add_argument(
        "--credentials",
        type=Path,
        metavar="FILE",
        help="TOML file with a cookie, header or basic auth for the site (outside --out)",
    )
    audit.add_argument(
        "--resume",
        action="store_true",
        help="continue the latest unfinished run in --out without auditing its pages again",
    )
    audit.add_argument("--owner", help="write the report of this owner's pages only")
    _add_gate_options(audit)

    text = commands.add_parser("text", help="check a draft's readability and klarspråk")
    text.add_argument(
        "draft",
        nargs="?",
        default="-",
        metavar="FILE",
        help="plain text or HTML; - or nothing: standard input",
    )
    text.add_argument("--json", action="store_true", help="print JSON instead of text")
    text.add_argument("--audience", help="whose LIX target applies (default: allmän information)")
    text.add_argument("--config", type=Path, help="TOML file whose [[audience]] list applies")
    text.add_argument("--min-words", type=int, help="score texts from this many words (default 50)")

    report = commands.add_parser("report", help="render the reports again from a store")
    report.add_argument("store", type=Path, metavar="DB", help=f"a {STORE_NAME} file")
    report.add_argument("--out", type=Path, help="output folder (default: the store's folder)")
    report.add_argument("--format", dest="formats", type=_formats, default=FORMATS)
    report.add_argument("--run", type=int, help="run id (default: the latest)")
    report.add_argument("--owner", help="the report of this owner's pages only")
    _add_gate_options(report)

    history = commands.add_parser("history", help="list the audit runs a store holds")
    history.add_argument(
        "store",
        type=Path,
        nargs="?",
        default=Path(STORE_NAME),
        metavar="DB",
        help=f"a {STORE_NAME} file (default: the one in the current folder)",
    )

    diff = commands.add_parser("diff", help="what changed between two runs of a store")
    diff.add_argument("run_a", type=int, metavar="RUN_A", help="the earlier run's id")
    diff.add_argument("run_b", type=int, metavar="RUN_B", help="the later run's id")
    diff.add_argument(
        "--db", type=Path, default=Path(STORE_NAME), help=f"the store (default: ./{STORE_NAME})"
    )
    diff.add_argument("--json", action="store_true", help="print JSON instead of text")
    return parser


# -- helpers ------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def _prepare_out(out: Path | None) -> Path:
    if out is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        out = Path(f"klarsyn-rapport-{stamp}")
        n = 1
        while out.exists():
            n += 1
            out = Path(f"klarsyn-rapport-{stamp}-{n}")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".klarsyn-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"cannot write to the output folder {out} ({exc.strerror})") from exc
    return out


def _read_url_file(path: Path) -> tuple[str, ...]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the URL list {path} ({exc})") from exc
    urls = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            try:
                urls.append(check_url(line))
            except ConfigError as exc:
                raise UsageError(f"{path}, line {number}: {exc}") from exc
    if not urls:
        raise UsageError(f"the URL list {path} holds no URL")
    return tuple(urls)


def _axe_dir() -> Path:
    configured = os.environ.get("KLARSYN_AXE_DIR")
    axe_dir = (
        Path(configured)
        if configured
        else Path(__file__).resolve().parents[1] / "node_modules" / "axe-core"
    )
    if not (axe_dir / "axe.min.js").is_file():
        raise UsageError(
            f"axe-core is not installed at {axe_dir}: run `bash scripts/setup.sh` "
            "(or set KLARSYN_AXE_DIR)"
        )
    return axe_dir


def _nothing_audited(pages: Sequence[PageResult], config: AuditConfig) -> str:
    """One sentence that says why not a single page could be audited."""
    starts = {page.url: page for page in pages}
    for url in config.start_urls:
        page = starts.get(url) or next((p for p in pages if p.depth == 0), None)
        if page is None:
            continue
        if page.reason == "not_html":
            return (
                f"the start URL {url} is not an HTML page ({page.content_type or 'unknown type'})"
            )
        detail = page.error or page.reason
        return f"nothing could be audited: {url} {page.status.value} ({detail})"
    return "nothing could be audited"


# -- the CI gate (crawler/gate.py) and accepted exceptions (audits/exceptions.py) ----------


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number of 0 or more")
    return number


def _add_gate_options(command: argparse.ArgumentParser) -> None:
    """The gate's options, the same on ``audit`` and ``report``."""
    gate = command.add_argument_group("CI gate (exit code 2 when it fails on findings)")
    gate.add_argument(
        "--fail-on",
        choices=[f.value for f in FailOn],
        default=FailOn.ANY.value,
        help="which WCAG violations fail: any (default), new or reappeared since the "
        "previous run of the store, or none",
    )
    for impact in IMPACTS:
        gate.add_argument(
            f"--max-{impact}",
            type=_count,
            metavar="N",
            help=f"fail when more than N {impact} WCAG violations remain",
        )
    gate.add_argument(
        "--allow-unscanned",
        action="store_true",
        help="pages that could not be scanned do not fail the run",
    )
    gate.add_argument(
        "--exceptions",
        type=Path,
        metavar="FILE",
        help="TOML file of accepted exceptions (they never count, and expire)",
    )


def _gate_policy(args: argparse.Namespace, exceptions_file: str) -> GatePolicy:
    """The gate of this command; reads the exceptions file, so a bad one fails early."""
    try:
        exceptions = load_exceptions(Path(exceptions_file)) if exceptions_file else ()
    except ExceptionsError as exc:
        raise UsageError(str(exc)) from exc
    limits = {i: getattr(args, f"max_{i}") for i in IMPACTS}
    return GatePolicy(
        fail_on=FailOn(args.fail_on),
        max_impact={impact: n for impact, n in limits.items() if n is not None},
        allow_unscanned=args.allow_unscanned,
        exceptions=exceptions,
        today=date.today(),
    )


def _exceptions_file(args: argparse.Namespace, store: Store, run_id: int) -> str:
    """``--exceptions``, else the file the run was audited with, read again (edits count)."""
    if args.exceptions is not None:
        return str(args.exceptions)
    return RunSettings.parse(store.load_run(run_id).settings).exceptions


def _new_fingerprints(policy: GatePolicy, diff: RunDiff | None) -> frozenset[str] | None:
    """Fingerprints new or reappeared since the previous run (None: no such run)."""
    if policy.fail_on is not FailOn.NEW or diff is None:
        return None
    return new_fingerprints(diff)


def _exit_code(pages: Sequence[PageResult], policy: GatePolicy, new: frozenset[str] | None) -> int:
    """Apply the gate; each failing reason is one line on stderr."""
    for exception in expired(policy.exceptions, policy.today):
        print(
            f"klarsyn: the accepted exception for {exception.describe()} expired on "
            f"{exception.expires.isoformat()}: its findings count again",
            file=sys.stderr,
        )
    result = evaluate_gate(pages, policy, new)
    if result.accepted:
        print(
            f"klarsyn: {result.accepted} WCAG violation(s) accepted by the exceptions file "
            "do not count (listed in the report)",
            file=sys.stderr,
        )
    for reason in result.reasons:
        print(f"klarsyn: {reason}", file=sys.stderr)
    return result.code


def _render(
    store: Store,
    run_id: int,
    out: Path,
    formats: Sequence[str],
    owner: str | None,
    policy: GatePolicy,
) -> tuple[list[PageResult], RunDiff | None]:
    """Write the reports of one stored run (or of one owner's part) with what changed since
    the previous run, its trends and the accepted exceptions; say where they are. Returns
    the ledger rows they show (accepted findings included: the gate sets those apart
    itself) and the diff against the previous run, if there was one."""
    run, pages = store.load_run(run_id), store.load_pages(run_id)
    accepted, remaining = split_accepted(pages, policy.exceptions, policy.today)
    previous = previous_run(store, run_id)
    diff = diff_runs(store, previous, run_id) if previous is not None else None
    try:
        written = write_reports(
            run,
            remaining,
            store.load_rules(run_id),
            out,
            formats,
            owner=owner,
            diff=diff,
            history=trend_points(store, until=run_id),
            accepted=accepted if policy.exceptions else None,
            expired=expired(policy.exceptions, policy.today),
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    for path in written:
        print(f"klarsyn: wrote {path.resolve()}", file=sys.stderr)
    if owner is not None:
        pages = filter_owner(pages, owner, RunSettings.parse(run.settings).targets.owners)
    return pages, diff


def _check_owner(owner: str | None, config: AuditConfig) -> None:
    known = [o.name for o in config.owners] + [NO_OWNER]
    if owner is not None and owner not in known:
        names = ", ".join(f"'{name}'" for name in known)
        raise UsageError(f"unknown owner '{owner}'; the configured owners are: {names}")


# -- commands -----------------------------------------------------------------


def _audit_config(args: argparse.Namespace) -> tuple[AuditConfig, bool]:
    """The run's config, and whether the bundled demo site is to be served."""
    file_values = read_config_file(args.config) if args.config else {}
    start_urls: tuple[str, ...] | None = tuple(args.urls) or None
    fixed = None
    if args.urls_file is not None:
        start_urls = (start_urls or ()) + _read_url_file(args.urls_file)
        fixed = True
    demo = not start_urls and not file_values.get("start_urls")
    overrides = {"start_urls": start_urls, "fixed_urls": fixed, **_setting_options(args)}
    return build_config(file_values, overrides), demo


def _setting_options(args: argparse.Namespace) -> dict[str, object]:
    """The run settings given on the command line (None: not given)."""
    return {
        "max_pages": args.max_pages,
        "max_depth": args.max_depth,
        "browsers": args.browsers,
        "formats": args.formats,
        "hosts": tuple(args.hosts) if args.hosts else None,
        "include": tuple(args.include) if args.include else None,
        "exclude": tuple(args.exclude) if args.exclude else None,
        "query": args.query,
        "best_practice": args.best_practice,
        "page_timeout": args.page_timeout,
        "loopback_only": args.loopback_only,
        "block_third_party": args.block_third_party,
        "contact": args.contact,
        "exceptions": str(args.exceptions.resolve()) if args.exceptions else None,
    }


def cmd_audit(args: argparse.Namespace) -> int:
    # Imported here: Scrapy and the demo are only needed when crawling.
    from crawler import demo as demo_site
    from crawler.credentials import load_credentials
    from crawler.localserver import serve
    from crawler.run import run_crawl

    if args.resume:
        return _resume_audit(args)
    config, demo = _audit_config(args)
    policy = _gate_policy(args, config.exceptions)
    out = _prepare_out(args.out)
    # Never part of config: the store and the reports show the config.
    credentials = load_credentials(args.credentials, out, os.environ)
    axe_dir = _axe_dir()
    if demo:
        config = dataclasses.replace(
            config,
            loopback_only=True,
            owners=config.owners or demo_site.owners(),
            # The demo's dates are fixed; its ages are counted to the day it was written for.
            reference_date=config.reference_date or demo_site.REFERENCE_DATE,
        )
    _check_owner(args.owner, config)
    server = None
    if demo:
        server = serve(demo_site.build_site, demo_site.PORT)
        config = dataclasses.replace(config, start_urls=(server.base_url + "/",))
        print(f"klarsyn: auditing the bundled demo site at {server.base_url}/", file=sys.stderr)
    try:
        store = Store(out / STORE_NAME)
        started = datetime.now(UTC).astimezone()
        try:
            run_id = store.start_run(
                ", ".join(config.start_urls),
                started.isoformat(timespec="seconds"),
                __version__,
                config.public_settings(),
            )
        finally:
            store.close()
        outcome = run_crawl(config, out, run_id, axe_dir, credentials=credentials)
    finally:
        if server is not None:
            server.stop()
    return _finish_audit(args, policy, config, out, run_id, started.date(), outcome)


def _resume_audit(args: argparse.Namespace) -> int:
    """``--resume``: continue the latest unfinished run of the store in ``--out``."""
    from crawler.credentials import load_credentials
    from crawler.resume import config_from_settings, resume_state
    from crawler.run import run_crawl

    given = [name for name, value in _setting_options(args).items() if value is not None]
    if args.urls or args.urls_file is not None or args.config is not None or given:
        options = ["URL" if args.urls else "", "--urls" if args.urls_file else "",
                   "--config" if args.config else "", *(_OPTION_NAMES.get(g, g) for g in given)]
        raise UsageError(
            "--resume continues a stored run with the settings it was started with: drop "
            + ", ".join(o for o in options if o)
        )
    if args.out is None:
        raise UsageError("--resume needs --out, the output folder whose run it continues")
    path = args.out / STORE_NAME
    if not path.is_file():
        raise UsageError(f"there is no klarsyn store in {args.out} to resume")
    store = Store(path, create=False)
    try:
        run_id = store.unfinished_run_id()
        if run_id is None:
            raise UsageError(f"every run in {path} is complete: there is nothing to resume")
        run = store.load_run(run_id)
        config = config_from_settings(run.settings)
        state = resume_state(store, run_id, follow_links=not config.fixed_urls)
    finally:
        store.close()
    policy = _gate_policy(args, config.exceptions)
    _check_owner(args.owner, config)
    out = _prepare_out(args.out)
    # Credentials are never stored with the run: give --credentials again to resume with them.
    credentials = load_credentials(args.credentials, out, os.environ)
    axe_dir = _axe_dir()
    print(
        f"klarsyn: resuming run {run_id} of {path.resolve()}: {len(state.seen)} URL(s) done, "
        f"{len(state.frontier)} to go on from",
        file=sys.stderr,
    )
    outcome = run_crawl(config, out, run_id, axe_dir, credentials=credentials, resume=state)
    started = date.fromisoformat(run.started[:10])
    return _finish_audit(args, policy, config, out, run_id, started, outcome)


#: Command-line spelling of the settings that are not simply ``--name-with-dashes``.
_OPTION_NAMES = {"hosts": "--host", "formats": "--format"}


def _finish_audit(
    args: argparse.Namespace,
    policy: GatePolicy,
    config: AuditConfig,
    out: Path,
    run_id: int,
    started: date,
    outcome: CrawlOutcome,
) -> int:
    """Account for every URL met, close the run, write the reports, decide the exit code."""
    from crawler.resume import unfinished_rows
    from crawler.sitepass import check_site
    from crawler.textpass import rescore_run

    path = out / STORE_NAME
    if outcome.store_error:
        print(
            f"klarsyn: error: the audit stopped: {outcome.store_error}; the pages stored "
            f"before that stay readable (klarsyn report {path}) and, once there is room, "
            f"klarsyn audit --resume --out {out} continues the run",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    store = Store(path)
    try:
        store.add_missing_pages(
            run_id, unfinished_rows(outcome.pending, interrupted=outcome.partial)
        )
        store.finish_run(
            run_id,
            _now(),
            partial=outcome.partial,
            axe_version=outcome.axe_version,
            browser_version=outcome.browser_version,
        )
        rescore_run(store, run_id, config.min_words)
        check_site(store, run_id, config, date.fromisoformat(config.reference_date or str(started)))
        pages, diff = _render(store, run_id, out, config.formats, args.owner, policy)
        new = _new_fingerprints(policy, diff)
        _point_to_history(store, run_id)
    finally:
        store.close()
    audited = sum(page.status is PageStatus.AUDITED for page in pages)
    if not audited and outcome.interrupted:
        print(
            f"klarsyn: the audit was interrupted before any page was audited; continue the "
            f"run with klarsyn audit --resume --out {out}",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    if not audited:
        print(f"klarsyn: {_nothing_audited(pages, config)}", file=sys.stderr)
        return EXIT_FAILURE
    code = _exit_code(pages, policy, new)
    if outcome.partial:
        how = "interrupted" if outcome.interrupted else "stopped early"
        print(
            f"klarsyn: the audit was {how}: the reports cover the {audited} page(s) audited "
            f"of {len(pages)} URL(s) met and are marked partial; continue the run with "
            f"klarsyn audit --resume --out {out}",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED if outcome.interrupted else max(code, EXIT_FAILURE)
    return code


def cmd_report(args: argparse.Namespace) -> int:
    out = _prepare_out(args.out or args.store.parent)
    store = Store(args.store, create=False)
    try:
        run_id = args.run if args.run is not None else store.latest_run_id()
        policy = _gate_policy(args, _exceptions_file(args, store, run_id))
        pages, diff = _render(store, run_id, out, args.formats, args.owner, policy)
        new = _new_fingerprints(policy, diff)
        partial = store.load_run(run_id).partial
    finally:
        store.close()
    code = _exit_code(pages, policy, new)
    if partial:
        print(
            f"klarsyn: run {run_id} is partial (interrupted or unfinished): the reports "
            "cover only what it audited",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    return code


def _point_to_history(store: Store, run_id: int) -> None:
    """An audit into a folder that holds a store adds a run to it: say how to compare."""
    previous = previous_run(store, run_id)
    if previous is not None:
        print(
            f"klarsyn: run {run_id} added to {store.path.resolve()}; compare it with the "
            f"previous run: klarsyn diff {previous} {run_id} --db {store.path}",
            file=sys.stderr,
        )


def cmd_history(args: argparse.Namespace) -> int:
    store = Store(args.store, create=False)
    try:
        print(history_text(store.list_runs()))
    finally:
        store.close()
    return EXIT_CLEAN


def cmd_diff(args: argparse.Namespace) -> int:
    store = Store(args.db, create=False)
    try:
        diff = diff_runs(store, args.run_a, args.run_b)
    finally:
        store.close()
    if args.json:
        # ASCII: page-derived text must not reach a terminal as C1 or bidi controls.
        print(json.dumps(diff.as_dict(), ensure_ascii=True, indent=2))
    else:
        print(diff_text(diff))
    return EXIT_CLEAN


def _read_draft(source: str) -> str:
    """The text of FILE, or of standard input for ``-``; UTF-8, else Windows-1252."""
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {source} ({exc.strerror})") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def cmd_text(args: argparse.Namespace) -> int:
    from audits import draft

    config = build_config(
        read_config_file(args.config) if args.config else {}, {"min_words": args.min_words}
    )
    try:
        audience = draft.audience_named(args.audience, config.audiences)
        readability, findings = draft.check_draft(_read_draft(args.draft), config.min_words)
    except draft.DraftError as exc:
        raise UsageError(str(exc)) from exc
    show = draft_json if args.json else draft_text
    print(show(readability, findings, audience))
    over = readability.lix is not None and readability.lix > audience.lix_target
    return EXIT_VIOLATIONS if findings or over else EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = {
        "audit": cmd_audit,
        "report": cmd_report,
        "text": cmd_text,
        "history": cmd_history,
        "diff": cmd_diff,
    }[args.command]
    try:
        return command(args)
    except (UsageError, ConfigError, StoreError) as exc:
        print(f"klarsyn: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        # The reader (| head) went away: not an error of ours, and nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLEAN
    except KeyboardInterrupt:
        print("klarsyn: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        with tempfile.NamedTemporaryFile(
            "w", prefix="klarsyn-error-", suffix=".txt", delete=False
        ) as report:
            traceback.print_exc(file=report)
        print(
            f"klarsyn: internal error: {type(exc).__name__}: {exc} (details: {report.name})",
            file=sys.stderr,
        )
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
