"""Text audits of a page's main content, and the site-wide template text to leave out.

A CMS repeats blocks on many pages (contact boxes, "Sidansvarig", a standard
intro to a section). They are the template's text, not the page's, and would
make every page of a section look alike in its readability. Such a block is
found only across the site, so the crawl scores each page as it comes and a
pass after the crawl scores it again without its template blocks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from audits.model import Finding, Readability, RuleInfo, TextBlock
from audits.plain_language import RULES, check_text
from audits.readability import analyse

#: A block text is template text when it stands on at least this many pages ...
TEMPLATE_MIN_PAGES = 4
#: ... and on at least this share of the pages with text.
TEMPLATE_MIN_SHARE = 0.1


def audit_text(
    blocks: Sequence[TextBlock], lang: str, min_words: int
) -> tuple[Readability, tuple[Finding, ...]]:
    """Readability and klarspråk findings of the blocks that are not template text."""
    texts = [block.text for block in blocks if not block.template]
    return analyse(texts, min_words), check_text(texts, lang=lang, min_words=min_words)


def rule_infos(findings: Iterable[Finding]) -> tuple[RuleInfo, ...]:
    """The Swedish texts of the klarspråk rules behind ``findings``, for the store."""
    return tuple(RULES[rule].info() for rule in sorted({f.rule for f in findings}))


def template_texts(
    pages: Iterable[Sequence[TextBlock]],
    min_pages: int = TEMPLATE_MIN_PAGES,
    min_share: float = TEMPLATE_MIN_SHARE,
) -> frozenset[str]:
    """Block texts that recur on many pages of the site (counted once per page)."""
    counts: Counter[str] = Counter()
    total = 0
    for blocks in pages:
        if blocks:
            total += 1
            counts.update({block.text for block in blocks})
    threshold = max(min_pages, min_share * total)
    return frozenset(text for text, n in counts.items() if n >= threshold)


def mark_template(blocks: Sequence[TextBlock], template: frozenset[str]) -> tuple[TextBlock, ...]:
    return tuple(
        TextBlock(block.kind, block.text, block.text in template) for block in blocks
    )
