"""``klarsyn worker URL``: join the distributed audit in progress on the queue at URL,
crawl and audit from its shared frontier, and exit 0 when the coordinator ends the run.

Bad input and a queue that cannot be used (unreachable, a refused password, a run of
another klarsyn schema version) are one sentence and exit 1.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from klarsyn.audit import find_axe_dir
from klarsyn.cli.exitcodes import EXIT_CLEAN
from klarsyn.cli.messages import say
from klarsyn.errors import UsageError

if TYPE_CHECKING:
    from klarsyn.cli.options import Subcommands


def add_to(commands: Subcommands) -> None:
    worker = commands.add_parser(
        "worker", help="crawl and audit for the distributed audit on a queue (audit --queue)"
    )
    worker.add_argument(
        "queue",
        metavar="URL",
        help="the queue: redis://HOST:PORT/DB or rediss://HOST:PORT/DB (TLS); password in"
        " KLARSYN_REDIS_PASSWORD, an ACL user in KLARSYN_REDIS_USER",
    )
    worker.add_argument(
        "--browsers", type=int, help="headless Chromium instances (default: the run's setting)"
    )
    worker.add_argument(
        "--credentials",
        type=Path,
        metavar="FILE",
        help="TOML file with a cookie, header or basic auth for the site",
    )
    worker.add_argument(
        "--wait",
        type=float,
        metavar="SECONDS",
        help="give up when no run comes within SECONDS (default: wait for one)",
    )
    worker.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from crawler.credentials import load_credentials
    from crawler.distributed.worker import run_worker

    if args.browsers is not None and args.browsers < 1:
        raise UsageError("--browsers must be at least 1")
    # A worker writes no output folder: the file may be anywhere but the current folder's
    # reports, so it is checked against a folder it cannot be in.
    credentials = load_credentials(args.credentials, Path(os.devnull), os.environ)
    outcome = run_worker(
        args.queue,
        os.environ,
        find_axe_dir(),
        browsers=args.browsers,
        credentials=credentials or None,
        wait=args.wait,
    )
    if outcome is None:
        say(f"no run came to the queue within {args.wait:g} s")
        return EXIT_CLEAN
    say(f"run {outcome.run_id} ended: worker {outcome.worker} sent {outcome.sent} page(s)")
    return EXIT_CLEAN
