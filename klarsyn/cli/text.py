"""``klarsyn text``: check a draft's readability and klarspråk before it is published.

The check is audits/draft.py's; this module reads the draft and the config, prints the
result on standard output and exits 2 when the draft has findings or is harder to read
than its audience's LIX target.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.config import build_config, read_config_file
from klarsyn.cli.exitcodes import EXIT_CLEAN, EXIT_VIOLATIONS
from klarsyn.errors import UsageError
from reports.i18n import LANGUAGES, translator
from reports.reporters.jsonreport import draft_json
from reports.reporters.textreport import draft_text

if TYPE_CHECKING:
    from klarsyn.cli.options import Subcommands


def add_to(commands: Subcommands) -> None:
    text = commands.add_parser("text", help="check a draft's readability and klarspråk")
    text.add_argument(
        "draft",
        nargs="?",
        default="-",
        metavar="FILE",
        help="plain text or HTML; - or nothing: standard input",
    )
    text.add_argument("--json", action="store_true", help="print JSON instead of text")
    text.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=LANGUAGES[0],
        help="language of the printed result: sv (default) or en; the advice quotes "
        "the Swedish draft as it is",
    )
    text.add_argument("--audience", help="whose LIX target applies (default: allmän information)")
    text.add_argument("--config", type=Path, help="TOML file whose [[audience]] list applies")
    text.add_argument("--min-words", type=int, help="score texts from this many words (default 50)")
    text.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Imported here, as the other commands have no use for the draft check.
    from audits import draft

    config = build_config(
        read_config_file(args.config) if args.config else {}, {"min_words": args.min_words}
    )
    try:
        audience = draft.audience_named(args.audience, config.audiences)
        readability, findings = draft.check_draft(
            _read_draft(args.draft), config.min_words, config.klarsprak_off
        )
    except draft.DraftError as exc:
        raise UsageError(str(exc)) from exc
    if args.json:
        print(draft_json(readability, findings, audience, args.lang))
    else:
        print(draft_text(readability, findings, audience, translator(args.lang)))
    over = audience.exceeded_by(readability.lix)
    return EXIT_VIOLATIONS if findings or over else EXIT_CLEAN


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
