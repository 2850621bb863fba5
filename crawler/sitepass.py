"""The policy pass after the crawl: site-wide checks over the whole ledger."""

from __future__ import annotations

from datetime import date

from audits.policy import RULES
from audits.sitepolicy import SITE_RULES, SiteContext, site_findings
from crawler.config import AuditConfig
from reports.store import Store


def check_site(store: Store, run_id: int, config: AuditConfig, today: date) -> int:
    """Store every site-wide policy finding on its page; return how many were found."""
    pages = store.load_pages(run_id)
    context = SiteContext(
        today=today,
        max_age_days=config.max_age_days,
        audiences=config.audiences,
        start_urls=config.start_urls,
    )
    found = site_findings(pages, context)
    for url, findings in found.items():
        store.replace_findings(run_id, url, SITE_RULES, findings)
    store.add_rules(run_id, [rule.info() for rule in RULES.values()])
    return sum(len(findings) for findings in found.values())
