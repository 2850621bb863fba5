"""Stable identities of findings across runs: the same fault gets the same fingerprint.

A fingerprint answers "is this the fault we saw last time?" when the site has been
edited in between. It must survive changes that do not touch the fault, and change
when the fault itself changes. It is a digest (16 hex characters of sha256) of:

``site_key = rule + outcome + target`` (what one fault repeated by a template on many
pages has in common) and ``fingerprint = site_key + page``. The outcome is part of it: a
finding that turns from "needs review" into a violation is a new violation.

**target, for axe-core's findings** (an element of the page):

- *the element itself, from the snippet*: its tag name and its stable attributes only
  (``alt``, ``href``/``src`` as host and path without query or fragment, ``name``,
  ``type``, ``role``, ``aria-label``, ``lang``, ``title``, and ``id`` with its digits
  masked), in sorted order with whitespace collapsed, plus its text content
  (whitespace collapsed, the first 80 characters). Classes, ``style``, ``data-*`` and the
  order of attributes never count. In ``href``/``src`` and ``id``, generated-looking
  tokens (long digit or hex runs, framework hashes such as ``css-1x2y3z`` or ``sc-bdVaJa``)
  are masked, so a cache-busting file name (``logo.3f2a1b9c.png``) or a new upload
  stamp does not make a new fault.
- *where it is, from the selector*: only the chain of frames (``iframe >>> img``): how
  many frames or shadow roots deep, and the tag of each host.

The rest of axe-core's selector is left out on purpose. axe-core writes the shortest
selector that is unique on the page *today*, picking the least common classes and
attributes of the whole page and ``:nth-child`` indices. Measured with axe-core 4.14:
a page's only image without alt is ``img``; once a second image is on the page, the same
element is ``.foo`` (its class) and the other ``img[src="/bild/c.png"]``. A selector in
the digest would make such an edit look like a fixed fault and a new one.
(``normalise_selector`` gives the cleaned selector for showing and grouping.)

Two identical elements on one page (same tag, stable attributes and text) have the same
digest; ``fingerprints`` tells them apart by their order on the page (the second gets
the digest of the first plus ``#1``, and so on), so counts stay right when one of them
is fixed, even if which one is "which" cannot be known.

**target, for klarsyn's own findings** (source ``klarsyn``; the selector is often empty):
rule + message + snippet, whitespace collapsed and digit runs masked, because counts,
ages and dates in our messages ("uppdaterades för 400 dagar sedan", "3 sidor har
titeln") change with the day, not with the fault. An HTML snippet (a link) is reduced
like axe-core's.

**page**: host name (lower case, without port: a local test or demo server gets a new
port every time) + path (percent-decoded, repeated and trailing slashes removed) + the
query with its parameters sorted; scheme, port and fragment are left out.

Everything is computed from stored fields, so a store's fingerprints can always be
computed again (``FINGERPRINT_VERSION`` is part of every digest).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from html.parser import HTMLParser
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from audits.model import Finding, Source

FINGERPRINT_VERSION = 1
DIGEST_CHARS = 16
#: How much of an element's text content identifies it.
TEXT_CHARS = 80
#: Attributes that say what an element is; everything else is styling or scripting.
STABLE_ATTRIBUTES = frozenset(
    {"alt", "href", "src", "name", "type", "role", "aria-label", "lang", "title", "id"}
)
_URL_ATTRIBUTES = frozenset({"href", "src"})
_FRAME = ">>>"
_SEPARATOR = "\x1f"

# Generated tokens. A whole id or class: a CSS-in-JS framework's hash class, or a CSS
# module's ``name__hash``. One segment of it (split at - _ . /): a long digit run, a hex
# run with digits and letters, a short word mixing letters with several digits, or a
# styled-components hash such as ``bdVaJa``.
_GENERATED_NAME = re.compile(r"^(?:(?:css|sc|jsx|svelte|emotion|styled)-.+|.+__[A-Za-z0-9-]{5,})$")
_GENERATED_SEGMENT = re.compile(
    r"""^(?:
        .*\d{4,}.*
      | (?i:(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{6,})
      | (?i:(?=(?:[a-z]*\d){2})(?=[^a-z]*[a-z])[a-z0-9]{5,12})
      | [a-z]{0,2}[A-Z][a-z]?[A-Z][A-Za-z]{1,4}
    )$""",
    re.VERBOSE,
)
_TOKEN_SPLIT = re.compile(r"([./_\-])")
_NTH = re.compile(r":nth-(?:last-)?(?:child|of-type)\([^)]*\)")
_SIMPLE = re.compile(r"([#.])(-?[A-Za-z_][\w-]*)")
_ATTRIBUTE = re.compile(r"\[\s*([\w:-]+)\s*([~|^$*]?=)\s*(\"[^\"]*\"|'[^']*'|[^\]\s]+)\s*\]")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def _digest(*parts: str) -> str:
    text = _SEPARATOR.join((f"v{FINGERPRINT_VERSION}", *parts))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def is_generated(token: str) -> bool:
    """Whether an id, class or path token looks machine-made (a hash, a counter, a stamp)."""
    if _GENERATED_NAME.match(token):
        return True
    return any(_GENERATED_SEGMENT.match(part) for part in _TOKEN_SPLIT.split(token) if part)


def _mask_generated(value: str) -> str:
    """``logo.3f2a1b9c.png`` → ``logo.*.png``: generated tokens of a path or id masked."""
    return "".join(
        "*" if _GENERATED_SEGMENT.match(part) else part for part in _TOKEN_SPLIT.split(value)
    )


def _url_value(value: str) -> str:
    """Host and path of a link or source, without query, fragment or generated tokens."""
    value = value.strip()
    if value.startswith("data:"):
        return value[:60]
    parts = urlsplit(value)
    host = f"//{(parts.hostname or '').lower()}" if parts.netloc else ""
    return host + _mask_generated(unquote(parts.path))


def _attribute_value(name: str, value: str) -> str | None:
    """The normal form of a stable attribute's value; None drops the attribute."""
    if name in _URL_ATTRIBUTES:
        return _url_value(value)
    value = _collapse(value)
    if name == "id":
        return None if not value or is_generated(value) else _DIGITS.sub("#", value)
    return value


class _Snippet(HTMLParser):
    """The first element of a snippet: its tag, its stable attributes, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tag = ""
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.tag:
            self.tag, self.attributes = tag, attrs

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.tag:
            self.text.append(data)


def _parse(snippet: str) -> tuple[str, list[tuple[str, str | None]], str]:
    """Tag, attributes and text of a snippet's first element ("" when it is no markup)."""
    parser = _Snippet()
    parser.feed(snippet)
    parser.close()
    if parser.tag or not snippet.lstrip().startswith("<"):
        return parser.tag, parser.attributes, "".join(parser.text)
    # An opening tag cut short (longer than the snippet): its complete attributes only.
    tag = re.match(r"\s*<([A-Za-z][\w-]*)", snippet)
    attributes = [
        (m.group(1).lower(), m.group(2) if m.group(2) is not None else m.group(3))
        for m in re.finditer(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""", snippet)
    ]
    return (tag.group(1).lower() if tag else ""), attributes, ""


def normalise_snippet(snippet: str) -> str:
    """``<img class="css-1x" src="/a.png?v=2" alt="">`` → ``img alt= src=/a.png``.

    Tag name, stable attributes sorted by name, then `` | `` and the first
    ``TEXT_CHARS`` characters of text. A snippet that is not markup is its collapsed text.
    """
    tag, attributes, text = _parse(snippet)
    if not tag:
        return _collapse(snippet)
    stable = sorted(
        (name, normal)
        for name, value in attributes
        if name in STABLE_ATTRIBUTES and (normal := _attribute_value(name, value or "")) is not None
    )
    head = " ".join([tag, *(f"{name}={value}" for name, value in stable)])
    text = _collapse(text).rstrip("…").rstrip()[:TEXT_CHARS]
    return f"{head} | {text}" if text else head


def _protect_attributes(selector: str) -> tuple[str, list[str]]:
    """Attribute selectors out of the way (their values may hold spaces, dots or ``>``)."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    return re.sub(r"\[(?:[^\]\"']|\"[^\"]*\"|'[^']*')*\]", keep, selector), kept


def _attribute_selector(text: str) -> str:
    """``[src$="a.png?v=2"]`` → ``[src$="a.png"]``; a generated value drops it."""
    match = _ATTRIBUTE.fullmatch(text)
    if match is None:
        return text
    name, operator, raw = match.groups()
    value = raw[1:-1] if raw[:1] in "\"'" else raw
    if name in _URL_ATTRIBUTES:
        value = _mask_generated(value.split("?")[0].split("#")[0])
    elif is_generated(value):
        return ""
    return f'[{name}{operator}"{value}"]'


def normalise_selector(selector: str) -> str:
    """A selector without positions and generated names, for showing and grouping.

    ``#main-9f8e7d6c > div.css-1x2y3z:nth-child(3) > img[src$="a.png?v=2"]`` →
    ``div > img[src$="a.png"]``: ``:nth-child``/``:nth-of-type`` (and ``-last-``)
    dropped, generated ids and classes dropped, queries cut from attribute values; tag
    names, stable ids and classes, attribute selectors and the ``>>>`` frame chain kept.
    """
    return f" {_FRAME} ".join(_normalise_part(part) for part in selector.split(_FRAME))


def _normalise_part(selector: str) -> str:
    selector, attributes = _protect_attributes(_NTH.sub("", selector))
    selector = _SIMPLE.sub(lambda m: "" if is_generated(m.group(2)) else m.group(0), selector)
    steps = [step for step in re.split(r"\s*>\s*|\s+", selector.strip()) if step]
    restored = (
        re.sub(r"\x00(\d+)\x00", lambda m: _attribute_selector(attributes[int(m[1])]), step)
        for step in steps
    )
    return " > ".join(step for step in restored if step)


def frame_chain(selector: str) -> str:
    """The hosts an element sits in: ``iframe`` for ``#karta > iframe >>> img``, else ``""``."""
    hosts = []
    for part in selector.split(_FRAME)[:-1]:
        steps = re.split(r"\s*>\s*|\s+", _protect_attributes(part)[0].strip())
        tag = re.match(r"[A-Za-z][\w-]*", steps[-1])
        hosts.append(tag.group(0).lower() if tag else "*")
    return _FRAME.join(hosts)


def page_key(url: str) -> str:
    """``https://www.Kommun.se:443/om//oss/?b=2&a=1#x`` → ``www.kommun.se/om/oss?a=1&b=2``."""
    parts = urlsplit(url.strip())
    path = re.sub(r"/{2,}", "/", unquote(parts.path)).rstrip("/") or "/"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return f"{(parts.hostname or '').lower()}{path}" + (f"?{query}" if query else "")


def _target(finding: Finding) -> tuple[str, ...]:
    if finding.source is Source.KLARSYN:
        snippet = (
            normalise_snippet(finding.snippet)
            if finding.snippet.lstrip().startswith("<")
            else _collapse(finding.snippet)
        )
        message = _collapse(finding.message)
        return (_DIGITS.sub("#", message), _DIGITS.sub("#", snippet))
    return (frame_chain(finding.selector), normalise_snippet(finding.snippet))


def site_key(finding: Finding) -> str:
    """The fault without its page: equal on every page a template repeats it on."""
    return _digest(finding.source.value, finding.rule, finding.outcome.value, *_target(finding))


def fingerprint(finding: Finding, page_url: str) -> str:
    """The fault on its page: equal across runs while the fault stays (see the module doc)."""
    return _digest(site_key(finding), page_key(page_url))


def fingerprints(findings: Iterable[Finding], page_url: str) -> tuple[str, ...]:
    """The fingerprint of each of one page's findings, in order, each one distinct.

    A finding that already has a fingerprint keeps it. The n-th repeat (n ≥ 1) of a
    digest on the page becomes the digest of that digest and ``#n``.
    """
    seen: Counter[str] = Counter()
    result = []
    for finding in findings:
        base = finding.fingerprint or fingerprint(finding, page_url)
        repeat = seen[base]
        seen[base] += 1
        result.append(base if repeat == 0 else _digest(base, f"#{repeat}"))
    return tuple(result)
