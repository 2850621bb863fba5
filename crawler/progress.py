"""Progress of a running audit: a live line on a terminal, plain log lines elsewhere."""

from __future__ import annotations

import sys
import time
from typing import Self, TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task


class Progress:
    """Prints found / audited / failed / skipped and pages per second.

    On a terminal the line is redrawn twice a second; otherwise (cron, CI) a
    plain line is written every ``KLARSYN_PROGRESS_INTERVAL`` seconds.
    """

    def __init__(self, crawler: Crawler, stream: TextIO, interval: float) -> None:
        self.stats = crawler.stats
        self.stream = stream
        self.live = stream.isatty()
        self.interval = 0.5 if self.live else interval
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.show)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("KLARSYN_PROGRESS"):
            raise NotConfigured
        progress = cls(crawler, sys.stderr, crawler.settings.getfloat("KLARSYN_PROGRESS_INTERVAL"))
        crawler.signals.connect(progress.opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.closed, signal=signals.spider_closed)
        return progress

    def line(self) -> str:
        get = self.stats.get_value
        audited = get("klarsyn/audited", 0)
        elapsed = max(time.monotonic() - self.started, 1e-9)
        return (
            f"found {get('klarsyn/found', 0)} · audited {audited} · failed "
            f"{get('klarsyn/failed', 0)} · skipped {get('klarsyn/skipped', 0)} · "
            f"{audited / elapsed:.1f} pages/s"
        )

    def show(self) -> None:
        if self.live:
            self.stream.write("\r\033[K" + self.line())
        else:
            self.stream.write("klarsyn: " + self.line() + "\n")
        self.stream.flush()

    def opened(self) -> None:
        self.started = time.monotonic()
        self.loop.start(self.interval, now=False)

    def closed(self) -> None:
        if self.loop.running:
            self.loop.stop()
        self.show()  # the final figures, even when the crawl was shorter than one interval
        if self.live:
            self.stream.write("\n")
