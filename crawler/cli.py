"""The ``klarsyn`` command: a thin layer over the crawler, the store and the reports.

Exit codes (documented in README.md):

- 0: every page was audited and no WCAG violation was found
- 2: pages were audited and WCAG violations were found
- 1: a technical failure: bad input (URL, config, output folder), nothing
  could be audited, a page that could not be scanned (a timeout, a browser
  error, a server error: never counted as a pass), or an internal error
- 130: interrupted before anything was audited

Errors are one sentence on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NoReturn

from audits.model import Outcome, PageResult, PageStatus, Source
from audits.targets import NO_OWNER, owners_from
from crawler import __version__
from crawler.config import (
    FORMATS,
    AuditConfig,
    ConfigError,
    build_config,
    check_url,
    read_config_file,
)
from reports.render import write_reports
from reports.scorecard import filter_owner
from reports.store import STORE_NAME, Store, StoreError

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
    audit.add_argument("--owner", help="write the report of this owner's pages only")

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


def _unscanned(page: PageResult) -> bool:
    """Failed for a reason of ours or the server's, not a client error like a broken link."""
    return page.status is PageStatus.FAILED and not page.reason.startswith("http_4")


def _exit_code(pages: Sequence[PageResult]) -> int:
    """Violations first; then an honest 1 when any page could not be scanned."""
    for page in pages:
        for finding in page.findings:
            if (
                finding.source is Source.AXE
                and finding.outcome is Outcome.VIOLATION
                and not finding.best_practice
            ):
                return EXIT_VIOLATIONS
    unscanned = sum(_unscanned(page) for page in pages)
    if unscanned:
        print(
            f"klarsyn: {unscanned} page(s) could not be scanned (see the ledger)", file=sys.stderr
        )
        return EXIT_FAILURE
    return EXIT_CLEAN


def _render(
    store: Store, run_id: int, out: Path, formats: Sequence[str], owner: str | None
) -> list[PageResult]:
    """Write the reports of one stored run (or of one owner's part), say where they are,
    and return the ledger rows they show."""
    run, pages = store.load_run(run_id), store.load_pages(run_id)
    try:
        written = write_reports(run, pages, store.load_rules(run_id), out, formats, owner=owner)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    for path in written:
        print(f"klarsyn: wrote {path.resolve()}", file=sys.stderr)
    if owner is None:
        return pages
    return filter_owner(pages, owner, owners_from(run.settings.get("owners", ())))


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
    overrides = {
        "start_urls": start_urls,
        "fixed_urls": fixed,
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
    }
    return build_config(file_values, overrides), demo


def cmd_audit(args: argparse.Namespace) -> int:
    # Imported here: Scrapy and the demo are only needed when crawling.
    from crawler import demo as demo_site
    from crawler.localserver import serve
    from crawler.run import run_crawl
    from crawler.sitepass import check_site
    from crawler.textpass import rescore_run

    config, demo = _audit_config(args)
    out = _prepare_out(args.out)
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
        server = serve(demo_site.build_site)
        config = dataclasses.replace(config, start_urls=(server.base_url + "/",))
        print(f"klarsyn: auditing the bundled demo site at {server.base_url}/", file=sys.stderr)
    try:
        store = Store(out / STORE_NAME)
        started = datetime.now(UTC).astimezone()
        run_id = store.start_run(
            ", ".join(config.start_urls),
            started.isoformat(timespec="seconds"),
            __version__,
            config.public_settings(),
        )
        store.close()
        outcome = run_crawl(config, out, run_id, axe_dir)
    finally:
        if server is not None:
            server.stop()
    store = Store(out / STORE_NAME)
    try:
        store.finish_run(
            run_id,
            _now(),
            partial=outcome.partial,
            axe_version=outcome.axe_version,
            browser_version=outcome.browser_version,
        )
        rescore_run(store, run_id, config.min_words)
        check_site(
            store,
            run_id,
            config,
            date.fromisoformat(config.reference_date or started.date().isoformat()),
        )
        pages = _render(store, run_id, out, config.formats, args.owner)
    finally:
        store.close()
    if not any(page.status is PageStatus.AUDITED for page in pages):
        print(f"klarsyn: {_nothing_audited(pages, config)}", file=sys.stderr)
        return EXIT_INTERRUPTED if outcome.interrupted else EXIT_FAILURE
    return _exit_code(pages)


def cmd_report(args: argparse.Namespace) -> int:
    out = _prepare_out(args.out or args.store.parent)
    store = Store(args.store, create=False)
    try:
        run_id = args.run if args.run is not None else store.latest_run_id()
        pages = _render(store, run_id, out, args.formats, args.owner)
    finally:
        store.close()
    return _exit_code(pages)


def cmd_text(args: argparse.Namespace) -> int:
    from crawler import draft

    config = build_config(
        read_config_file(args.config) if args.config else {}, {"min_words": args.min_words}
    )
    try:
        audience = draft.audience_named(args.audience, config.audiences)
        readability, findings = draft.check_draft(draft.read_draft(args.draft), config.min_words)
    except draft.DraftError as exc:
        raise UsageError(str(exc)) from exc
    show = draft.as_json if args.json else draft.as_text
    print(show(readability, findings, audience))
    over = readability.lix is not None and readability.lix > audience.lix_target
    return EXIT_VIOLATIONS if findings or over else EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = {"audit": cmd_audit, "report": cmd_report, "text": cmd_text}[args.command]
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
