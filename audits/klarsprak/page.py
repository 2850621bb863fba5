"""A page's text as the klarspråk rules read it: sentences, their words, and quotes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from audits.klarsprak.legal import legal_titles
from audits.readability import Sentence, segment

SNIPPET_CHARS = 300
"""A quoted sentence is cut to this many characters, around what the rule found."""


@dataclass(frozen=True)
class TextPage:
    """A page's text prepared once for every rule: sentences and their lower-cased words."""

    sentences: tuple[Sentence, ...]
    lowered: tuple[tuple[str, ...], ...]
    """Each sentence's words in lower case, "" for a word of a quoted legal title: the
    word rules leave a statute's or an EU act's title alone (the editor cannot reword
    it; "med avseende på" in the GDPR's title is not the page's stiff word)."""
    words: int

    @property
    def text(self) -> str:
        """All sentences, one a line (for searches that need punctuation)."""
        return "\n".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class Hit:
    """One occurrence a rule found: what to quote and what to advise."""

    snippet: str
    message: str
    impact: str | None = None
    """None: the rule's own impact."""


def prepare(blocks: Sequence[str]) -> TextPage:
    """Segment ``blocks`` into sentences (audits.readability) and lower-case their words."""
    sentences = tuple(segment(blocks))
    lowered = tuple(_without_titles(s) for s in sentences)
    return TextPage(sentences, lowered, sum(len(w) for w in lowered))


def _without_titles(sentence: Sentence) -> tuple[str, ...]:
    """The sentence's words in lower case, each word of a quoted legal title as ""."""
    lowered = [w.lower() for w in sentence.words]
    if "(" not in sentence.text:  # every title has its number in parentheses
        return tuple(lowered)
    for title in legal_titles(sentence.text):
        words = [w.lower() for part in segment([title]) for w in part.words]
        for start in range(len(lowered) - len(words) + 1):
            if lowered[start : start + len(words)] == words:
                lowered[start : start + len(words)] = [""] * len(words)
                break
    return tuple(lowered)


def words_outside_titles(sentence: Sentence, lowered: Sequence[str]) -> list[str]:
    """The sentence's words as written, less those of quoted legal titles."""
    return [word for word, low in zip(sentence.words, lowered, strict=True) if low]


def quote(text: str, needle: str = "") -> str:
    """``text``, or a window of it around ``needle``, at most SNIPPET_CHARS characters."""
    if len(text) <= SNIPPET_CHARS:
        return text
    at = max(text.lower().find(needle.lower()), 0) if needle else 0
    start = max(0, min(at - SNIPPET_CHARS // 3, len(text) - SNIPPET_CHARS + 2))
    if start:
        start = text.find(" ", start) + 1 or start  # begin at a word
    window = text[start : start + SNIPPET_CHARS - 2]
    if start + len(window) < len(text):
        window = window.rsplit(" ", 1)[0] + "…"
    return ("…" if start else "") + window
