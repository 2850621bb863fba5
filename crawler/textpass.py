"""The text pass after the crawl: score every page again without the site's template text."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from audits.model import PageStatus
from audits.plain_language import RULES
from audits.sitetext import audit_text, mark_template, rule_infos, template_texts
from reports.store import Store


def rescore_run(store: Store, run_id: int, min_words: int, klarsprak_off: Collection[str]) -> int:
    """Mark template blocks, redo readability and klarspråk findings; return pages rescored.

    Only the text results change; what the browser found stays as it was. The blocks come
    back from the store with their kind and declared language, so the klarspråk rules
    read the same prose here as during the crawl (``audits.sitetext.audit_text``).
    """
    pages = [p for p in store.load_pages(run_id) if p.status is PageStatus.AUDITED and p.blocks]
    template = template_texts(p.blocks for p in pages)
    rescored = 0
    for page in pages:
        blocks = mark_template(page.blocks, template)
        if blocks == page.blocks:
            continue
        readability, findings = audit_text(blocks, page.lang, min_words, klarsprak_off)
        store.replace_text_results(run_id, replace(page, blocks=blocks, readability=readability))
        store.replace_findings(run_id, page.url, RULES.keys(), findings)
        store.add_rules(run_id, rule_infos(findings))
        rescored += 1
    return rescored
