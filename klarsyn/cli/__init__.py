"""The ``klarsyn`` command: parses the arguments, lets the application layer do the work
(klarsyn/audit.py, klarsyn/render.py, klarsyn/runs.py), prints what came of it and exits
with the code klarsyn/cli/exitcodes.py documents.

One module per subcommand (``audit``, ``text``, ``report``, ``history``, ``diff``,
``verify``): each
adds its parser and runs it. Errors are one sentence on stderr, never a traceback; an
unexpected exception is an "internal error" whose traceback goes to a file.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence

from crawler import __version__
from crawler.config import ConfigError
from klarsyn.cli import audit, diff, digest, history, report, text, verify, worker
from klarsyn.cli.exitcodes import EXIT_CLEAN, EXIT_FAILURE, EXIT_INTERRUPTED
from klarsyn.cli.options import Parser
from klarsyn.errors import UsageError
from reports.store import StoreError


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="klarsyn", description="Accessibility and plain-language audits.")
    parser.add_argument("--version", action="version", version=f"klarsyn {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for command in (audit, text, report, history, diff, digest, verify, worker):
        command.add_to(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
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
        ) as report_file:
            traceback.print_exc(file=report_file)
        print(
            f"klarsyn: internal error: {type(exc).__name__}: {exc} (details: {report_file.name})",
            file=sys.stderr,
        )
        return EXIT_FAILURE
