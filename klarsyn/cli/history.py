"""``klarsyn history``: list the audit runs a store holds, on standard output."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from klarsyn.cli.exitcodes import EXIT_CLEAN
from klarsyn.runs import list_runs
from reports.reporters.textreport import history_text
from reports.store import STORE_NAME

if TYPE_CHECKING:
    from klarsyn.cli.options import Subcommands


def add_to(commands: Subcommands) -> None:
    history = commands.add_parser("history", help="list the audit runs a store holds")
    history.add_argument(
        "store",
        type=Path,
        nargs="?",
        default=Path(STORE_NAME),
        metavar="DB",
        help=f"a {STORE_NAME} file (default: the one in the current folder)",
    )
    history.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    print(history_text(list_runs(args.store)))
    return EXIT_CLEAN
