"""``klarsyn audit``: crawl a site (or continue a run with ``--resume``) and write the reports.

The work is klarsyn/audit.py's; this module reads the options, says what the audit does
and how it ended, and picks the exit code.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from audits.model import PageResult
from klarsyn.audit import (
    Audited,
    AuditRequest,
    DemoServed,
    Resuming,
    StoreFailed,
    resume_audit,
    start_audit,
)
from klarsyn.cli.digest import add_digest_options, say_digested
from klarsyn.cli.exitcodes import EXIT_FAILURE, EXIT_INTERRUPTED
from klarsyn.cli.messages import say, say_verdict, say_written
from klarsyn.cli.options import add_gate_options, add_lang_option, formats, gate_policy
from klarsyn.cli.portfolio import run_sites
from klarsyn.digest import make_digest
from klarsyn.errors import UsageError
from klarsyn.mail import smtp_password
from klarsyn.mailsettings import NotifySettings, read_notify_settings
from reports.reporters.files import DEFAULT_FORMATS, FORMATS
from reports.store import Store

if TYPE_CHECKING:
    from klarsyn.cli.options import Subcommands

#: Command-line spelling of the settings that are not simply ``--name-with-dashes``.
_OPTION_NAMES = {"hosts": "--host", "formats": "--format"}


def add_to(commands: Subcommands) -> None:
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
    audit.add_argument(
        "--max-pages",
        type=int,
        help="at most N URLs fetched (default 500; a --urls list: all of it)",
    )
    audit.add_argument(
        "--max-depth", type=int, help="at most N links from a start URL (default 10)"
    )
    audit.add_argument("--browsers", type=int, help="headless Chromium instances (default 2)")
    audit.add_argument(
        "--format",
        dest="formats",
        type=formats,
        help=f"comma-separated, among {','.join(FORMATS)} (default {','.join(DEFAULT_FORMATS)})",
    )
    add_lang_option(audit)
    audit.add_argument(
        "--host", dest="hosts", action="append", help="another host[:port] in scope (repeatable)"
    )
    audit.add_argument("--include", action="append", help="only URLs matching this regex")
    audit.add_argument("--exclude", action="append", help="no URLs matching this regex")
    audit.add_argument("--query", choices=("keep", "drop"), help="query-string policy")
    _switch(audit, "--best-practice", "also run axe-core's best-practice rules (reported apart)")
    audit.add_argument("--page-timeout", type=float, help="seconds per page in the browser")
    _switch(audit, "--loopback-only", "the browser resolves only 127.0.0.1 (tests, offline demo)")
    _switch(audit, "--block-third-party", "the browser loads nothing from hosts outside the scope")
    _switch(
        audit,
        "--evidence",
        "keep an evidence pack: each page's HTML and screenshots, manifest.json with hashes",
    )
    _switch(
        audit,
        "--incremental",
        "re-use the previous run's results for pages whose HTML, stylesheets and scripts"
        " did not change",
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
    audit.add_argument(
        "--sites",
        type=Path,
        metavar="FILE",
        help="audit every site a TOML sites file names into one store; "
        "each site's reports in its own folder and a portfolio page over them",
    )
    audit.add_argument(
        "--parallel",
        type=int,
        metavar="N",
        help="with --sites: crawl up to N sites at the same time, never two that share a "
        "host (default 1; each crawl has its own --browsers)",
    )
    audit.add_argument(
        "--queue",
        metavar="URL",
        help="coordinate a distributed audit on Redis (redis://HOST:PORT/DB, rediss:// for"
        " TLS; password in KLARSYN_REDIS_PASSWORD): workers started with `klarsyn worker URL`"
        " crawl and audit, this process stores and reports",
    )
    audit.add_argument(
        "--lease",
        type=int,
        metavar="SECONDS",
        help="with --queue: a page a worker holds longer goes back to the queue (default 120)",
    )
    audit.add_argument(
        "--digest",
        action="store_true",
        help="after the audit, write each owner's digest of what changed since the previous "
        "run (digest/), and mail it when the config file has a [mail] table",
    )
    add_digest_options(audit)
    add_gate_options(audit)
    audit.set_defaults(handler=run)


def _switch(parser: argparse.ArgumentParser, flag: str, help_text: str) -> None:
    """An on/off setting: given, it overrides the config file; absent (None), it does not."""
    parser.add_argument(flag, action="store_const", const=True, help=help_text)


def run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    notify = _notify_settings(args)
    if args.sites is not None and (args.queue is not None or args.lease is not None):
        raise UsageError("--queue does not work with --sites yet: audit one site at a time")
    if args.sites is not None:
        return run_sites(args, settings)
    if args.parallel is not None:
        raise UsageError("--parallel is for --sites, the sites crawled at the same time")
    request = AuditRequest(
        out=args.out,
        credentials=args.credentials,
        owner=args.owner,
        gate=gate_policy(args),
        urls=tuple(args.urls),
        urls_file=args.urls_file,
        config_file=args.config,
        settings=settings,
        queue=args.queue,
        lease=args.lease,
    )
    if args.lease is not None and args.lease < 1:
        raise UsageError("--lease must be a whole number of seconds, at least 1")
    if args.resume:
        _refuse_new_settings(args, settings)
        outcome = resume_audit(request, _announce)
    else:
        outcome = start_audit(request, _announce)
    code = _conclude(outcome)
    if notify is not None and isinstance(outcome, Audited) and code != EXIT_INTERRUPTED:
        # A digest that could not be delivered is said, never the run's verdict.
        _digest(outcome, notify, dry_run=args.dry_run, owner=args.owner)
    return code


def _notify_settings(args: argparse.Namespace) -> NotifySettings | None:
    """The digest's settings with ``--digest`` (read, and the SMTP password checked, before
    the crawl: a typo must not cost a night's audit); None without it."""
    if not args.digest:
        if args.dry_run:
            raise UsageError("--dry-run is for --digest: it writes the digest's e-mails "
                             "instead of sending them")
        return None
    if args.sites is not None:
        raise UsageError("--digest does not work with --sites yet: audit one site at a time")
    notify = read_notify_settings(args.config)
    if notify.mail is not None and not args.dry_run:
        smtp_password(notify.mail, os.environ)
    return notify


def _digest(outcome: Audited, notify: NotifySettings, *, dry_run: bool,
            owner: str | None) -> None:
    with Store(outcome.store, create=False) as store:
        digested = make_digest(store, outcome.rendered.run_id, outcome.out, notify,
                               os.environ, dry_run=dry_run, report_owner=owner)
    say_digested(digested)


def _settings(args: argparse.Namespace) -> dict[str, object]:
    """The run settings given on the command line (None: not given)."""
    return {
        "max_pages": args.max_pages,
        "max_depth": args.max_depth,
        "browsers": args.browsers,
        "formats": args.formats,
        "lang": args.lang,
        "hosts": tuple(args.hosts) if args.hosts else None,
        "include": tuple(args.include) if args.include else None,
        "exclude": tuple(args.exclude) if args.exclude else None,
        "query": args.query,
        "best_practice": args.best_practice,
        "page_timeout": args.page_timeout,
        "loopback_only": args.loopback_only,
        "block_third_party": args.block_third_party,
        "contact": args.contact,
        "evidence": args.evidence,
        "incremental": args.incremental,
        "exceptions": str(args.exceptions.resolve()) if args.exceptions else None,
    }


def _refuse_new_settings(args: argparse.Namespace, settings: dict[str, object]) -> None:
    """A resumed run keeps the settings it was started with: name the options that differ."""
    given = [name for name, value in settings.items() if value is not None]
    if args.urls or args.urls_file is not None or args.config is not None or given:
        options = [
            "URL" if args.urls else "",
            "--urls" if args.urls_file else "",
            "--config" if args.config else "",
            *(_OPTION_NAMES.get(g, g) for g in given),
        ]
        raise UsageError(
            "--resume continues a stored run with the settings it was started with: drop "
            + ", ".join(o for o in options if o)
        )


def _announce(event: DemoServed | Resuming) -> None:
    if isinstance(event, DemoServed):
        say(f"auditing the bundled demo site at {event.base_url}/")
    else:
        say(
            f"resuming run {event.run_id} of {event.store}: {event.done} URL(s) done, "
            f"{event.to_go} to go on from"
        )


def _conclude(outcome: Audited | StoreFailed) -> int:
    """Where the reports are, how the audit ended, and the exit code."""
    if isinstance(outcome, StoreFailed):
        say(
            f"error: the audit stopped: {outcome.error}; the pages stored "
            f"before that stay readable (klarsyn report {outcome.store}) and, once there is "
            f"room, klarsyn audit --resume --out {outcome.out} continues the run"
        )
        return EXIT_FAILURE
    rendered = outcome.rendered
    say_written(rendered)
    if rendered.previous is not None:
        # An audit into a folder that holds a store adds a run to it: say how to compare.
        say(
            f"run {rendered.run_id} added to {outcome.store.resolve()}; compare it with the "
            f"previous run: klarsyn diff {rendered.previous} {rendered.run_id} "
            f"--db {outcome.store}"
        )
    audited = rendered.audited
    if not audited and outcome.interrupted:
        say(
            "the audit was interrupted before any page was audited; continue the "
            f"run with klarsyn audit --resume --out {outcome.out}"
        )
        return EXIT_INTERRUPTED
    if not audited:
        say(_nothing_audited(rendered.pages, outcome.start_urls))
        return EXIT_FAILURE
    code = say_verdict(rendered)
    if rendered.partial:
        how = "interrupted" if outcome.interrupted else "stopped early"
        say(
            f"the audit was {how}: the reports cover the {audited} page(s) audited "
            f"of {len(rendered.pages)} URL(s) met and are marked partial; continue the run "
            f"with klarsyn audit --resume --out {outcome.out}"
        )
        return EXIT_INTERRUPTED if outcome.interrupted else max(code, EXIT_FAILURE)
    # A report asked for and not made is a technical failure, whatever the findings.
    return EXIT_FAILURE if rendered.failed else code


def _nothing_audited(pages: Sequence[PageResult], start_urls: Sequence[str]) -> str:
    """One sentence that says why not a single page could be audited."""
    starts = {page.url: page for page in pages}
    for url in start_urls:
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
