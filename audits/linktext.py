"""Link texts: links that do not say where they lead, and one text for several targets.

A link's text is its accessible name (aria-labelledby, aria-label, its content
with images' alt texts, its title: see ``audits.dom.accessible_name``), so
``<a aria-label="Läs mer om bygglov">Läs mer</a>`` and a visually hidden
"om bygglov" are fine. Every ``<a href>`` of the page is checked, the template's
too (a "Läs mer" in the footer is on every page; the report groups it as one
fault). Hidden links, links in ``<template>`` and links with ``role="button"``
are not links a visitor follows, and an empty name is axe-core's ``link-name``:
all are left out.

``policy-link-text``: a name made only of filler words (``FILLER_WORDS``: "Läs
mer", "Läs mer här", "Klicka här", "Här", "Mer information", "Till sidan", "Gå
vidare", "Läs mer om detta", "Read more" …), compared case- and
punctuation-insensitively; a name of symbols only ("»", "→"); or a bare web
address or domain ("www.vanersborg.se", "https://…"). One word that is not
filler makes it descriptive: "Läs mer om bygglov".

``policy-link-text-ambiguous``: one finding per normalised name that leads to
more than one target. Targets are absolute URLs (``<base href>`` respected) without
the fragment, with scheme and host lower-cased, default ports and a trailing
slash dropped; ``javascript:`` links have no target. Names already reported as
non-descriptive are not reported again here: the fix for both is the same.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from bs4.element import Tag

from audits.dom import accessible_name, attr, clean, css_path, css_string, is_exposed, outer_html
from audits.model import Finding
from audits.policy import RULES

FILLER_WORDS: frozenset[str] = frozenset(
    {
        # Swedish
        "läs", "läsa", "mer", "mera", "här", "klicka", "för", "att", "information", "info",
        "om", "detta", "det", "denna", "den", "sidan", "sida", "till", "gå", "vidare",
        "länk", "länken", "se", "visa", "hela", "artikeln", "nyheten", "texten", "fortsätt",
        "öppna", "ladda", "ner", "ned", "klick",
        # English, on Swedish sites too
        "read", "more", "click", "here", "link", "this", "page", "go", "to", "continue",
        "the", "about", "see", "learn",
    }
)  # fmt: skip

_URL_TEXT = re.compile(
    r"(?i)^(?:(?:https?|ftp)://\S+|www\.\S+|"
    r"[a-z0-9][\w-]*(?:\.[\w-]+)*\.(?:se|nu|com|org|net|eu|info|io|fi|no|dk|de|uk|gov|edu)"
    r"(?:[/:?#]\S*)?)$"
)
_NO_TARGET = ("javascript:", "data:")
_MAX_TARGETS_LISTED = 3


@dataclass(frozen=True)
class PageLink:
    """A link of the page: its element, accessible name and normalised target."""

    tag: Tag
    name: str
    target: str | None


def normalise_name(name: str) -> str:
    """Case-folded, punctuation and symbols removed, whitespace collapsed: "Läs mer »"
    → "läs mer"."""
    text = unicodedata.normalize("NFC", name).casefold()
    kept = "".join(c if c.isalnum() or c.isspace() else " " for c in text)
    return " ".join(kept.split())


def is_non_descriptive(name: str) -> bool:
    """True for a name of filler words only, of symbols only ("»"), or a bare web address."""
    if not name.strip():
        return False
    words = normalise_name(name).split()
    return all(w in FILLER_WORDS for w in words) or is_bare_url(name)


def is_bare_url(name: str) -> bool:
    """True when the whole name is a web address or a domain name."""
    return bool(_URL_TEXT.match(name.strip()))


def normalise_href(href: str, base: str) -> str | None:
    """The link's target as an absolute URL for comparison (see the module docstring)."""
    href = href.strip()
    if href.lower().startswith(_NO_TARGET):
        return None
    try:
        parts = urlsplit(urljoin(base, href))
    except ValueError:  # an invalid IPv6 host and the like
        return None
    scheme, host = parts.scheme.lower(), parts.hostname or ""
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = f"{host}:{port}" if port else host
    path = parts.path
    if scheme in ("http", "https"):
        path = path.rstrip("/") or "/"
    elif scheme in ("mailto", "tel"):
        path = path.lower().replace(" ", "")
    return urlunsplit((scheme, netloc, path, parts.query, ""))


def page_links(tags: Sequence[Tag], url: str, ids: dict[str, Tag]) -> list[PageLink]:
    """Every exposed ``<a href>`` among the page's ``tags`` that is a link, with its name
    and target."""
    base = url
    base_tag = next((t for t in tags if t.name == "base" and "href" in t.attrs), None)
    if base_tag is not None:
        base = urljoin(url, attr(base_tag, "href"))
    links = []
    for tag in tags:
        if tag.name != "a" or "href" not in tag.attrs:
            continue
        if attr(tag, "role").strip().lower() == "button":
            continue
        if not is_exposed(tag):
            continue
        name = accessible_name(tag, ids)
        if name:
            links.append(PageLink(tag, name, normalise_href(attr(tag, "href"), base)))
    return links


def check_links(links: Sequence[PageLink]) -> list[Finding]:
    """``policy-link-text`` and ``policy-link-text-ambiguous`` findings for a page's links."""
    hrefs: dict[str, int] = {}
    for link in links:
        hrefs[attr(link.tag, "href")] = hrefs.get(attr(link.tag, "href"), 0) + 1
    findings = []
    by_name: dict[str, list[PageLink]] = {}
    for link in links:
        if is_non_descriptive(link.name):
            findings.append(_non_descriptive(link, hrefs))
        elif link.target is not None:
            by_name.setdefault(normalise_name(link.name), []).append(link)
    rule = RULES["policy-link-text-ambiguous"]
    for same in by_name.values():
        targets = list(dict.fromkeys(link.target for link in same if link.target))
        if len(targets) < 2:
            continue
        one_host = len({urlsplit(t).netloc for t in targets}) == 1
        listed = ", ".join(_short(t, one_host) for t in targets[:_MAX_TARGETS_LISTED])
        more = " …" if len(targets) > _MAX_TARGETS_LISTED else ""
        message = (
            f'Länktexten "{same[0].name}" leder till {len(targets)} olika adresser på sidan '
            f"({listed}{more}). Ge länkarna olika texter som säger vart var och en leder, "
            "eller låt dem leda till samma sida."
        )
        findings.append(rule.finding(outer_html(same[0].tag), message, _selector(same[0], hrefs)))
    return findings


def _non_descriptive(link: PageLink, hrefs: dict[str, int]) -> Finding:
    rule = RULES["policy-link-text"]
    if is_bare_url(link.name):
        message = (
            f'Länktexten är en webbadress ("{link.name[:80]}"). Skriv i stället namnet på '
            'sidan eller tjänsten som länken leder till, till exempel "Boka tid för '
            'pass hos Polisen".'
        )
    else:
        message = (
            f'Länktexten "{link.name}" säger inte vart länken leder när den läses för sig. '
            'Skriv vad sidan handlar om, till exempel "Läs mer om bygglov" i stället för '
            '"Läs mer".'
        )
        heading = link.tag.find_previous(["h1", "h2", "h3", "h4", "h5", "h6"])
        if isinstance(heading, Tag) and (title := clean(heading.get_text(" "))):
            message += f' Länken står under rubriken "{title[:80]}".'
    return rule.finding(outer_html(link.tag), message, _selector(link, hrefs))


def _selector(link: PageLink, hrefs: dict[str, int]) -> str:
    """``a[href="…"]`` when no other link of the page has that href, else a CSS path."""
    href = attr(link.tag, "href")
    if hrefs.get(href, 0) == 1 and len(href) <= 200:
        return f"a[href={css_string(href)}]"
    return css_path(link.tag)


def _short(target: str, one_host: bool) -> str:
    """The path (and query) of a target when all targets are on one host, else the URL."""
    parts = urlsplit(target)
    if one_host and parts.scheme in ("http", "https"):
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return target
