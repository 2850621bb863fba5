"""Swedish personnummer and samordningsnummer in text, found without repeating them.

A number is reported when it is written in one of the forms Skatteverket uses,

* ``ÅÅMMDD-NNNN`` (``+`` instead of ``-`` from the year the person turns 100),
* ``ÅÅÅÅMMDD-NNNN`` and ``ÅÅÅÅMMDDNNNN``,

(the dash may be a hyphen, an en dash or a non-breaking hyphen), its date is a
real date — for a samordningsnummer the day plus 60 (``701063`` is 3 October
1970) — and the Luhn check digit over the ten digits ``ÅÅMMDDNNNN`` is right.

Not reported, on purpose:

* ten digits without a separator (``ÅÅMMDDNNNN``): phone numbers (``0701234567``)
  look the same and one in ten passes the check;
* organisationsnummer: their "month" (third and fourth digit) is 20 or more, so
  they are not dates (``556036-0793``);
* diarienummer (``KS 2020/293``), phone numbers (``0521-72 10 00``), dates and other
  digit runs: a number glued to more digits, letters, ``/`` or ``.`` is not a
  personnummer;
* a 12-digit number whose century is not 18, 19 or 20.

A :class:`Hit` carries the position and the written *shape* (``ÅÅMMDD-NNNN``) but
never the digits: a report must not spread the number it warns about.
:func:`page_findings` turns a page's numbers into findings that say where they are,
and :func:`redact` masks numbers that other findings would quote (a link to
``?pnr=…``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from bs4.element import Comment, NavigableString, Tag

from audits.dom import attr, css_path
from audits.model import Finding, PageResult
from audits.policy import RULES

ATTRIBUTES = ("alt", "title", "aria-label", "value", "content", "href", "placeholder")
"""Attributes searched for numbers (shown, read aloud, or in links and meta data)."""
_OUTSIDE = frozenset({"head", "header", "footer", "nav", "aside"})
"""Where a number found in the markup is most likely not main content."""

PERSONNUMMER = "personnummer"
SAMORDNINGSNUMMER = "samordningsnummer"

_DASHES = r"\-\u2013\u2011"  # for character classes: the hyphen escaped
_NUMBER = re.compile(
    rf"(?<![\w+/.{_DASHES}])"
    rf"(?:(?P<short>\d{{6}})(?P<sep>[+{_DASHES}])|(?P<century>1[89]|20)(?P<long>\d{{6}})"
    rf"(?P<lsep>[{_DASHES}]?))"
    rf"(?P<tail>\d{{4}})"
    rf"(?![\w/+{_DASHES}]|[.,]\d)"
)


@dataclass(frozen=True)
class Hit:
    """A number found in a text: where (offsets into the text), what kind, its shape."""

    start: int
    end: int
    kind: str
    shape: str


def find_numbers(text: str) -> list[Hit]:
    """Every valid personnummer and samordningsnummer in ``text``, in order."""
    hits = []
    for match in _NUMBER.finditer(text):
        if match["short"]:
            ten = match["short"] + match["tail"]
            years = (1900, 2000, 1800)
            shape = f"ÅÅMMDD{'+' if match['sep'] == '+' else '-'}NNNN"
        else:
            ten = match["long"] + match["tail"]
            years = (int(match["century"]) * 100,)
            shape = "ÅÅÅÅMMDD-NNNN" if match["lsep"] else "ÅÅÅÅMMDDNNNN"
        kind = _kind(ten, years)
        if kind and luhn_valid(ten):
            hits.append(Hit(match.start(), match.end(), kind, shape))
    return hits


def luhn_valid(digits: str) -> bool:
    """The Luhn check over ``digits`` (the last one is the check digit)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _kind(ten: str, centuries: tuple[int, ...]) -> str | None:
    """PERSONNUMMER or SAMORDNINGSNUMMER when ``ten``'s first six digits are a date in one
    of the centuries (day + 60 for a samordningsnummer), else None."""
    year, month, day = int(ten[0:2]), int(ten[2:4]), int(ten[4:6])
    kind = PERSONNUMMER
    if day > 60:
        kind, day = SAMORDNINGSNUMMER, day - 60
    for century in centuries:
        try:
            date(century + year, month, day)
        except ValueError:
            continue
        return kind
    return None


def page_findings(
    blocks: Sequence[str],
    texts: Sequence[tuple[str, NavigableString]],
    tags: Sequence[Tag],
    element_of: Callable[[int], Tag | None],
) -> list[Finding]:
    """``policy-personal-data`` findings of a page.

    First the numbers in the main-content ``blocks`` ("block 4, tecken 37", counted from
    1; ``element_of(index)`` gives a block's element for the selector); then those in the
    page's other ``texts`` (text nodes and comments with their nodes, in document order)
    and in the ``ATTRIBUTES`` of its ``tags``. A text node in the main content holds a
    number already reported by block: as many occurrences of each number as the blocks
    had are skipped, those outside header, footer, nav and aside first.
    """
    rule = RULES["policy-personal-data"]
    findings = []
    in_blocks: dict[str, int] = {}
    for index, block in enumerate(blocks):
        for hit in find_numbers(block):
            number = _digits(block[hit.start : hit.end])
            in_blocks[number] = in_blocks.get(number, 0) + 1
            tag = element_of(index)
            selector = _safe(css_path(tag), number) if tag is not None else ""
            where = f"block {index + 1}, tecken {hit.start + 1}"
            findings.append(rule.finding(hit.shape, _pnr_message(hit.kind, where), selector))
    elsewhere: list[_Occurrence] = []
    for text, node in texts:
        parent = node.parent
        for hit in find_numbers(text):
            number = text[hit.start : hit.end]
            if isinstance(node, Comment):
                where, maybe_main = "i en HTML-kommentar, som syns i sidans källkod", False
            else:
                where = f"i elementet <{parent.name}>"
                maybe_main = parent.name not in _OUTSIDE and parent.find_parent(_OUTSIDE) is None
            selector = _safe(css_path(parent), number)
            elsewhere.append(_Occurrence(maybe_main, _digits(number), hit, where, selector))
    for tag in tags:
        for name in ATTRIBUTES:
            value = attr(tag, name)
            for hit in find_numbers(value) if value else ():
                selector = _safe(css_path(tag), value[hit.start : hit.end])
                where = f"i attributet {name} på <{tag.name}>"
                number = _digits(value[hit.start : hit.end])
                elsewhere.append(_Occurrence(False, number, hit, where, selector))
    # Occurrences most likely in the main content first (sorted() keeps document order).
    for occurrence in sorted(elsewhere, key=lambda o: not o.maybe_main):
        if occurrence.maybe_main and in_blocks.get(occurrence.number, 0) > 0:
            in_blocks[occurrence.number] -= 1  # reported by its block
            continue
        where = f"utanför huvudinnehållet, {occurrence.where}"
        message = _pnr_message(occurrence.hit.kind, where)
        findings.append(rule.finding(occurrence.hit.shape, message, occurrence.selector))
    return findings


class _Occurrence(NamedTuple):
    """A number in the page's markup: ``number`` (its digits) is used only to match it
    with the blocks' numbers, never put into a finding."""

    maybe_main: bool
    number: str
    hit: Hit
    where: str
    selector: str


def redact(finding: Finding) -> Finding:
    """``finding`` with every personnummer in its snippet and message replaced by its shape,
    and no selector if the selector holds one: a link to "?pnr=…" quoted by a link-text
    finding must not spread the number either."""
    snippet, message = mask(finding.snippet), mask(finding.message)
    selector = "" if find_numbers(finding.selector) else finding.selector
    if (snippet, message, selector) == (finding.snippet, finding.message, finding.selector):
        return finding
    return replace(finding, snippet=snippet, message=message, selector=selector)


def redact_page(page: PageResult) -> PageResult:
    """The ledger row with every personnummer in its title, text blocks, link texts and
    findings replaced by its shape: what klarsyn stores and reports never holds one."""
    return replace(
        page,
        title=mask(page.title),
        blocks=tuple(replace(b, text=mask(b.text)) for b in page.blocks),
        links=tuple(replace(link, text=mask(link.text)) for link in page.links),
        findings=tuple(redact(f) for f in page.findings),
    )


def mask(text: str) -> str:
    """``text`` with each valid personnummer or samordningsnummer replaced by its shape."""
    for hit in reversed(find_numbers(text)):
        text = text[: hit.start] + hit.shape + text[hit.end :]
    return text


def _pnr_message(kind: str, where: str) -> str:
    return (
        f"Sidan visar ett {kind} med giltigt datum och rätt kontrollsiffra ({where}). "
        "Numret upprepas inte här. Ta bort det från sidan och från dokument som hör till "
        "den, och kontakta dataskyddsombudet för att bedöma om det är en "
        "personuppgiftsincident."
    )


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _safe(selector: str, number: str) -> str:
    """``selector`` unless it contains the number's digits (an id made from it): then none."""
    digits = _digits(number)
    return "" if digits[-10:] in _digits(selector) or digits[-4:] in selector else selector
