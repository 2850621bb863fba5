"""A draft text checked before publishing: the same text audits as a crawl, on one text.

``klarsyn text`` reads the draft (plain text or HTML) and prints the result
(reports/reporters/textreport.py, jsonreport.py); this module turns the text into
blocks as a crawled page would have them and audits them. Pure: text in, results out.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from audits.extract import extract_page
from audits.model import Finding, Readability, TextBlock
from audits.sitetext import audit_text
from audits.targets import DEFAULT_AUDIENCES, Audience

_HTML = re.compile(r"<(html|body|main|p|h[1-6]|li|ul|ol|div|br|table)\b", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+")


class DraftError(Exception):
    """The draft cannot be checked as asked: the message is one sentence for the user."""


def draft_blocks(text: str) -> tuple[tuple[TextBlock, ...], str]:
    """Blocks and language of a draft.

    HTML is read like a crawled page (main content only). Plain text: a blank
    line ends a paragraph, a line that starts with a bullet or a number is a
    list item, a line with tabs is a table row (a document's metadata table, a
    table of contents with page numbers, as text copied from a word processor has
    them) whose cells are ``td`` blocks, and a short line without a full stop
    before a paragraph is a heading — each its own block, as on a web page.
    """
    if _HTML.search(text):
        page = extract_page(text)
        return tuple(TextBlock(b.kind, b.text, lang=b.lang) for b in page.blocks), page.lang or "sv"
    blocks: list[TextBlock] = []
    for paragraph in re.split(r"\n\s*\n", text):
        lines: list[str] = []
        for line in paragraph.splitlines():
            if _LIST_ITEM.match(line):
                blocks.extend(_paragraph(lines))
                lines = []
                blocks.append(TextBlock("li", " ".join(_LIST_ITEM.sub("", line).split())))
            elif "\t" in line.strip():
                blocks.extend(_paragraph(lines))
                lines = []
                blocks.extend(TextBlock("td", " ".join(cell.split())) for cell in line.split("\t"))
            elif line.strip():
                lines.append(line.strip())
        blocks.extend(_paragraph(lines))
    return tuple(b for b in blocks if b.text), "sv"


def _paragraph(lines: Sequence[str]) -> list[TextBlock]:
    if not lines:
        return []
    if not re.search(r"[.!?:]$", lines[0]) and len(lines[0].split()) <= 8:
        rest = [TextBlock("p", " ".join(lines[1:]))] if len(lines) > 1 else []
        return [TextBlock("h2", lines[0]), *rest]
    return [TextBlock("p", " ".join(lines))]


def audience_named(name: str | None, audiences: Sequence[Audience] = DEFAULT_AUDIENCES) -> Audience:
    if name is None:
        return audiences[-1]
    for audience in audiences:
        if audience.name == name:
            return audience
    names = ", ".join(a.name for a in audiences)
    raise DraftError(f"unknown audience '{name}' (choose among: {names})")


def check_draft(
    text: str, min_words: int, off: Collection[str] | None = None
) -> tuple[Readability, tuple[Finding, ...]]:
    """The draft's readability and klarspråk flags (the rules in ``off`` left out;
    None: those off by default)."""
    blocks, lang = draft_blocks(text)
    return audit_text(blocks, lang, min_words, off)
