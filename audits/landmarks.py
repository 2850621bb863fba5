"""ARIA landmarks of a page, as browsers expose them (HTML-AAM and WAI-ARIA 1.2).

The site-wide check compares each page's landmarks with the template's
(``policy-template-inconsistent``); :func:`landmarks` gives the set of roles.
"""

from __future__ import annotations

from collections.abc import Sequence

from bs4.element import Tag

from audits.dom import attr, clean, ids_of, is_exposed

LANDMARK_ROLES = frozenset(
    {"banner", "navigation", "main", "contentinfo", "search", "complementary", "region", "form"}
)
_NAMED_ONLY = frozenset({"region", "form"})
_SECTIONING = frozenset({"article", "aside", "main", "nav", "section"})
_ROLE_ELEMENTS = {  # a role that makes an element sectioning content, as that element
    "article": "article", "complementary": "aside", "main": "main", "navigation": "nav",
    "region": "section",
}  # fmt: skip
_ELEMENT_ROLES = {"nav": "navigation", "main": "main", "search": "search"}


def landmarks(tags: Sequence[Tag], ids: dict[str, Tag] | None = None) -> frozenset[str]:
    """The ARIA landmark roles of the exposed elements among ``tags`` (a page's elements,
    ``audits.dom.elements``; see :func:`landmark_role`)."""
    ids = ids_of(tags) if ids is None else ids
    found = set()
    for tag in tags:
        if (role := landmark_role(tag, ids)) and is_exposed(tag):
            found.add(role)
    return frozenset(found)


def landmark_role(tag: Tag, ids: dict[str, Tag]) -> str | None:
    """The landmark role of one element, by its ``role`` or by HTML-AAM.

    An explicit role wins (its first token; a non-landmark role such as
    ``presentation`` means none). Implicitly: ``nav``, ``main``, ``search``; ``header``
    → banner and ``footer`` → contentinfo only when not inside article, aside, main,
    nav or section (or an element with their roles); ``aside`` → complementary when
    not inside article, aside, nav or section, or when it has a name; ``section`` →
    region and ``form`` → form only with an accessible name.
    """
    tokens = attr(tag, "role").lower().split()
    if tokens:
        role = tokens[0]
        if role not in LANDMARK_ROLES:
            return None
        return role if role not in _NAMED_ONLY or _has_name(tag, ids) else None
    name = tag.name
    if name in _ELEMENT_ROLES:
        return _ELEMENT_ROLES[name]
    if name in ("header", "footer"):
        if _inside_sectioning(tag, _SECTIONING):
            return None
        return "banner" if name == "header" else "contentinfo"
    if name == "aside":
        scoped = not _inside_sectioning(tag, _SECTIONING - {"main"})
        return "complementary" if scoped or _has_name(tag, ids) else None
    if name in ("section", "form") and _has_name(tag, ids):
        return "region" if name == "section" else "form"
    return None


def _inside_sectioning(tag: Tag, names: frozenset[str]) -> bool:
    """Whether an ancestor is one of the elements ``names``, or has the role of one."""
    for parent in tag.parents:
        role = attr(parent, "role").lower().split()
        if parent.name in names or (role and _ROLE_ELEMENTS.get(role[0]) in names):
            return True
    return False


def _has_name(tag: Tag, ids: dict[str, Tag]) -> bool:
    """Whether a landmark has an accessible name (aria-labelledby, aria-label or title)."""
    if any(clean(ids[i].get_text(" ")) for i in attr(tag, "aria-labelledby").split() if i in ids):
        return True
    return bool(clean(attr(tag, "aria-label")) or clean(attr(tag, "title")))
