"""``klarsyn digest``: the digest per owner of a stored run, written and (with ``[mail]``
in the config file) sent; and what ``klarsyn audit --digest`` says about it."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from klarsyn.cli.exitcodes import EXIT_CLEAN, EXIT_FAILURE
from klarsyn.cli.messages import say
from klarsyn.digest import Digested, make_digest
from klarsyn.mailsettings import read_notify_settings
from klarsyn.outfolder import prepare_out
from reports.store import STORE_NAME, Store

if TYPE_CHECKING:
    from klarsyn.cli.options import Subcommands


def add_to(commands: Subcommands) -> None:
    digest = commands.add_parser(
        "digest", help="what changed on each owner's pages since the previous run, per owner"
    )
    digest.add_argument("store", type=Path, metavar="DB", help=f"a {STORE_NAME} file")
    digest.add_argument("--run", type=int, help="run id (default: the latest)")
    digest.add_argument("--out", type=Path, help="output folder (default: the store's folder)")
    digest.add_argument("--config", type=Path, help="TOML file with [digest] and [mail] tables")
    add_digest_options(digest)
    digest.set_defaults(handler=run)


def add_digest_options(command: argparse.ArgumentParser) -> None:
    """The option ``digest`` and ``audit --digest`` share (both read ``--config``)."""
    command.add_argument(
        "--dry-run",
        action="store_true",
        help="write each owner's e-mail as digest/<owner>.eml instead of sending it",
    )


def run(args: argparse.Namespace) -> int:
    settings = read_notify_settings(args.config)
    with Store(args.store, create=False) as store:
        run_id = args.run if args.run is not None else store.latest_run_id()
        out = prepare_out(args.out or args.store.parent)
        digested = make_digest(store, run_id, out, settings, os.environ, dry_run=args.dry_run)
    return EXIT_FAILURE if say_digested(digested) else EXIT_CLEAN


def say_digested(digested: Digested) -> bool:
    """Where the digests are and what became of each message; True when one failed."""
    if digested.previous is None:
        say(f"no digest: run {digested.run_id} is the first run of its site in the store, "
            "so there is nothing to compare it with")
        return False
    if not digested.written:
        say(f"no digest: nothing new on any owner's pages since run {digested.previous}")
    for path in digested.written:
        say(f"wrote {path.resolve()}")
    for delivery in digested.deliveries:
        if delivery.outcome == "failed":
            say(f"error: the digest of {delivery.owner} was not delivered to "
                f"{', '.join(delivery.recipients)}: {delivery.error}")
        elif delivery.outcome == "sent":
            say(f"sent the digest of {delivery.owner} to {', '.join(delivery.recipients)}")
        elif delivery.outcome == "written":
            say(f"wrote {delivery.path} (not sent: --dry-run)")
        else:
            say(f"the digest of {delivery.owner} is not sent: the owner has no e-mail contact")
    return bool(digested.failed)
