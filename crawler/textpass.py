"""The text pass after the crawl: the site's template text marked on every page, and the
pages it marks otherwise than the crawl did scored again without it."""

from __future__ import annotations

from collections.abc import Collection

from audits.model import PageResult, PageStatus
from audits.plain_language import RULES
from audits.sitetext import (
    klarsprak_findings,
    mark_template,
    prose_texts,
    rule_infos,
    scored_readability,
    template_texts,
)
from reports.store import Store


def rescore_run(store: Store, run_id: int, min_words: int, klarsprak_off: Collection[str]) -> int:
    """Mark template blocks, redo readability and klarspråk findings of the pages whose
    marks changed (the crawl marked the template text of its first pages,
    audits.sitetext.EarlyTemplate); return pages rescored.

    Only the text results change; what the browser found stays as it was. The blocks come
    back from the store with their kind and declared language, so the klarspråk rules
    read the same prose here as during the crawl (``audits.sitetext.audit_text``).

    Memory stays flat whatever the site's size: the template texts are counted over a
    stream of the pages' blocks, then each page is read, scored and written on its own.
    """
    template = template_texts(store.iter_page_blocks(run_id))
    rescored = 0
    for url, lang in store.text_pages(run_id):
        stored = store.page_blocks(run_id, url)
        blocks = mark_template(stored, template)
        if blocks == stored:
            continue
        readability = scored_readability(blocks, min_words)
        page = PageResult(
            url, PageStatus.AUDITED, lang=lang, readability=readability, blocks=blocks
        )
        store.replace_text_results(run_id, page)
        rescored += 1
        if prose_texts(blocks) == prose_texts(stored):
            # Only blocks that are no prose changed (short table cells, form controls):
            # the readability counts them, the klarspråk findings stand.
            continue
        findings = klarsprak_findings(blocks, lang, min_words, klarsprak_off)
        store.replace_findings(run_id, url, RULES.keys(), findings)
        store.add_rules(run_id, rule_infos(findings))
    return rescored
