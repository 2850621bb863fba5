"""``klarsyn text``: an editor checks a draft (plain text or HTML) before publishing.

The same text audits as a crawl (readability and klarspråk), on one text,
answered in Swedish on the terminal or as JSON.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from audits.extract import extract_page
from audits.model import Finding, Readability, TextBlock
from audits.plain_language import RULES
from audits.readability import BAND_LABELS_SV
from audits.sitetext import audit_text
from audits.targets import DEFAULT_AUDIENCES, Audience

_HTML = re.compile(r"<(html|body|main|p|h[1-6]|li|ul|ol|div|br|table)\b", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+")


class DraftError(Exception):
    """The draft could not be read: the message is one sentence for the user."""


def read_draft(source: str) -> str:
    """The text of FILE, or of standard input for ``-``; UTF-8, else Windows-1252."""
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise DraftError(f"cannot read {source} ({exc.strerror})") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def draft_blocks(text: str) -> tuple[tuple[TextBlock, ...], str]:
    """Blocks and language of a draft.

    HTML is read like a crawled page (main content only). Plain text: a blank
    line ends a paragraph, a line that starts with a bullet or a number is a
    list item, and a short line without a full stop before a paragraph is a
    heading — each its own block, as on a web page.
    """
    if _HTML.search(text):
        page = extract_page(text)
        return tuple(TextBlock(b.kind, b.text) for b in page.blocks), page.lang or "sv"
    blocks: list[TextBlock] = []
    for paragraph in re.split(r"\n\s*\n", text):
        lines: list[str] = []
        for line in paragraph.splitlines():
            if _LIST_ITEM.match(line):
                blocks.extend(_paragraph(lines))
                lines = []
                blocks.append(TextBlock("li", " ".join(_LIST_ITEM.sub("", line).split())))
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


def as_json(readability: Readability, findings: Sequence[Finding], audience: Audience) -> str:
    data = asdict(readability) | {
        "audience": audience.name,
        "lix_target": audience.lix_target,
        "over_target": readability.lix is not None and readability.lix > audience.lix_target,
        "flags": [
            {
                "rule": f.rule,
                "impact": f.impact,
                "help": RULES[f.rule].help,
                "text": f.snippet,
                "message": f.message,
            }
            for f in findings
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _number(value: float | None, decimals: int = 1, percent: bool = False) -> str:
    if value is None:
        return "ej beräknad"
    if percent:
        return f"{value * 100:.0f} %".replace(".", ",")
    return f"{value:.{decimals}f}".replace(".", ",")


def as_text(readability: Readability, findings: Sequence[Finding], audience: Audience) -> str:
    """A short Swedish report for the terminal."""
    r = readability
    band = BAND_LABELS_SV.get(r.band or "", "–")
    lines = [
        f"Ord: {r.words}   Meningar: {r.sentences}   Långa ord: {r.long_words}",
        f"LIX: {_number(r.lix)} ({band})   Mål för {audience.name}: högst "
        f"{_number(audience.lix_target, 0)}",
        f"OVIX: {_number(r.ovix)}   Ord per mening: {_number(r.mean_sentence_length)}"
        f"   Meningar över 25 ord: {_number(r.long_sentence_share, percent=True)}",
        f"Andel långa ord: {_number(r.long_word_share, percent=True)}   "
        f"Nominalkvot: {_number(r.nominal_ratio, 2)}",
    ]
    if r.lix is not None and r.lix > audience.lix_target:
        lines.append(f"Texten är svårare än målet för {audience.name}.")
    if not findings:
        lines.append("Inga klarspråksanmärkningar.")
    else:
        lines.append(f"\n{len(findings)} klarspråksanmärkningar:")
        for f in findings:
            lines.append(f"- {RULES[f.rule].help}: {f.snippet}")
            if f.message:
                lines.append(f"  {f.message}")
    return "\n".join(lines)


def check_draft(text: str, min_words: int) -> tuple[Readability, tuple[Finding, ...]]:
    blocks, lang = draft_blocks(text)
    return audit_text(blocks, lang, min_words)
