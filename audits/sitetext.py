"""Text audits of a page's main content, and the site-wide template text to leave out.

A CMS repeats blocks on many pages (contact boxes, "Sidansvarig", a standard
intro to a section). They are the template's text, not the page's, and would
make every page of a section look alike in its readability. Such a block is
found only across the site. The crawl scores each page as it comes, without the
template text of the pages before it (:class:`EarlyTemplate`); a pass after the crawl
marks the site's template text and scores again the pages whose marks changed.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace

from audits.extract import CONTROL_KIND, IN_PAGE_LINK_KIND
from audits.model import Finding, Readability, RuleInfo, TextBlock
from audits.plain_language import RULES, check_text, is_swedish
from audits.readability import analyse

#: A table cell (td, th) shorter than this is data (a metadata table, a price list),
#: not prose: the klarspråk rules leave it alone; readability still counts it.
PROSE_CELL_WORDS = 12
#: Block kinds that are never prose (audits.extract): form-control text, in-page links.
NOT_PROSE_KINDS = frozenset({CONTROL_KIND, IN_PAGE_LINK_KIND})
#: A block text is template text when it stands on at least this many pages ...
TEMPLATE_MIN_PAGES = 4
#: ... and on at least this share of the pages with text.
TEMPLATE_MIN_SHARE = 0.1
#: The crawl counts the block texts of this many pages to tell template text early.
EARLY_TEMPLATE_PAGES = 100


def audit_text(
    blocks: Sequence[TextBlock],
    lang: str,
    min_words: int,
    off: Collection[str] | None = None,
) -> tuple[Readability, tuple[Finding, ...]]:
    """Readability and klarspråk findings of the blocks that are not template text.

    Readability counts those in Swedish or in no language of their own: LIX and its
    target are Swedish measures, and a page's English or Arabic sections are no part of
    its Swedish text. The klarspråk rules (less those in ``off``;
    None: those off by default, ``plain_language.DEFAULT_OFF``) read only the prose among
    them (:func:`is_prose`) in Swedish, or in no language of its own (``block.lang``,
    :func:`~audits.plain_language.is_swedish`): a passage the page declares English,
    Finnish or Arabic gets no Swedish advice, however short it is. (``check_text`` then
    leaves out, by their words, the blocks in another language that are not declared.)
    """
    return scored_readability(blocks, min_words), klarsprak_findings(blocks, lang, min_words, off)


def klarsprak_findings(
    blocks: Sequence[TextBlock], lang: str, min_words: int, off: Collection[str] | None = None
) -> tuple[Finding, ...]:
    """The klarspråk half of :func:`audit_text`: the rules on :func:`prose_texts`."""
    return check_text(prose_texts(blocks), lang=lang, min_words=min_words, off=off)


def scored_readability(blocks: Sequence[TextBlock], min_words: int) -> Readability:
    """The readability half of :func:`audit_text`: the page's own blocks in Swedish (or in
    no language of their own), template text left out."""
    return analyse([block.text for block in _own(blocks)], min_words)


def prose_texts(blocks: Sequence[TextBlock]) -> list[str]:
    """What the klarspråk half of :func:`audit_text` reads: the texts of the page's own
    prose blocks in Swedish (or in no language of their own). Blocks with the same prose
    texts get the same klarspråk findings."""
    return [block.text for block in _own(blocks) if is_prose(block)]


def _own(blocks: Sequence[TextBlock]) -> list[TextBlock]:
    return [block for block in blocks if not block.template and is_swedish(block.lang)]


def is_prose(block: TextBlock) -> bool:
    """Whether a block is prose an editor wrote, for the klarspråk rules.

    Not the text of form controls (kind "control": "Personnummer (ÅÅÅÅMMDD-XXXX)",
    "Skicka") nor links within the page (kind "toc": a table of contents), which
    audits.extract marks; nor a short table cell: "Diarienummer", "KS 2024/1234",
    "Beslutsinstans" are a table's data. Advice on their wording (a stiff word, capitals)
    is not what an editor needs.
    """
    if block.kind in NOT_PROSE_KINDS:
        return False
    return block.kind not in ("td", "th") or len(block.text.split()) >= PROSE_CELL_WORDS


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
    return tuple(replace(block, template=block.text in template) for block in blocks)


class EarlyTemplate:
    """The template text of a crawl's first pages, told while the crawl runs.

    :func:`template_texts` needs the whole site, so the pass after the crawl scores again
    each page whose blocks it marks differently from the crawl. Most template text (the
    menu, the footer, a contact box) stands on the first few pages already: the crawl
    counts the block texts of its first ``sample`` pages with text and marks each page
    by the same thresholds over the pages counted so far (itself included), then keeps
    the template of that sample for the pages after it. The scores after the pass are
    the same whatever the sample held; a good sample only spares the pass most pages
    (and the crawl the template's text). Thread-safe: the crawl scores pages in threads.
    """

    def __init__(self, sample: int = EARLY_TEMPLATE_PAGES) -> None:
        self._sample = sample
        self._counts: Counter[str] = Counter()
        self._pages = 0
        self._template: frozenset[str] | None = None
        self._lock = threading.Lock()

    def mark(self, blocks: Sequence[TextBlock]) -> tuple[TextBlock, ...]:
        """``blocks`` with the template text known so far marked (counted, while sampling)."""
        with self._lock:
            if self._template is not None or not blocks:
                template = self._template or frozenset()
            else:
                self._pages += 1
                self._counts.update({block.text for block in blocks})
                threshold = max(TEMPLATE_MIN_PAGES, TEMPLATE_MIN_SHARE * self._pages)
                done = self._pages >= self._sample
                # While sampling, this page's template texts; at the end, the sample's.
                texts = self._counts if done else {block.text for block in blocks}
                template = frozenset(t for t in texts if self._counts[t] >= threshold)
                if done:
                    self._template, self._counts = template, Counter()
        return mark_template(blocks, template)
