"""Policy checks on one HTML page, and the facts about it that the site-wide checks need.

:func:`check_page` parses the page once (BeautifulSoup + lxml) and returns the
findings of the page rules below with a :class:`PageFacts`. The rules' metadata
(impact, WCAG tags, Swedish help) is in ``audits.policy.RULES``; findings are
violations with source klarsyn, marked ``best_practice`` (advice, not axe-core
WCAG results), with a CSS selector where one can be built, a snippet of at most
300 characters and a concrete Swedish ``message``.

=========================== ===================================================
rule                        reports
=========================== ===================================================
policy-h1-count             not exactly one exposed ``<h1>`` in the document
policy-title-missing        no ``<title>``, or an empty one
policy-lang-mismatch        ``<html lang>`` names another language than that of
                            three quarters of the main content's words (at least
                            40; ``audits.language.text_language``); a missing
                            lang is axe-core's html-has-lang
policy-link-text            a link text that does not say where it leads
policy-link-text-ambiguous  one link text for several targets (``audits.linktext``)
policy-foreign-passage      a main-content block of ≥ 12 words in another language
                            than the page's, without a lang attribute (WCAG 3.1.2)
policy-personal-data        a valid personnummer or samordningsnummer
                            (``audits.personal_data``); never quoted
=========================== ===================================================

Precision before recall, because every finding costs an editor time:

* A language is compared only when the detector knows it (``audits.language``),
  or when the text is Swedish: ``lang="se"`` (Northern Sami) on Swedish text is
  flagged, ``lang="nl"`` on Dutch text is not judged. A lang that is no language
  code (``lang="svenska"``) is axe-core's html-lang-valid and not judged either.
* A foreign passage needs the other language at confidence ≥ 0.8 *and* the page's
  language at ≤ 0.05, or a script none of the known languages uses (Tigrinya's
  Ethiopic). Blocks whose words are mostly capitalised (lists of names, places,
  products) are not judged, nor (on a Swedish page) blocks with three Swedish-only
  function words (``audits.language.looks_swedish``): most blocks of a Swedish site
  never reach the detector. When the whole page has a lang mismatch, blocks in
  the page's real language are that finding's, not passages of their own.
* A personnummer is found in the main-content blocks (reported as "block 4,
  tecken 37", both counted from 1) and anywhere else in the page's markup: text
  outside the main content, comments, the title, and the attributes ``ATTRIBUTES``.
  Scripts and style sheets are not read. The finding shows the number's written
  shape ("ÅÅMMDD-NNNN"), never its digits.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, PreformattedString, Tag

from audits import language, personal_data
from audits.dates import page_updated, parse_swedish_date
from audits.dom import (
    BlockLocator,
    attr,
    clean,
    css_path,
    elements,
    ids_of,
    is_exposed,
    outer_html,
    parse_html,
)
from audits.landmarks import landmarks
from audits.linktext import check_links, page_links
from audits.model import Finding
from audits.pagefeatures import layout_key, page_features
from audits.policy import RULES

__all__ = ["PageFacts", "check_page", "parse_swedish_date"]

PASSAGE_MIN_WORDS = 12
PASSAGE_CONFIDENCE = 0.8
PASSAGE_PAGE_LANG_MAX = 0.05
"""A passage is foreign only if the page's own language scores at most this."""
PASSAGE_MAX_CAPITALISED = 0.6
"""A block with a larger share of capitalised words is names, not prose: not judged."""
DEFAULT_LANG = "sv"


@dataclass(frozen=True)
class PageFacts:
    """What the site-wide checks need to know of one page."""

    title: str
    h1_count: int
    #: ARIA landmark roles present (HTML-AAM mapping; region and form only with a name).
    landmarks: frozenset[str]
    #: The page's "Senast uppdaterad"/"Senast granskad" date, else "Publicerad" (audits.dates).
    updated: datetime.date | None
    #: ISO 639-1 code of the main content's language, when identified with confidence.
    text_lang: str | None
    #: Forms, tables, media, search and login on the page (``audits.pagefeatures``).
    features: Mapping[str, Any] = field(default_factory=dict)
    #: The digest of the page's template skeleton (``audits.pagefeatures.layout_key``).
    layout: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-able, as ``PageResult.facts`` stores them."""
        return {
            "title": self.title,
            "h1_count": self.h1_count,
            "landmarks": sorted(self.landmarks),
            "updated": self.updated.isoformat() if self.updated else None,
            "text_lang": self.text_lang,
            "features": dict(self.features),
            "layout": self.layout,
        }


def check_page(
    html: str | BeautifulSoup | None, url: str, blocks: Sequence[str]
) -> tuple[tuple[Finding, ...], PageFacts]:
    """Run the page rules on ``html`` (fetched from ``url``; markup, or a page
    :func:`audits.dom.parse_html` parsed, None: one it could not) and gather its facts.

    ``blocks`` are the page's main-content block texts from ``audits.extract``; the
    language and personnummer findings point into them by index. Garbage in never
    raises: unparsable markup gives no findings and empty facts.
    """
    soup = parse_html(html) if isinstance(html, str) else html
    if soup is None:
        return (), PageFacts("", 0, frozenset(), None, None)
    tags = elements(soup)
    ids = ids_of(tags)
    title = _title(tags)
    h1s = [tag for tag in tags if tag.name == "h1" and is_exposed(tag)]
    findings: list[Finding] = []
    if not title:
        findings.append(_title_missing(h1s))
    if len(h1s) != 1:
        findings.append(_h1_count(h1s))
    findings += check_links(page_links(tags, url, ids))
    locator = BlockLocator(tags, blocks)
    declared = _declared_lang(soup)
    text_lang = language.text_language(blocks)
    mismatch = None
    if declared and text_lang and _mismatch(declared, text_lang):
        mismatch = text_lang
        findings.append(_lang_mismatch(declared, text_lang))
    findings += _foreign_passages(blocks, declared or DEFAULT_LANG, mismatch, locator)
    texts = list(_texts(soup))
    findings += personal_data.page_findings(blocks, texts, tags, locator.element)
    updated = page_updated(["\n".join(t for t, node in texts if not isinstance(node, Comment))])
    facts = PageFacts(
        title,
        len(h1s),
        landmarks(tags, ids),
        updated,
        text_lang,
        page_features(tags),
        layout_key(soup.body),
    )
    return tuple(personal_data.redact(finding) for finding in findings), facts


# --- parsing ----------------------------------------------------------------------------


def _title(tags: Sequence[Tag]) -> str:
    for tag in tags:
        if tag.name == "title" and tag.find_parent("svg") is None:
            return clean(tag.get_text())
    return ""


def _declared_lang(soup: BeautifulSoup) -> str:
    html = soup.find("html")
    return attr(html, "lang").strip() if isinstance(html, Tag) else ""


def _texts(soup: BeautifulSoup) -> Iterator[tuple[str, NavigableString]]:
    """Every text node and comment outside scripts and style sheets, in document order.

    A ``<time datetime>`` whose text has no full date gives its ``datetime`` instead, so
    "Uppdaterad <time datetime="2026-10-12">12 oktober</time>" is read with its year.
    """
    for node in soup.descendants:
        if not isinstance(node, NavigableString):
            continue
        parent = node.parent
        if parent is None or parent.name in ("script", "style"):
            continue
        if isinstance(node, PreformattedString) and not isinstance(node, Comment):
            continue  # doctype, CDATA, processing instructions
        text = str(node)
        if parent.name == "time" and parse_swedish_date(text) is None:
            stamp = attr(parent, "datetime").strip()[:10]
            if parse_swedish_date(stamp):
                text = stamp
        yield text, node


# --- title and headings -------------------------------------------------------------------


def _title_missing(h1s: Sequence[Tag]) -> Finding:
    example = clean(h1s[0].get_text(" "))[:80] if h1s else "Sidans ämne"
    message = (
        "Sidan saknar sidtitel (<title> i sidans <head>). Ge den en titel som säger vad "
        f'sidan handlar om, till exempel "{example} – Kommunens namn".'
    )
    return RULES["policy-title-missing"].finding("", message, "head")


def _h1_count(h1s: Sequence[Tag]) -> Finding:
    rule = RULES["policy-h1-count"]
    if not h1s:
        message = (
            "Sidan har ingen huvudrubrik (h1). Gör sidans första rubrik till en h1 som "
            "säger vad sidan handlar om."
        )
        return rule.finding("", message, "body")
    headings = ", ".join(f'"{clean(h.get_text(" "))[:60]}"' for h in h1s[:5])
    message = (
        f"Sidan har {len(h1s)} huvudrubriker (h1): {headings}. Behåll en h1 som säger vad "
        "sidan handlar om och gör de andra till underrubriker (h2)."
    )
    return rule.finding(outer_html(h1s[1]), message, css_path(h1s[1]))


# --- language -----------------------------------------------------------------------------


def _mismatch(declared: str, text_lang: str) -> bool:
    if not language.is_well_formed(declared) or language.same_language(declared, text_lang):
        return False
    return language.is_supported(declared) or language.same_language(text_lang, DEFAULT_LANG)


def _lang_mismatch(declared: str, text_lang: str) -> Finding:
    primary = language.primary_subtag(declared)
    message = (
        f'Sidan är angiven som {language.name_sv(primary)} (lang="{declared}") men texten är '
        f'på {language.name_sv(text_lang)}. Ändra till lang="{text_lang}" i sidmallen eller '
        "i sidans språkinställning."
    )
    return RULES["policy-lang-mismatch"].finding(f'<html lang="{declared}">', message, "html")


def _foreign_passages(
    blocks: Sequence[str], page_lang: str, mismatch: str | None, locator: BlockLocator
) -> list[Finding]:
    if not language.is_supported(page_lang):
        return []
    rule = RULES["policy-foreign-passage"]
    findings = []
    for index, block in enumerate(blocks):
        words = language.words(block)
        if len(words) < PASSAGE_MIN_WORDS:
            continue
        if sum(w[0].isupper() for w in words) > PASSAGE_MAX_CAPITALISED * len(words):
            continue
        if language.same_language(page_lang, "sv") and language.looks_swedish(words):
            continue
        found = language.identify(block)
        if found.language is None:
            if not found.script:
                continue
            what, advice = f"skrivet med {found.script}", "rätt språkkod"
        elif (
            language.same_language(found.language, page_lang)
            or found.confidence < PASSAGE_CONFIDENCE
            or found.score(page_lang) > PASSAGE_PAGE_LANG_MAX
            or (mismatch and language.same_language(found.language, mismatch))
        ):
            continue
        else:
            what = f"på {language.name_sv(found.language)}"
            advice = f'lang="{found.language}"'
        tag = locator.element(index)
        if tag is None or _has_lang(tag):
            continue
        message = (
            f"Stycket (block {index + 1}) är {what} men saknar språkangivelse. Markera det "
            f"med {advice} (i publiceringsverktyget: språkval för markerad text), så att "
            "skärmläsare läser det med rätt uttal."
        )
        findings.append(rule.finding(_quote(block), message, css_path(tag)))
    return findings


def _quote(text: str, limit: int = 300) -> str:
    """``text``, or its beginning cut at a word with "…", at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _has_lang(tag: Tag) -> bool:
    """Whether ``tag`` or an ancestor below ``<html>`` declares a language."""
    node: Tag | None = tag
    while isinstance(node, Tag) and node.name not in ("html", "[document]"):
        if node.has_attr("lang") or node.has_attr("xml:lang"):
            return True
        node = node.parent
    return False
