"""The coordinator of a distributed audit: announces the run in the queue, stores what the
workers send, and ends the run when nothing is left.

Only the coordinator writes the store. It takes the workers' pages from the results list
and adds each URL's first result (a page handled twice, after its lease expired under a
slow worker, is stored once); it puts expired leases back into the queue (a worker that
died loses no page); and once the start URLs are in the frontier (``seeded``), it ends
the run when the queue, the leases and the results have been empty on two looks in a row
a poll apart. Then the CLI closes the run as after a crawl in one process (text pass, site
pass, reports: klarsyn/audit.py).

Ctrl-C or SIGTERM ends the run in the queue at once (the workers stop when they are idle),
stores what the workers had sent, and returns the pages without a row as pending: the
reports are written and marked partial, and ``klarsyn audit --resume --out DIR`` continues
the run, in one process or, with ``--queue``, through the queue again: then the URLs with
a row are in the queue's seen set before the run is announced, the page budget counts
those fetched, and the workers start from the run's frontier (crawler/resume.py), which
comes with the run's settings.
"""

from __future__ import annotations

import json
import logging
import signal
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import astuple
from pathlib import Path

import redis

from crawler.browser.consent import BannerSeen
from crawler.config import AuditConfig
from crawler.distributed.connection import (
    QueueError,
    announce_run,
    connect,
    end_run,
    keep_run,
    read_run,
)
from crawler.distributed.frontier import (
    CONFIG_KEY,
    LEASED_KEY,
    PAGES_KEY,
    REQUESTS_KEY,
    RESULTS_KEY,
    SEEDED_KEY,
    SEEN_KEY,
    JsonSerializer,
    clear_run,
    expire_leases,
    outstanding,
)
from crawler.distributed.results import Versions, decode_page, read_banner, read_versions
from crawler.resume import Pending, ResumeState
from crawler.run import LOG_NAME, CrawlOutcome
from reports.store import STORE_NAME, Store

log = logging.getLogger(__name__)

#: URLs a command when a resumed run's seen set goes into the queue.
_SEED_SLICE = 5000
#: Seconds a leased request may take before it goes back to the queue.
DEFAULT_LEASE = 120
#: Seconds the coordinator waits for a result before it looks at the leases.
POLL = 1.0
#: Looks in a row that must find nothing left before the run ends.
QUIET_LOOKS = 2


def coordinate(
    config: AuditConfig,
    out: Path,
    run_id: int,
    url: str,
    environ: Mapping[str, str],
    *,
    lease: int = DEFAULT_LEASE,
    resume: ResumeState | None = None,
) -> CrawlOutcome:
    """Run ``run_id`` through the queue at ``url`` until every URL has its ledger row;
    with ``resume``, go on with an unfinished run where it stopped."""
    client, address = connect(url, environ)
    running = read_run(client, address)
    if running is not None:
        raise QueueError(
            f"the queue at {address} already holds run {running.run_id} of {running.site}:"
            " use another database number in the queue URL for a second audit at once"
        )
    clear_run(client)
    shared: dict[str, object] = {"settings": config.public_settings(), "lease": lease}
    if resume is not None:
        _seed_resumed(client, resume)
        shared["frontier"] = [astuple(pending) for pending in resume.frontier]
    client.set(CONFIG_KEY, json.dumps(shared))
    announce_run(client, run_id, ", ".join(config.start_urls))
    stored: set[str] = set(resume.seen) if resume else set()
    ledger = _Ledger(run_id, stored)
    versions: tuple[Versions, ...] = ()
    banner: BannerSeen | None = None
    pending: list[Pending] = []
    interrupted = False
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with _logged_to(out / LOG_NAME), Store(out / STORE_NAME) as store:
            log.info("run %s announced in the queue at %s", run_id, address)
            try:
                _collect(client, store, ledger)
            except KeyboardInterrupt:
                # Ctrl-C or SIGTERM: the workers stop taking pages; what they sent is kept.
                log.info("run %s stopped: the workers finish the pages they hold", run_id)
                interrupted = True
                end_run(client)
                while (popped := client.lpop(RESULTS_KEY)) is not None:
                    ledger.store(store, popped)
                pending = _unfinished(client, stored)
            versions = read_versions(client)
            banner = read_banner(client)
            ledger.summary(versions)
    finally:
        signal.signal(signal.SIGTERM, previous)
        end_run(client)
        clear_run(client)
    return CrawlOutcome(
        partial=interrupted,
        interrupted=interrupted,
        # Workers on other machines may run other versions: each distinct one is named.
        axe_version=", ".join(sorted({v.axe for v in versions})),
        browser_version=", ".join(sorted({v.browser for v in versions})),
        pending=tuple(pending),
        consent=banner,
    )


def _seed_resumed(client: redis.Redis, resume: ResumeState) -> None:
    """The URLs a resumed run has rows for into the seen set, in slices (a run of 100,000
    URLs is not one command), and the pages fetched into the budget."""
    seen = sorted(resume.seen)
    for start in range(0, len(seen), _SEED_SLICE):
        client.hset(SEEN_KEY, mapping=dict.fromkeys(seen[start:start + _SEED_SLICE], ""))
    client.set(PAGES_KEY, resume.fetched)


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM stops the coordinator as Ctrl-C does."""
    raise KeyboardInterrupt


@contextmanager
def _logged_to(path: Path) -> Iterator[None]:
    """This process's log lines also in the output folder's klarsyn.log (as a run in one
    process writes Scrapy's log there), while the coordinator runs the queue."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(min(level, logging.INFO))
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        handler.close()


class _Ledger:
    """The run's rows as the workers send them: each URL's first one is stored; which
    workers took part, and how many pages each, for the log."""

    def __init__(self, run_id: int, stored: set[str]) -> None:
        self.run_id = run_id
        self.stored = stored
        self.by_worker: Counter[str] = Counter()

    def store(self, store: Store, data: bytes) -> None:
        """A worker's page into the store, unless its URL has a row already."""
        result, rules = decode_page(data)
        if result.url in self.stored:
            return
        store.add_page(self.run_id, result, None, ())
        if rules:
            store.add_rules(self.run_id, rules)
        self.stored.add(result.url)
        worker = str(result.facts.get("worker", ""))
        if worker not in self.by_worker:
            log.info("worker %s joined run %s: its first page is stored", worker, self.run_id)
        self.by_worker[worker] += 1

    def summary(self, versions: tuple[Versions, ...]) -> None:
        log.info(
            "run %s: %s pages stored from the queue (%s)",
            self.run_id,
            sum(self.by_worker.values()),
            ", ".join(f"{w}: {n}" for w, n in sorted(self.by_worker.items())) or "no worker",
        )
        for v in versions:
            log.info("the workers audited with axe-core %s in Chromium %s", v.axe, v.browser)
        # A page a worker lost to an error is logged on that worker: say where to look.
        log.info("each worker's own log (its standard error) has its warnings and errors")


def _collect(client: redis.Redis, store: Store, ledger: _Ledger) -> None:
    """Store the workers' pages until the run is done."""
    quiet = 0
    while quiet < QUIET_LOOKS:
        keep_run(client)
        popped = client.blpop([RESULTS_KEY], timeout=POLL)
        if popped is not None:
            quiet = 0
            ledger.store(store, popped[1])
            continue
        if expire_leases(client):
            log.info("expired leases went back to the queue")
        seeded = bool(client.exists(SEEDED_KEY))
        quiet = quiet + 1 if seeded and outstanding(client) == 0 else 0


def _unfinished(client: redis.Redis, stored: set[str]) -> list[Pending]:
    """The pages of a stopped run that have no row: queued or leased (with their depth,
    referrer and how they were found), or claimed by a worker that had not queued them."""
    found: dict[str, Pending] = {}
    for data in [*client.zrange(REQUESTS_KEY, 0, -1), *client.hvals(LEASED_KEY)]:
        meta = JsonSerializer.loads(data).get("meta", {})
        url = meta.get("klarsyn_url")
        if url and url not in stored:
            found[url] = Pending(
                url,
                int(meta.get("klarsyn_depth", 0)),
                str(meta.get("klarsyn_referrer", "")),
                str(meta.get("klarsyn_found_by", "")),
            )
    for raw in client.hkeys(SEEN_KEY):
        url = raw.decode()
        if url not in stored and url not in found:
            found[url] = Pending(url, 0, "")
    return list(found.values())
