"""``klarsyn report``: render the reports of a stored run again, and judge it with the gate."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from klarsyn.cli.exitcodes import EXIT_FAILURE, EXIT_INTERRUPTED
from klarsyn.cli.messages import say, say_verdict, say_written
from klarsyn.cli.options import add_gate_options, add_lang_option, formats, gate_policy
from klarsyn.cli.portfolio import run_report
from klarsyn.render import ReportRequest, render_report
from reports.reporters.files import DEFAULT_FORMATS
from reports.store import STORE_NAME

if TYPE_CHECKING:
    from klarsyn.cli.options import Subcommands


def add_to(commands: Subcommands) -> None:
    report = commands.add_parser("report", help="render the reports again from a store")
    report.add_argument("store", type=Path, metavar="DB", help=f"a {STORE_NAME} file")
    report.add_argument("--out", type=Path, help="output folder (default: the store's folder)")
    report.add_argument("--format", dest="formats", type=formats, default=DEFAULT_FORMATS)
    add_lang_option(report)
    report.add_argument("--run", type=int, help="run id (default: the latest)")
    report.add_argument("--owner", help="the report of this owner's pages only")
    report.add_argument(
        "--manual",
        type=Path,
        metavar="FILE",
        help="a filled-in urval.csv (--format sample): show its manual verdicts beside the "
        "automated results in report.html and report.json",
    )
    report.add_argument(
        "--sample-seed",
        type=int,
        metavar="N",
        help="the seed of the random part of --format sample (default: one derived from the run)",
    )
    report.add_argument(
        "--portfolio",
        action="store_true",
        help="render every site's latest run of the store, each into a folder of its own, "
        "and portfolio.html, .json and .csv over them",
    )
    add_gate_options(report)
    report.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.portfolio:
        return run_report(args)
    rendered = render_report(
        ReportRequest(
            store=args.store,
            out=args.out,
            formats=args.formats,
            run_id=args.run,
            owner=args.owner,
            gate=gate_policy(args),
            exceptions=args.exceptions,
            lang=args.lang or "sv",
            manual=args.manual,
            sample_seed=args.sample_seed,
        )
    )
    say_written(rendered)
    code = say_verdict(rendered)
    if rendered.partial:
        say(
            f"run {rendered.run_id} is partial (interrupted or unfinished): the reports "
            "cover only what it audited"
        )
        return EXIT_INTERRUPTED
    # A report asked for and not made is a technical failure, whatever the findings.
    return EXIT_FAILURE if rendered.failed else code
