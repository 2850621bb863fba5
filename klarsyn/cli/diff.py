"""``klarsyn diff``: what changed between two runs of a store, on standard output."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from klarsyn.cli.exitcodes import EXIT_CLEAN
from klarsyn.runs import compare_runs
from reports.reporters.textreport import diff_text
from reports.store import STORE_NAME

if TYPE_CHECKING:
    from klarsyn.cli.options import Subcommands


def add_to(commands: Subcommands) -> None:
    diff = commands.add_parser("diff", help="what changed between two runs of a store")
    diff.add_argument("run_a", type=int, metavar="RUN_A", help="the earlier run's id")
    diff.add_argument("run_b", type=int, metavar="RUN_B", help="the later run's id")
    diff.add_argument(
        "--db", type=Path, default=Path(STORE_NAME), help=f"the store (default: ./{STORE_NAME})"
    )
    diff.add_argument("--json", action="store_true", help="print JSON instead of text")
    diff.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    diff = compare_runs(args.db, args.run_a, args.run_b)
    if args.json:
        # ASCII: page-derived text must not reach a terminal as C1 or bidi controls.
        print(json.dumps(diff.as_dict(), ensure_ascii=True, indent=2))
    else:
        print(diff_text(diff))
    return EXIT_CLEAN
