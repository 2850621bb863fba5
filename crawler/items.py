"""The item that travels from the spider through the pipelines: one ledger row in the making."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from audits.model import (
    Finding,
    Link,
    PageResult,
    PageStatus,
    Readability,
    RuleInfo,
    TextBlock,
)
from crawler.browser.pool import PageAudit
from reports.store import AssetRecord, PageCache


@dataclass
class PageItem:
    """A URL met by the crawl, filled in by the text and browser pipelines.

    ``html`` is the page for the text audits (rendered, or as downloaded when the
    browser could not render it) and is dropped once they ran, so queued items do
    not hold whole pages; ``axe`` is what the browser stage saw, dropped once its
    findings are taken.
    """

    url: str
    status: PageStatus
    reason: str = ""
    depth: int = 0
    referrer: str = ""
    final_url: str = ""
    http_status: int | None = None
    content_type: str = ""
    error: str = ""
    html: str | None = None
    axe: PageAudit | None = None
    title: str = ""
    lang: str = ""
    readability: Readability | None = None
    findings: tuple[Finding, ...] = ()
    rules: tuple[RuleInfo, ...] = ()
    blocks: tuple[TextBlock, ...] = ()
    links: tuple[Link, ...] = ()
    facts: dict[str, Any] = field(default_factory=dict)
    #: A PDF's bytes for the document audit; dropped once it ran.
    document: bytes | None = None
    #: How the crawl met the URL (audits.model.FoundBy; "" when not known).
    found_by: str = ""
    #: Incremental runs (crawler/incremental.py): what the next run compares the page
    #: with, and this run's records of its subresources.
    cache: PageCache | None = None
    assets: tuple[AssetRecord, ...] = ()
    #: The run whose result is copied for this unchanged page (None: audited now).
    reused_from: int | None = None

    def fail(self, reason: str, error: str) -> None:
        self.status = PageStatus.FAILED
        self.reason = reason
        self.error = error

    def result(self) -> PageResult:
        return PageResult(
            url=self.url,
            status=self.status,
            reason=self.reason,
            final_url=self.final_url,
            http_status=self.http_status,
            content_type=self.content_type,
            title=self.title,
            lang=self.lang,
            depth=self.depth,
            referrer=self.referrer,
            error=self.error,
            readability=self.readability,
            findings=self.findings,
            blocks=self.blocks,
            links=self.links,
            facts={**self.facts, "found_by": self.found_by} if self.found_by else self.facts,
        )
