"""The policy pass after the crawl: site-wide checks over the whole ledger."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from audits.policy import RULES
from audits.sitepolicy import SITE_RULES, SiteContext, is_statement, site_findings
from crawler.config import AuditConfig
from reports.store import Store


def check_site(store: Store, run_id: int, config: AuditConfig, today: date) -> int:
    """Store every site-wide policy finding on its page; return how many were found.

    The checks read every row's links, title, facts and readability, but the text of the
    accessibility statement alone: the rows are loaded without their findings and text
    blocks (most of a run's memory), and the statement pages get theirs.
    """
    pages = [
        replace(page, blocks=store.page_blocks(run_id, page.url)) if is_statement(page) else page
        for page in store.load_pages(run_id, texts=False, findings=False)
    ]
    context = SiteContext(
        today=today,
        max_age_days=config.max_age_days,
        audiences=config.audiences,
        start_urls=config.start_urls,
    )
    found = site_findings(pages, context)
    del pages
    for url, findings in found.items():
        store.replace_findings(run_id, url, SITE_RULES, findings)
    store.add_rules(run_id, [rule.info() for rule in RULES.values()])
    return sum(len(findings) for findings in found.values())
