"""A worker of a distributed audit: joins the run in the queue, crawls and audits from the
shared frontier until the coordinator ends the run.

The worker runs klarsyn's own crawl (crawler/run.py's settings, the site spider, the
browser stage, the text and document pipelines) with scrapy-redis's scheduler and
duplicate filter on the queue (crawler/distributed/frontier.py), the spider's claims in
Redis, and, instead of the store, a pipeline that sends each page to the coordinator
(crawler/distributed/results.py). It writes no file. The run's settings come from the
queue; credentials only from this machine (``--credentials``, the environment), never
through the queue. The first worker's spider puts the start URLs and sitemaps (and a
resumed run's frontier) into the frontier; the others find them claimed already.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import socket
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.exceptions import DontCloseSpider

from crawler.credentials import Credentials
from crawler.distributed.connection import QueueAddress, QueueError, RunRecord, connect, read_run
from crawler.distributed.frontier import CONFIG_KEY, RedisClaims
from crawler.distributed.results import Sender
from crawler.resume import Pending, ResumeState, config_from_settings
from crawler.run import cap_malloc_arenas, crawl_settings
from crawler.spiders.site import SiteSpider

log = logging.getLogger(__name__)

_GATED = "crawler.distributed.politeness.GatedHTTPDownloadHandler"
#: Seconds between looks for a run when none is in the queue yet.
WAIT_INTERVAL = 1.0


@dataclass(frozen=True)
class WorkerOutcome:
    run_id: int
    worker: str
    #: Pages this worker sent to the coordinator.
    sent: int


def worker_name() -> str:
    """Which worker audited a page: this machine and process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def run_worker(
    url: str,
    environ: Mapping[str, str],
    axe_dir: Path,
    *,
    browsers: int | None = None,
    credentials: Credentials | None = None,
    wait: float | None = None,
) -> WorkerOutcome | None:
    """Join the queue's run (waiting up to ``wait`` seconds for one; None: forever) and
    work until it ends; None when no run came."""
    cap_malloc_arenas()
    client, address = connect(url, environ)
    record = _wait_for_run(client, address, wait)
    if record is None:
        return None
    stored = client.get(CONFIG_KEY)
    if stored is None:
        raise QueueError(f"the run in the queue at {address} has no settings: it has ended")
    shared = json.loads(stored)
    config = config_from_settings(shared["settings"])
    # A resumed run's frontier: where the crawl goes on (the seen set is in the queue).
    resume = ResumeState(
        frozenset(), 0, tuple(Pending(*entry) for entry in shared.get("frontier", ()))
    )
    if browsers:
        config = dataclasses.replace(config, browsers=browsers)
    name = worker_name()
    sender = Sender(client, name, int(shared["lease"]))
    with tempfile.TemporaryDirectory(prefix="klarsyn-worker-") as work:
        settings = crawl_settings(config, Path(work), record.run_id, axe_dir, credentials)
        settings.setdict(
            {
                "LOG_FILE": None,
                "SCHEDULER": "crawler.distributed.frontier.LeasedScheduler",
                "ITEM_PIPELINES": {
                    **settings.getdict("ITEM_PIPELINES"),
                    "crawler.pipelines.StorePipeline": None,
                    "crawler.distributed.results.ResultPipeline": 900,
                },
                "KLARSYN_PROGRESS": False,
                # Politeness per host across the workers (crawler/distributed/politeness.py).
                "DOWNLOAD_HANDLERS": {"http": _GATED, "https": _GATED},
                "EXTENSIONS": {
                    **settings.getdict("EXTENSIONS"),
                    "crawler.distributed.politeness.SharedPoliteness": 520,
                },
            },
            priority="cmdline",
        )
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(SiteSpider)
        sent = {"pages": 0}

        def opened(spider: SiteSpider) -> None:
            sender.attach(spider)

        def idle() -> None:
            current = read_run(client, address)
            if current is not None and current.run_id == record.run_id:
                raise DontCloseSpider

        def counted() -> None:
            sent["pages"] += 1

        crawler.signals.connect(opened, signal=signals.spider_opened)
        crawler.signals.connect(idle, signal=signals.spider_idle)
        crawler.signals.connect(counted, signal=signals.item_scraped)
        process.crawl(
            crawler, config=config, resume=resume, claims=RedisClaims(client), outlet=sender
        )
        process.start()
    log.info("worker %s sent %s pages of run %s", name, sent["pages"], record.run_id)
    return WorkerOutcome(record.run_id, name, sent["pages"])


def _wait_for_run(client: object, address: QueueAddress, wait: float | None) -> RunRecord | None:
    deadline = None if wait is None else time.monotonic() + wait
    while True:
        record = read_run(client, address)  # type: ignore[arg-type]
        if record is not None:
            return record
        if deadline is not None and time.monotonic() >= deadline:
            return None
        time.sleep(WAIT_INTERVAL)
