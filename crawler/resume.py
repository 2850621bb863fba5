"""Interrupted runs: the rows of URLs left unfinished, and where ``--resume`` goes on.

An interrupted crawl (Ctrl-C, SIGTERM) leaves a ledger row for every URL it met: the
URLs it had requested but not finished get ``skipped``/``interrupted`` rows. After a
``kill -9`` the store holds every page committed before it (each page is one
transaction) and the run has no end time.

``--resume`` continues the latest such run of a store with the settings it was started
with. The spider is seeded with every URL of the run's ledger (and every final URL of a
redirect) as already seen, so none is fetched or audited again, except the rows marked
``interrupted``, which are redone. Then the crawl goes on from the stored links of the
audited pages whose targets have no row yet (what was in flight when the process died),
and from robots.txt, the sitemaps and the start URLs as a new crawl would. The page
budget counts the URLs already fetched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from audits.model import PageResult, PageStatus, Reason
from audits.targets import audiences_from, owners_from
from crawler.config import AuditConfig, ConfigError, build_config, consent_from
from reports.store import Store


@dataclass(frozen=True)
class Pending:
    """A URL the crawl requested (or must request) and has not finished."""

    url: str
    depth: int
    referrer: str
    #: How the crawl met it (audits.model.FoundBy); "" when not known (a resumed frontier).
    found_by: str = ""


@dataclass(frozen=True)
class ResumeState:
    """What a resumed spider starts from."""

    #: URLs with a ledger row, and the final URLs they redirected to: never fetched again.
    seen: frozenset[str]
    #: Rows that cost a request: they count against the page budget.
    fetched: int
    #: Where the crawl goes on: interrupted rows, then unvisited links of audited pages.
    frontier: tuple[Pending, ...]


def unfinished_rows(pending: Iterable[Pending], *, interrupted: bool) -> list[PageResult]:
    """Ledger rows for requested URLs that got none: the crawl was stopped before they were
    done (skipped, ``interrupted``), or, in a crawl that ran to its end, an error inside
    klarsyn lost them (failed, ``internal_error``; the log has the details). The store adds
    only those without a row, so every URL met is in the ledger either way."""
    status, reason = (
        (PageStatus.SKIPPED, Reason.INTERRUPTED)
        if interrupted
        else (PageStatus.FAILED, Reason.INTERNAL_ERROR)
    )
    return [
        PageResult(
            url=p.url,
            status=status,
            reason=reason,
            depth=p.depth,
            referrer=p.referrer,
            facts={"found_by": p.found_by} if p.found_by else {},
        )
        for p in pending
    ]


def resume_state(store: Store, run_id: int, *, follow_links: bool = True) -> ResumeState:
    """The seen set, the budget already spent and the frontier of an unfinished run."""
    seen: set[str] = set()
    frontier: dict[str, Pending] = {}
    fetched = 0
    for row in store.ledger_rows(run_id):
        if row.reason == Reason.INTERRUPTED:
            frontier.setdefault(row.url, Pending(row.url, row.depth, row.referrer))
            continue
        seen.add(row.url)
        if row.final_url:
            seen.add(row.final_url)
        if row.status is not PageStatus.SKIPPED or row.http_status is not None:
            fetched += 1
    if follow_links:
        for target, depth, referrer in store.audited_links(run_id):
            if target not in seen:
                frontier.setdefault(target, Pending(target, depth + 1, referrer))
    return ResumeState(frozenset(seen), fetched, tuple(frontier.values()))


def config_from_settings(settings: Mapping[str, Any]) -> AuditConfig:
    """The AuditConfig a run was started with, from its stored settings."""
    names = {f.name for f in fields(AuditConfig)}
    values: dict[str, Any] = {}
    for name, value in settings.items():
        if name not in names:
            continue  # a setting of another klarsyn version: the default applies
        if name == "owners":
            values[name] = owners_from(value)
        elif name == "audiences":
            values[name] = audiences_from(value)
        elif name == "consent":
            values[name] = consent_from(value) if value is not None else None
        elif isinstance(value, list):
            values[name] = tuple(value)
        else:
            values[name] = value
    try:
        return build_config(values, {})
    except (ConfigError, TypeError, ValueError) as exc:
        raise ConfigError(f"the stored settings of the run cannot be used again ({exc})") from exc
