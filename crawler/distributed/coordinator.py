"""The coordinator of a distributed audit: announces the run in the queue, stores what the
workers send, and ends the run when nothing is left.

Only the coordinator writes the store. It takes the workers' pages from the results list
and adds each URL's first result (a page handled twice, after its lease expired under a
slow worker, is stored once); it puts expired leases back into the queue (a worker that
died loses no page); and once the start URLs are in the frontier (``seeded``), it ends
the run when the queue, the leases and the results have been empty on two looks in a row
a poll apart. Then the CLI closes the run as after a crawl in one process (text pass, site
pass, reports: klarsyn/audit.py).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path

from crawler.config import AuditConfig
from crawler.distributed.connection import QueueError, announce_run, connect, end_run, read_run
from crawler.distributed.frontier import (
    CONFIG_KEY,
    RESULTS_KEY,
    SEEDED_KEY,
    clear_run,
    expire_leases,
    outstanding,
)
from crawler.distributed.results import decode_page
from crawler.run import CrawlOutcome
from reports.store import STORE_NAME, Store

log = logging.getLogger(__name__)

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
) -> CrawlOutcome:
    """Run ``run_id`` through the queue at ``url`` until every URL has its ledger row."""
    client, address = connect(url, environ)
    running = read_run(client, address)
    if running is not None:
        raise QueueError(
            f"the queue at {address} already holds run {running.run_id} of {running.site}:"
            " use another database number in the queue URL for a second audit at once"
        )
    clear_run(client)
    client.set(CONFIG_KEY, json.dumps({"settings": config.public_settings(), "lease": lease}))
    announce_run(client, run_id, ", ".join(config.start_urls))
    log.info("run %s announced in the queue at %s", run_id, address)
    stored: set[str] = set()
    quiet = 0
    try:
        with Store(out / STORE_NAME) as store:
            while quiet < QUIET_LOOKS:
                popped = client.blpop([RESULTS_KEY], timeout=POLL)
                if popped is not None:
                    quiet = 0
                    result, rules = decode_page(popped[1])
                    if result.url in stored:
                        continue
                    store.add_page(run_id, result, None, ())
                    if rules:
                        store.add_rules(run_id, rules)
                    stored.add(result.url)
                    continue
                if expire_leases(client):
                    log.info("expired leases went back to the queue")
                seeded = bool(client.exists(SEEDED_KEY))
                quiet = quiet + 1 if seeded and outstanding(client) == 0 else 0
    finally:
        end_run(client)
        clear_run(client)
    log.info("run %s: %s pages stored from the queue", run_id, len(stored))
    return CrawlOutcome(partial=False, interrupted=False, axe_version="", browser_version="")
