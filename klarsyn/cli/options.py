"""What the subcommands share on the command line: the parser that exits 1 on bad usage,
the types of ``--format`` and of the thresholds, and the CI gate's options of ``audit``
and ``report``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from audits.model import IMPACTS
from klarsyn.cli.exitcodes import EXIT_FAILURE
from reports.gate import FailOn, GatePolicy
from reports.i18n import LANGUAGES
from reports.reporters.files import FORMATS

if TYPE_CHECKING:
    #: What each subcommand module adds its parser to.
    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]


class Parser(argparse.ArgumentParser):
    """argparse exits 2 on bad usage, which is our code for "violations found"."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_FAILURE, f"klarsyn: error: {message}\n")


def formats(value: str) -> tuple[str, ...]:
    """``--format``: comma-separated report formats."""
    chosen = tuple(f.strip() for f in value.split(",") if f.strip())
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise argparse.ArgumentTypeError(f"choose among {','.join(FORMATS)}")
    return chosen


def add_lang_option(command: argparse.ArgumentParser) -> None:
    """``--lang``: the language of the reports' own words (page text is never translated)."""
    command.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="language of the reports: sv (default) or en",
    )


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number of 0 or more")
    return number


def add_gate_options(command: argparse.ArgumentParser) -> None:
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


def gate_policy(args: argparse.Namespace) -> GatePolicy:
    """The gate the options ask for; its accepted exceptions are read by the application
    layer (``--exceptions``, or the file the run was audited with)."""
    limits = {i: getattr(args, f"max_{i}") for i in IMPACTS}
    return GatePolicy(
        fail_on=FailOn(args.fail_on),
        max_impact={impact: n for impact, n in limits.items() if n is not None},
        allow_unscanned=args.allow_unscanned,
    )
