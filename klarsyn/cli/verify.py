"""``klarsyn verify DIR``: check an evidence pack against its manifest.json.

Exit 0 when every listed file is there with its SHA-256 and no other file is; 2 when a
file changed, is missing or is not listed (each named on stderr); 1 when DIR holds no
readable manifest (one sentence).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from klarsyn.cli.exitcodes import EXIT_CLEAN, EXIT_FAILURE, EXIT_VIOLATIONS
from klarsyn.cli.messages import say
from klarsyn.evidence import EvidenceError, verify_pack

if TYPE_CHECKING:
    from klarsyn.cli.options import Subcommands


def add_to(commands: Subcommands) -> None:
    verify = commands.add_parser(
        "verify", help="check an evidence pack (audit --evidence) against its manifest"
    )
    verify.add_argument(
        "folder", type=Path, metavar="DIR", help="the run's evidence folder (evidence/run-N)"
    )
    verify.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        verdict = verify_pack(args.folder)
    except EvidenceError as exc:
        say(f"error: {exc}")
        return EXIT_FAILURE
    for name in verdict.changed:
        say(f"changed: {name}")
    for name in verdict.missing:
        say(f"missing: {name}")
    for name in verdict.unlisted:
        say(f"not in the manifest: {name}")
    partial = " (a partial run's pack)" if verdict.partial else ""
    if verdict.intact:
        say(f"intact{partial}: all {verdict.checked} file(s) of {args.folder} match the manifest")
        return EXIT_CLEAN
    say(
        f"NOT intact{partial}: {len(verdict.changed)} changed, {len(verdict.missing)} missing, "
        f"{len(verdict.unlisted)} not in the manifest, of {verdict.checked} file(s) listed"
    )
    return EXIT_VIOLATIONS
