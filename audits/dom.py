"""Small helpers over a parsed page (BeautifulSoup + lxml) for the page policy checks.

What an element exposes to assistive technology, approximately: whether it is
hidden, its accessible name (a subset of W3C accname), and a short CSS path
a web editor can paste into the browser's inspector.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PreformattedString, Tag

#: Markup that is never rendered as it stands.
INERT: frozenset[str] = frozenset({"template", "noscript", "script", "style"})

BLOCK_TAGS: frozenset[str] = frozenset(
    {"p", "li", "td", "th", "dt", "dd", "blockquote", "figcaption", "caption", "h1", "h2",
     "h3", "h4", "h5", "h6"}
)  # fmt: skip
"""Elements whose text is one block (as ``audits.extract`` cuts the main content)."""
_NOT_CONTENT = frozenset({"html", "head", "title", "meta", "link", "base", "script", "style"})
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u2060\ufeff"))
_SIMPLE_ID = re.compile(r"^[A-Za-z][\w-]*$")


def parse_html(html: str) -> BeautifulSoup | None:
    """``html`` parsed as a browser would (lxml); None for markup that cannot be parsed.

    One parse serves both the text extraction (audits.extract) and the page rules
    (audits.pagepolicy): neither changes the tree.
    """
    html = html.encode("utf-8", "replace").decode("utf-8")  # lone surrogates make lxml raise
    try:
        # The leading newline keeps BeautifulSoup from warning that short markup "looks
        # like a URL/filename" or that an XHTML page's <?xml?> prolog "looks like XML";
        # both are normal for a crawler and the parse is the same.
        return BeautifulSoup("\n" + html, "lxml")
    except Exception:  # garbage in must give empty results, never an error
        return None


def attr(tag: Tag, name: str) -> str:
    """An attribute as one string ("" if absent); class-like lists are joined by spaces."""
    value = tag.get(name)
    if value is None:
        return ""
    return " ".join(value) if isinstance(value, list) else str(value)


def clean(text: str) -> str:
    """Collapse whitespace, drop soft hyphens and zero-width characters, NFC-normalise."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_INVISIBLE).split())


def text_key(text: str) -> str:
    """``text`` without any whitespace: compares a block's text with an element's text
    whatever spaces inline markup and line breaks added or removed."""
    return "".join(clean(text).split())


def hides(tag: Tag) -> bool:
    """True when ``tag`` itself hides its content from everyone (hidden, aria-hidden, inline
    display: none / visibility: hidden)."""
    if tag.has_attr("hidden") or attr(tag, "aria-hidden").strip().lower() == "true":
        return True
    style = attr(tag, "style").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def is_exposed(tag: Tag) -> bool:
    """True unless ``tag`` or an ancestor hides it or it sits in inert markup (template …)."""
    node: Tag | None = tag
    while isinstance(node, Tag) and node.name != "[document]":
        if node.name in INERT or hides(node):
            return False
        node = node.parent
    return True


def exposed_elements(tags: Sequence[Tag]) -> list[Tag]:
    """The elements of ``tags`` that :func:`is_exposed` keeps, for all of a page's
    elements (:func:`elements`, parents before children) in one pass: an element is
    hidden when it hides itself or its parent is hidden, so no ancestor is read twice."""
    hidden: set[int] = set()
    kept: list[Tag] = []
    for tag in tags:
        if id(tag.parent) in hidden or tag.name in INERT or hides(tag):
            hidden.add(id(tag))
        else:
            kept.append(tag)
    return kept


def visible_text(tag: Tag) -> str:
    """The text of ``tag`` that assistive technology gets: hidden parts and inert markup
    left out, an image's ``alt`` (and a nested element's ``aria-label``) in place of its
    content. Whitespace-collapsed."""
    parts: list[str] = []
    stack: list[Tag | NavigableString] = [tag]
    while stack:
        node = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, CDATA
                parts.append(str(node))
            continue
        if not isinstance(node, Tag) or node.name in INERT or hides(node):
            continue
        if node is not tag and (label := attr(node, "aria-label").strip()):
            parts.append(f" {label} ")
            continue
        if node.name in ("img", "area") or (node.name == "input" and attr(node, "type") == "image"):
            parts.append(f" {attr(node, 'alt')} ")
            continue
        if node.name == "br":
            parts.append(" ")
            continue
        stack.extend(reversed([c for c in node.children if isinstance(c, Tag | NavigableString)]))
    return clean("".join(parts))


def accessible_name(tag: Tag, ids: dict[str, Tag]) -> str:
    """The element's accessible name, in accname order: aria-labelledby (the texts of the
    elements it names), aria-label, the content (see :func:`visible_text`), the title."""
    labelled = [ids[i] for i in attr(tag, "aria-labelledby").split() if i in ids]
    if labelled:
        name = clean(" ".join(visible_text(t) for t in labelled))
        if name:
            return name
    label = clean(attr(tag, "aria-label"))
    if label:
        return label
    return visible_text(tag) or clean(attr(tag, "title"))


def elements(root: Tag) -> list[Tag]:
    """Every element inside ``root``, in document order (one walk the checks share)."""
    return [node for node in root.descendants if isinstance(node, Tag)]


def ids_of(tags: Iterable[Tag]) -> dict[str, Tag]:
    """Every ``id`` of ``tags`` → its (first) element, for aria-labelledby."""
    ids: dict[str, Tag] = {}
    for tag in tags:
        if "id" in tag.attrs:
            ids.setdefault(attr(tag, "id"), tag)
    return ids


def css_path(tag: Tag) -> str:
    """A CSS selector for ``tag``: child steps up to the nearest ``#id``, ``main`` or ``body``,
    with ``:nth-of-type`` where a parent has more than one child of the same name.

    For example ``main > section:nth-of-type(2) > p:nth-of-type(3)``. Ids with unusual
    characters are not used (they would need CSS escaping).
    """
    steps: list[str] = []
    node: Tag | None = tag
    while isinstance(node, Tag) and node.name not in ("[document]", "html"):
        ident = attr(node, "id")
        if ident and _SIMPLE_ID.match(ident):
            steps.append(f"#{ident}")
            break
        if node.name == "body" or (node.name == "main" and node is not tag):
            steps.append(node.name)
            break
        steps.append(_step(node))
        node = node.parent
    return " > ".join(reversed(steps))


def _step(tag: Tag) -> str:
    parent = tag.parent
    if not isinstance(parent, Tag):
        return tag.name
    same = [c for c in parent.children if isinstance(c, Tag) and c.name == tag.name]
    if len(same) == 1:
        return tag.name
    index = next(i for i, c in enumerate(same, 1) if c is tag)
    return f"{tag.name}:nth-of-type({index})"


def css_string(value: str) -> str:
    """``value`` as a double-quoted CSS string (for attribute selectors)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def outer_html(tag: Tag, limit: int = 300) -> str:
    """The element's markup, cut to ``limit`` characters (with "…" when cut)."""
    html = " ".join(str(tag).split())
    return html if len(html) <= limit else html[: limit - 1] + "…"


class BlockLocator:
    """Finds the element a main-content block came from, by comparing texts without
    whitespace; the innermost block element (p, li …) that contains the block's text,
    else the innermost element. Built lazily: only pages with findings need it."""

    def __init__(self, tags: Sequence[Tag], blocks: Sequence[str]) -> None:
        self._tags = tags
        self._blocks = blocks
        self._texts: list[tuple[Tag, str]] | None = None

    def element(self, index: int) -> Tag | None:
        key = text_key(self._blocks[index])
        if not key:
            return None
        if self._texts is None:
            self._texts = [
                (tag, text_key(tag.get_text()))
                for tag in self._tags
                if tag.name not in _NOT_CONTENT
            ]
        for preferred in (True, False):
            matches = [
                (len(text), position, tag)
                for position, (tag, text) in enumerate(self._texts)
                if (tag.name in BLOCK_TAGS) is preferred and key in text
            ]
            if matches:
                return min(matches, key=lambda m: (m[0], m[1]))[2]
        return None
