"""Run one crawl in this process with Scrapy's CrawlerProcess."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler.config import AuditConfig
from crawler.credentials import Credentials
from crawler.spiders.site import SiteSpider
from reports.store import STORE_NAME

LOG_NAME = "klarsyn.log"


@dataclass(frozen=True)
class CrawlOutcome:
    partial: bool
    interrupted: bool
    axe_version: str
    browser_version: str


def crawl_settings(
    config: AuditConfig, out: Path, run_id: int, axe_dir: Path,
    credentials: Credentials | None = None,
) -> Settings:
    """klarsyn's Scrapy settings with this run's values and the user's limits.

    ``credentials`` go in KLARSYN_CREDENTIALS alone (crawler/auth.py, the browser), never
    in the config, which the store and the reports show.
    """
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    user_agent = settings["USER_AGENT"]
    if config.contact:
        user_agent = f"{user_agent[:-1]}; {config.contact})"
    settings.setdict(
        {
            "KLARSYN_CONFIG": config,
            "KLARSYN_STORE": str(out / STORE_NAME),
            "KLARSYN_RUN": run_id,
            "KLARSYN_AXE_DIR": str(axe_dir),
            "USER_AGENT": user_agent,
            "DOWNLOAD_TIMEOUT": config.download_timeout,
            "LOG_FILE": str(out / LOG_NAME),
            # Items wait for a browser; don't fetch far ahead of the pool.
            "CONCURRENT_ITEMS": max(2, config.browsers * 2),
            "KLARSYN_CREDENTIALS": credentials or Credentials(),
        },
        priority="cmdline",
    )
    return settings


def run_crawl(
    config: AuditConfig, out: Path, run_id: int, axe_dir: Path,
    credentials: Credentials | None = None,
) -> CrawlOutcome:
    """Crawl and audit until done or stopped (Ctrl-C, SIGTERM: a graceful stop)."""
    process = CrawlerProcess(crawl_settings(config, out, run_id, axe_dir, credentials))
    crawler = process.create_crawler(SiteSpider)
    process.crawl(crawler, config=config)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    reason = str(stats.get("finish_reason", ""))
    return CrawlOutcome(
        partial=reason != "finished",
        interrupted=reason == "shutdown",
        axe_version=str(stats.get("klarsyn/axe_version", "")),
        browser_version=str(stats.get("klarsyn/browser_version", "")),
    )
