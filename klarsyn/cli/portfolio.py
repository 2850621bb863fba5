"""``klarsyn audit --sites FILE`` and ``klarsyn report DB --portfolio``: what they say and
their exit code. The work is klarsyn/portfolio.py's.

The exit code of a job of several sites is the worst of its sites' (exitcodes.py): 130
when it was interrupted, else 1 when a site had a technical failure (nothing audited, a
page not scanned, a report not made, a store error), else 2 when a site's gate failed on
findings, else 0.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable

from klarsyn.audit import Audited, StoreFailed
from klarsyn.cli.exitcodes import EXIT_CLEAN, EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_VIOLATIONS
from klarsyn.cli.messages import say, say_verdict, say_written
from klarsyn.cli.options import gate_policy
from klarsyn.errors import UsageError
from klarsyn.portfolio import (
    PortfolioWritten,
    SitesRequest,
    SiteStarting,
    audit_sites,
    render_portfolio,
)
from klarsyn.render import Rendered

#: Options of ``klarsyn audit`` that name one site or one run, which a sites file replaces.
_ONE_SITE_OPTIONS = {
    "urls": "URL",
    "urls_file": "--urls",
    "config": "--config",
    "resume": "--resume",
    "credentials": "--credentials",
    "owner": "--owner",
}


def run_sites(args: argparse.Namespace, settings: dict[str, object]) -> int:
    """``klarsyn audit --sites FILE``."""
    given = [option for name, option in _ONE_SITE_OPTIONS.items() if getattr(args, name)]
    if given:
        raise UsageError(
            "--sites audits the sites its file names, each with its own settings: drop "
            + ", ".join(given)
        )
    written = audit_sites(
        SitesRequest(args.sites, args.out, gate_policy(args), settings, args.parallel or 1),
        _announce,
    )
    codes = []
    for site in written.sites:
        say(f"site '{site.name}':")
        codes.append(_site_code(site.outcome))
    if written.not_started:
        say("not audited, the job was stopped first: " + ", ".join(written.not_started))
    _say_portfolio(written)
    if written.interrupted:
        say(f"the job was interrupted; audit the sites again with klarsyn audit --sites "
            f"{args.sites} --out {written.out}")
        return EXIT_INTERRUPTED
    return worst(codes)


def run_report(args: argparse.Namespace) -> int:
    """``klarsyn report DB --portfolio``."""
    if args.run is not None or args.owner or args.manual or args.sample_seed is not None:
        raise UsageError(
            "--portfolio renders every site's latest run: drop --run, --owner, --manual "
            "and --sample-seed"
        )
    written = render_portfolio(
        args.store, args.out, args.formats, gate_policy(args), args.lang or "sv"
    )
    codes = []
    for rendered in written.rendered:
        codes.append(_rendered_code(rendered))
    _say_portfolio(written)
    return worst(codes)


def worst(codes: Iterable[int]) -> int:
    """The job's exit code of its sites' (see the module doc)."""
    found = set(codes)
    for code in (EXIT_INTERRUPTED, EXIT_FAILURE, EXIT_VIOLATIONS):
        if code in found:
            return code
    return EXIT_CLEAN


def _announce(event: SiteStarting) -> None:
    say(f"auditing site {event.number} of {event.of}: {event.name}")


def _site_code(outcome: Audited | StoreFailed) -> int:
    if isinstance(outcome, StoreFailed):
        say(f"error: the audit stopped: {outcome.error}")
        return EXIT_FAILURE
    rendered = outcome.rendered
    if not rendered.audited:
        say_written(rendered)
        say("nothing could be audited")
        return EXIT_INTERRUPTED if outcome.interrupted else EXIT_FAILURE
    return _rendered_code(rendered)


def _rendered_code(rendered: Rendered) -> int:
    say_written(rendered)
    code = say_verdict(rendered)
    if rendered.partial:
        # As for one site (klarsyn/cli/audit.py): a partial run never passes.
        say(f"run {rendered.run_id} is partial: its reports cover only what it audited")
        return max(code, EXIT_FAILURE)
    return EXIT_FAILURE if rendered.failed else code


def _say_portfolio(written: PortfolioWritten) -> None:
    for path in written.written:
        say(f"wrote {path.resolve()}")
    say(f"portfolio of {len(written.rows)} site(s) in {written.store.resolve()}")
