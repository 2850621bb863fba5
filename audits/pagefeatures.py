"""What kinds of content a page holds, and which layout (template) it is built on.

A WCAG-EM sample (W3C WCAG-EM 1.0, steps 3.b and 3.c) wants pages with forms, data
tables, media and documents, and one page of each template. These facts are read from the
page's DOM once, in the text pipeline (``audits.pagepolicy.check_page``), and stored in
``PageResult.facts``: ``features`` (:func:`page_features`) and ``layout``
(:func:`layout_key`). The sample (``reports.sections.sample``) only reads them.

features (counts of exposed elements, ``audits.dom.is_exposed``):

=================  =================================================================
forms              ``<form>`` elements that are not a search form (a search form is
                   in a ``role="search"`` / ``<search>`` element or has an
                   ``<input type="search">``); a site-wide search box in the header
                   would otherwise make every page a "page with a form"
tables             data tables: ``<table>`` not marked ``role="presentation"``/``"none"``
media              ``<video>``, ``<audio>``, ``<iframe>``, ``<frame>``, ``<object>``,
                   ``<embed>`` (embedded players, maps, booking widgets); in the rendered
                   page a same-origin frame is a ``<div data-klarsyn-frame>`` holding its
                   content, counted as the frame
search             a search form (as above) is on the page
password           an ``<input type="password">`` is on the page (a login)
=================  =================================================================

layout: a 12-hex-character digest of the page's skeleton *outside its main content*: each
element as its tag name with its id and classes (generated-looking ones dropped,
``audits.fingerprint.is_generated``), children in order with runs of equal siblings
collapsed (a menu of 5 or 9 items is the same menu), at most ``FRAME_DEPTH`` levels below
``<body>``. The main content (``<main>`` or ``role="main"``) counts only by the tags, ids
and classes of its direct children that are containers with an id or class (a CMS's
list or teaser component: ``<ul class="undersidor">``), never by the editor's text. Two
pages with the same key share header, menu, breadcrumbs, footer and main-content
components: they are built on the same template. It is a heuristic: a page whose
template shows an optional part (a "senast uppdaterad" box) differently can form a group
of its own, which costs the sample one page more, never one less.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from bs4.element import Tag

from audits.dom import INERT, attr, exposed_elements
from audits.fingerprint import is_generated

#: How many levels below <body> the layout skeleton reaches.
FRAME_DEPTH = 5
LAYOUT_CHARS = 12
MEDIA_TAGS = frozenset({"video", "audio", "iframe", "frame", "object", "embed"})
#: What a same-origin frame becomes in the rendered page (crawler/browser/scripts.py).
FRAME_MARK = "data-klarsyn-frame"
_CONTAINERS = frozenset({"div", "section", "aside", "nav", "ul", "ol", "dl", "form", "article"})


def page_features(tags: Sequence[Tag]) -> dict[str, Any]:
    """The counts and flags of the table in the module doc, JSON-able. ``tags``: every
    element of the page, in document order (audits.dom.elements)."""
    exposed = exposed_elements(tags)
    search_forms = [t for t in exposed if t.name == "form" and _is_search_form(t)]
    return {
        "forms": sum(t.name == "form" for t in exposed) - len(search_forms),
        "tables": sum(
            t.name == "table" and attr(t, "role").strip().lower() not in ("presentation", "none")
            for t in exposed
        ),
        "media": sum(t.name in MEDIA_TAGS or t.has_attr(FRAME_MARK) for t in exposed),
        "search": bool(search_forms)
        or any(t.name == "input" and _type(t) == "search" for t in exposed),
        "password": any(t.name == "input" and _type(t) == "password" for t in exposed),
    }


def _type(tag: Tag) -> str:
    return attr(tag, "type").strip().lower()


def _is_search_form(form: Tag) -> bool:
    if attr(form, "role").strip().lower() == "search":
        return True
    if any(
        p.name == "search" or attr(p, "role").strip().lower() == "search"
        for p in form.parents
        if isinstance(p, Tag)
    ):
        return True
    return any(_type(i) == "search" for i in form.find_all("input"))


def layout_key(body: Tag | None) -> str:
    """The layout digest of a page's ``<body>`` (see the module doc); "" without a body."""
    if body is None:
        return ""
    skeleton = _skeleton(body, 0)
    return hashlib.sha256(skeleton.encode("utf-8")).hexdigest()[:LAYOUT_CHARS]


def _name(tag: Tag) -> str:
    """``div#sidhuvud.logo.meny``: the tag with its stable id and classes."""
    ident = attr(tag, "id").strip()
    classes = sorted(c for c in attr(tag, "class").split() if not is_generated(c))
    head = tag.name + (f"#{ident}" if ident and not is_generated(ident) else "")
    return head + "".join(f".{c}" for c in classes)


def _is_main(tag: Tag) -> bool:
    return tag.name == "main" or attr(tag, "role").strip().lower() == "main"


def _children(tag: Tag) -> list[Tag]:
    return [c for c in tag.children if isinstance(c, Tag) and c.name not in INERT]


def _skeleton(tag: Tag, depth: int) -> str:
    if _is_main(tag):
        parts = [
            _name(c)
            for c in _children(tag)
            if c.name in _CONTAINERS and (attr(c, "id") or attr(c, "class"))
        ]
        return f"{_name(tag)}[{','.join(sorted(set(parts)))}]"
    if depth >= FRAME_DEPTH:
        return _name(tag)
    parts = []
    for child in _children(tag):
        part = _skeleton(child, depth + 1)
        if not parts or parts[-1] != part:
            parts.append(part)
    return f"{_name(tag)}({','.join(parts)})" if parts else _name(tag)
