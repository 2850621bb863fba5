"""Extract a page's main content as text blocks, ready for readability scoring.

Contract of :func:`extract_page`:

* ``title``: the document's ``<title>``, whitespace-collapsed and NFC-normalised.
* ``lang``: the ``<html lang>`` attribute as written (stripped), ``""`` if none.
* ``blocks``: the main content as :class:`Block` s in document order.

The main content is the first ``<main>`` (or ``[role=main]``) element that is
not hidden; else the only ``<article>`` if there is exactly one; else
``<body>``. Inside it we skip what is not the page's own prose: ``EXCLUDED_TAGS``
(nav, aside, script, select …); the page's ``<header>`` and ``<footer>``, i.e.
those not inside article, aside, main, nav or section (HTML-AAM's banner and
contentinfo — a header inside the article is its own heading and is kept);
landmark roles in ``EXCLUDED_ROLES``; ids and classes that mention
``EXCLUDED_NAME_PARTS``; and anything hidden (``hidden``, ``aria-hidden="true"``,
an inline ``display: none`` or ``visibility: hidden``).

A block is the text of one block element (``BLOCK_KINDS``: h1–h6, p, li, td,
th, dt, dd, figcaption, caption, blockquote). Text that sits in a container
(div, section, ul, table …) outside any block element becomes a block of kind
``"div"``; a container inside a block element splits that block's text into
separate blocks of the element's kind, because it is rendered on lines of its
own. Nested blocks are not duplicated: ``<li><p>a</p></li>`` gives the ``p``
block "a" once. Text is whitespace-collapsed and NFC-normalised; soft hyphens
and zero-width characters are removed; empty blocks are dropped.

Two kinds say that a block is no prose, whatever its element: ``"control"``
(``CONTROL_KIND``) for a block whose words are all the text of form controls
(``FORM_CONTROL_TAGS``: label, legend, button, option — "Personnummer
(ÅÅÅÅMMDD-XXXX)", "Skicka"), and ``"toc"`` (``IN_PAGE_LINK_KIND``) for one whose
words are all the text of links within the page (``href="#…"``): a table of
contents, "Till toppen". A piece without letters ("1.", "|") counts for neither
side, and a heading keeps its kind (``<h2><button>`` is an accordion's heading).
A ``<nav>`` inside the main content is left out altogether (``EXCLUDED_TAGS``).
``audits.sitetext.is_prose`` keeps these blocks from the klarspråk rules; the
block texts are the same as without the kinds, so readability is unchanged.

A block's ``lang`` is the language its markup declares: the ``lang`` (else
``xml:lang``) attribute, stripped, of the nearest element at or above its text
below ``<html>``; ``""`` when none does (the ``<html lang>`` is the page's
``lang``, not copied to its blocks). When a block's text comes from elements
of different declared languages (``<p>Se <span lang="en">…</span></p>``) it has
the language of the element that holds it all. A same-origin frame, serialised by
the browser stage as ``<div data-klarsyn-frame lang="…">`` (crawler/browser/
scripts.py), declares its own document's language, or none: it does not inherit
the page's.

Garbage in never raises: unparsable input gives an empty ``PageText``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, PreformattedString, Tag

from audits.dom import attr, parse_html

BLOCK_KINDS: frozenset[str] = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "dt", "dd",
     "figcaption", "caption", "blockquote"}
)  # fmt: skip
"""Elements whose text is one block, and whose end ends a sentence."""

LOOSE_TEXT_KIND = "div"
"""The kind of a block of text that sits outside every block element."""

CONTROL_KIND = "control"
"""The kind of a block whose words are all form-control text (``FORM_CONTROL_TAGS``)."""

IN_PAGE_LINK_KIND = "toc"
"""The kind of a block whose words are all link text within the page (``href="#…"``)."""

FORM_CONTROL_TAGS: frozenset[str] = frozenset({"label", "legend", "button", "option"})
"""Elements whose text names a form control: the interface's wording, not prose."""

HEADING_KINDS: frozenset[str] = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

FRAME_ATTRIBUTE = "data-klarsyn-frame"
"""Marks a same-origin frame's body in the rendered page (crawler/browser/scripts.py)."""

# Elements that flow inside a line of text: they neither start nor end a block.
INLINE_TAGS: frozenset[str] = frozenset(
    {"a", "abbr", "acronym", "b", "bdi", "bdo", "big", "button", "cite", "code",
     "data", "del", "dfn", "em", "font", "i", "img", "ins", "kbd", "label", "mark",
     "nobr", "output", "q", "rb", "rp", "rt", "ruby", "s", "samp", "small", "span",
     "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr"}
)  # fmt: skip

EXCLUDED_TAGS: frozenset[str] = frozenset(
    {"nav", "aside", "script", "style", "noscript", "template", "select",
     "datalist", "textarea", "svg", "math", "iframe", "object", "embed", "canvas",
     "audio", "video", "head", "title", "meta", "link"}
)  # fmt: skip
"""Never prose of the page: navigation, code, form option lists, embedded media."""

EXCLUDED_ROLES: frozenset[str] = frozenset({"navigation", "banner", "contentinfo", "search"})

EXCLUDED_NAME_PARTS: tuple[str, ...] = (
    "cookie", "consent", "breadcrumb", "brodsmulor", "brödsmulor", "skip",
)  # fmt: skip
"""Cookie banners, breadcrumbs and skip links, recognised by their id or class."""

# A <header> or <footer> is the page's banner or contentinfo only when it is not
# inside one of these (HTML-AAM); inside them it is the article's own heading
# or byline, e.g. <main><header><h1>Bygglov</h1></header>, which we keep.
_SECTIONING: frozenset[str] = frozenset({"article", "aside", "main", "nav", "section"})

# Markup that is never rendered as it stands, so a <main> inside it is not the page's.
_INERT: tuple[str, ...] = ("template", "noscript", "script")

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u2060\ufeff"))

_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Block:
    """One block of text: ``kind`` is the element name ("div" for loose text, "control"
    or "toc" for text that is no prose); ``lang`` the language its markup declares ("":
    none below ``<html>``)."""

    kind: str
    text: str
    lang: str = ""


@dataclass(frozen=True)
class _Piece:
    """A run of text in the buffer, with what the elements around it declare."""

    text: str
    lang: str
    #: CONTROL_KIND or IN_PAGE_LINK_KIND when the text is inside such an element.
    role: str | None


@dataclass(frozen=True)
class PageText:
    """A page's title, declared language and main-content blocks."""

    title: str
    lang: str
    blocks: tuple[Block, ...]

    @property
    def texts(self) -> tuple[str, ...]:
        """The blocks' texts, as ``audits.readability.analyse`` takes them."""
        return tuple(block.text for block in self.blocks)


def extract_page(html: str | BeautifulSoup | None) -> PageText:
    """The title, language and main-content blocks of ``html`` (markup, or a page
    :func:`audits.dom.parse_html` parsed; None: one it could not parse)."""
    soup = parse_html(html) if isinstance(html, str) else html
    if soup is None:
        return PageText("", "", ())
    html_tag = soup.find("html")
    lang = html_tag.get("lang", "") if isinstance(html_tag, Tag) else ""
    root = _main_content(soup)
    blocks = tuple(_blocks(root)) if root is not None else ()
    return PageText(_title(soup), lang.strip() if isinstance(lang, str) else "", blocks)


def clean_text(text: str) -> str:
    """Collapse whitespace, remove soft hyphens and zero-width characters, NFC-normalise."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_INVISIBLE).split())


def _title(soup: BeautifulSoup) -> str:
    for title in soup.find_all("title"):
        if isinstance(title, Tag) and title.find_parent("svg") is None:
            return clean_text(title.get_text())
    return ""


def _main_content(soup: BeautifulSoup) -> Tag | None:
    for tag in soup.find_all(True):
        if (
            isinstance(tag, Tag)
            and _is_main(tag)
            and not _is_hidden(tag)
            and tag.find_parent(_INERT) is None
        ):
            return tag
    articles = [tag for tag in soup.find_all("article") if isinstance(tag, Tag)]
    if len(articles) == 1:
        return articles[0]
    body = soup.find("body")
    return body if isinstance(body, Tag) else None


def _is_main(tag: Tag) -> bool:
    return tag.name == "main" or attr(tag, "role").lower() == "main"


def _is_hidden(tag: Tag) -> bool:
    if tag.has_attr("hidden") or attr(tag, "aria-hidden").strip().lower() == "true":
        return True
    style = attr(tag, "style").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _is_excluded(tag: Tag) -> bool:
    """Whether ``tag`` and everything inside it is left out of the main content."""
    name = tag.name
    if name in EXCLUDED_TAGS or _is_hidden(tag):
        return True
    if name in ("header", "footer") and tag.find_parent(_SECTIONING) is None:
        return True
    if attr(tag, "role").strip().lower() in EXCLUDED_ROLES:
        return True
    names = f"{attr(tag, 'id')} {attr(tag, 'class')}".lower()
    return any(part in names for part in EXCLUDED_NAME_PARTS)


def _declared_lang(tag: Tag) -> str | None:
    """The language ``tag`` declares itself (stripped; "" is "unknown"), None if it does not."""
    for name in ("lang", "xml:lang"):
        if tag.has_attr(name):
            return attr(tag, name).strip()
    return None


def _inherited_lang(tag: Tag) -> str:
    """The language declared at or above ``tag`` below ``<html>`` ("" if none)."""
    node: Tag | None = tag
    while isinstance(node, Tag) and node.name not in ("html", "[document]"):
        own = _declared_lang(node)
        if own is not None:
            return own
        if node.has_attr(FRAME_ATTRIBUTE):
            return ""  # a frame's document does not inherit its parent's language
        node = node.parent
    return ""


def _context(tag: Tag, lang: str, role: str | None) -> tuple[str, str | None]:
    """The language and role of the text inside ``tag``, given those around it."""
    own = _declared_lang(tag)
    if own is not None:
        lang = own
    elif tag.has_attr(FRAME_ATTRIBUTE):
        lang = ""
    if tag.name in FORM_CONTROL_TAGS:
        role = CONTROL_KIND
    elif role is None and tag.name == "a" and attr(tag, "href").strip().startswith("#"):
        role = IN_PAGE_LINK_KIND
    return lang, role


def _block(kind: str, lang: str, pieces: Sequence[_Piece]) -> Block | None:
    """The block of ``pieces``, which ``kind`` of element in language ``lang`` holds."""
    text = clean_text("".join(piece.text for piece in pieces))
    if not text:
        return None
    worded = [piece for piece in pieces if _LETTER.search(piece.text)]
    langs = {piece.lang for piece in worded}
    if len(langs) == 1:
        (lang,) = langs
    roles = {piece.role for piece in worded}
    if roles and None not in roles and kind not in HEADING_KINDS:
        kind = CONTROL_KIND if CONTROL_KIND in roles else IN_PAGE_LINK_KIND
    return Block(kind, text, lang)


def _blocks(root: Tag) -> Iterator[Block]:
    """Walk ``root`` depth first and yield its blocks in document order.

    Iterative, not recursive: malformed pages nest thousands of elements deep.
    """
    kinds: list[str] = [root.name if root.name in BLOCK_KINDS else LOOSE_TEXT_KIND]
    buffer: list[_Piece] = []
    # A stack of (element, its remaining children, the language and role of its text);
    # an element is finished, and popped, when its children run out.
    stack: list[tuple[Tag, Iterator[PageElement], str, str | None]] = [
        (root, iter(root.children), _inherited_lang(root), None)
    ]

    def flush(lang: str) -> Iterator[Block]:
        block = _block(kinds[-1], lang, buffer)
        buffer.clear()
        if block is not None:
            yield block

    while stack:
        element, children, lang, role = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if element is root or element.name not in INLINE_TAGS:
                yield from flush(lang)
            if element.name in BLOCK_KINDS and element is not root:
                kinds.pop()
            continue
        if isinstance(child, NavigableString):
            if not isinstance(child, PreformattedString):  # comments, CDATA, doctypes
                buffer.append(_Piece(str(child), lang, role))
            continue
        if not isinstance(child, Tag) or _is_excluded(child):
            continue
        if child.name == "br":
            buffer.append(_Piece(" ", lang, role))
            continue
        if child.name not in INLINE_TAGS:
            yield from flush(lang)
        if child.name in BLOCK_KINDS:
            kinds.append(child.name)
        stack.append((child, iter(child.children), *_context(child, lang, role)))
