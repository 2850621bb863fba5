"""The data model every stage shares: findings, readability, pages and runs.

Everything here is a frozen dataclass so stages can pass results between threads
and processes without copying or locking. Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class Outcome(StrEnum):
    """What a check concluded about one element.

    ``needs_review`` is axe-core's "incomplete": the tool could not decide. It is
    kept apart from violations and never dropped (as pa11y does).
    """

    VIOLATION = "violation"
    NEEDS_REVIEW = "needs_review"


class Source(StrEnum):
    AXE = "axe"
    KLARSYN = "klarsyn"


class PageStatus(StrEnum):
    """Where a URL ended in the coverage ledger."""

    AUDITED = "audited"
    FAILED = "failed"
    SKIPPED = "skipped"


class Impact(StrEnum):
    """How much a fault hinders a visitor (axe-core's impacts), most severe first."""

    CRITICAL = "critical"
    SERIOUS = "serious"
    MODERATE = "moderate"
    MINOR = "minor"


#: The impacts as stored and as the command line spells them, most severe first.
IMPACTS: tuple[str, ...] = tuple(Impact)
#: Every impact a report shows, most severe first; None (an impact we do not know) last.
IMPACT_ORDER: tuple[Impact | None, ...] = (*Impact, None)


def known_impact(impact: str | None) -> Impact | None:
    """``impact`` as an Impact; None for anything else (shown as "ej angiven")."""
    return Impact(impact) if impact in IMPACTS else None


def severity(impact: str | None) -> int:
    """0 for critical … 4 for an unknown impact: sorting by it puts the most severe first."""
    return IMPACT_ORDER.index(known_impact(impact))


def most_severe(impacts: Iterable[str | None]) -> Impact | None:
    """The most severe of ``impacts`` (None: none of them is known, or there are none)."""
    return min((known_impact(i) for i in impacts), key=severity, default=None)


class FindingKind(StrEnum):
    """What kind of result a finding is; a report keeps the kinds apart and never adds them.

    axe-core's results are a WCAG violation, a best-practice violation, or needs review
    (axe-core's "incomplete"); klarsyn's own are a communication-policy finding (rule ids
    ``policy-*``, audits/policy.py) or a klarspråk flag (every other rule of ours). Only a
    WCAG violation is a legal requirement broken: it is what the CI gate counts, what
    "fel mot WCAG" counts in every report, and what the store counts per run. The members
    are in the order a report lists the kinds.
    """

    WCAG = "wcag"
    BEST_PRACTICE = "best_practice"
    NEEDS_REVIEW = "needs_review"
    POLICY = "policy"
    FLAG = "flag"


class DiffStatus(StrEnum):
    """A fault's status in a run against the runs before it (reports/history.py).

    ``unverified``: gone, but its page was not audited this time, so not proven fixed.
    The members are in the order the diff lists them.
    """

    NEW = "new"
    REAPPEARED = "reappeared"
    PERSISTING = "persisting"
    FIXED = "fixed"
    UNVERIFIED = "unverified"


class Origin(StrEnum):
    """Whether a fault sits in the site's template (on many pages) or in one page's content."""

    TEMPLATE = "template"
    EDITORIAL = "editorial"


@dataclass(frozen=True)
class Finding:
    """One occurrence of a rule's result on one element of one page."""

    rule: str
    source: Source
    outcome: Outcome
    impact: str | None
    wcag: tuple[str, ...] = ()
    selector: str = ""
    snippet: str = ""
    best_practice: bool = False
    #: What to do about this occurrence, in the report's language (our own rules).
    message: str = ""
    #: Stable identity of this fault across runs (audits/fingerprint.py); "" until set.
    fingerprint: str = ""


#: The rule id prefix of klarsyn's communication-policy checks.
POLICY_PREFIX = "policy-"
#: A WCAG violation as data (Finding field → value), so the store can select the same
#: findings in SQL that :func:`is_wcag_violation` picks in Python.
WCAG_VIOLATION: Mapping[str, object] = MappingProxyType(
    {"source": Source.AXE, "outcome": Outcome.VIOLATION, "best_practice": False}
)


def is_wcag_violation(f: Finding) -> bool:
    """An axe-core violation of a WCAG rule (not a best-practice rule)."""
    return all(getattr(f, name) == value for name, value in WCAG_VIOLATION.items())


def kind_of(f: Finding) -> FindingKind:
    """The finding's kind (see FindingKind)."""
    if is_wcag_violation(f):
        return FindingKind.WCAG
    if f.source == Source.AXE:
        return (
            FindingKind.NEEDS_REVIEW
            if f.outcome is Outcome.NEEDS_REVIEW
            else FindingKind.BEST_PRACTICE
        )
    return FindingKind.POLICY if f.rule.startswith(POLICY_PREFIX) else FindingKind.FLAG


@dataclass(frozen=True)
class RuleInfo:
    """What a rule is, in the language of the report (Swedish by default)."""

    id: str
    source: Source
    help: str
    description: str
    help_url: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Readability:
    """Counts and scores of a page's main content.

    When the text is too short to score, ``lix`` is None and ``band`` is
    ``"too_little_text"``; the counts are still given so the reader can see why.
    """

    words: int
    sentences: int
    long_words: int
    lix: float | None
    band: str | None
    ovix: float | None = None
    mean_sentence_length: float | None = None
    long_sentence_share: float | None = None
    long_word_share: float | None = None
    nominal_ratio: float | None = None


class TextView(StrEnum):
    """Which view of an HTML page its text, policy checks and links were read from
    (``facts["text_view"]``)."""

    #: The DOM as the browser rendered it, the one axe-core judged: the normal case.
    RENDERED = "rendered"
    #: The HTML the server sent: the browser could not render the page (the page's
    #: reason says why) or its DOM could not be taken back.
    DOWNLOADED = "downloaded"


class FoundBy(StrEnum):
    """How the crawl met a URL (``facts["found_by"]``)."""

    START = "start"
    SITEMAP = "sitemap"
    #: A link in the HTML the server sent (and in the rendered page).
    HTML = "html"
    #: A link only the rendered page has: added by script, or inside a shadow root.
    BROWSER = "browser"


@dataclass(frozen=True)
class TextBlock:
    """One block of a page's main content as it was scored (or left out as template text).

    ``kind`` and ``lang`` are those of ``audits.extract.Block``: the element (or "div",
    "control", "toc") and the language the block's markup declares ("": none besides
    the page's ``<html lang>``).
    """

    kind: str
    text: str
    template: bool = False
    lang: str = ""


@dataclass(frozen=True)
class Link:
    """A link on a page: its normalised target and its text."""

    url: str
    text: str = ""


@dataclass(frozen=True)
class PageResult:
    """Everything the audit learned about one URL: one row of the ledger."""

    url: str
    status: PageStatus
    reason: str = ""
    final_url: str = ""
    http_status: int | None = None
    content_type: str = ""
    title: str = ""
    lang: str = ""
    depth: int = 0
    referrer: str = ""
    error: str = ""
    readability: Readability | None = None
    findings: tuple[Finding, ...] = ()
    blocks: tuple[TextBlock, ...] = ()
    links: tuple[Link, ...] = ()
    #: What the site-wide checks need to know of the page, JSON-able: ``h1_count``,
    #: ``landmarks``, ``updated`` and ``last_modified`` (ISO dates), ``text_lang``,
    #: ``document_modified`` (documents); ``found_by`` (:class:`FoundBy`) and, for an
    #: HTML page, ``text_view`` (:class:`TextView`), ``features`` and ``layout``
    #: (forms, tables, media; the template's digest: ``audits.pagefeatures``) and, once
    #: axe-core tested it, ``tested_at`` (ISO 8601, UTC); in a distributed run,
    #: ``worker`` (the machine and process that audited it).
    facts: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RunInfo:
    """Metadata of one audit run, enough for an auditor to repeat it."""

    id: int
    site: str
    started: str
    finished: str | None
    tool_version: str
    axe_version: str
    browser_version: str
    settings: dict[str, object] = field(default_factory=dict)
    partial: bool = False


@dataclass(frozen=True)
class ConsentBanner:
    """A site's cookie banner, audited once, open, on the start page (``[consent]``).

    ``state`` is what became of the configured answer: ``given`` (clicked, and the
    banner went), ``not_found`` (no such button), ``stayed`` (the banner stayed after the
    click) or ``failed`` (the start page could not be read); ``message`` says why in one
    sentence when it was not given. ``host`` is where the banner came from: the host of
    the script that made it (``script_url``), or the start page's when it came with the
    HTML; ``third_party`` when that host is not in the audit's scope. ``findings`` are
    axe-core's results on the open banner alone.
    """

    url: str
    state: str
    message: str = ""
    host: str = ""
    script_url: str = ""
    third_party: bool = False
    findings: tuple[Finding, ...] = ()


class Reason(StrEnum):
    """Why a URL was not audited: stable codes in the store, Swedish in reports.

    An HTTP error is stored as ``http_<status>`` (for example ``http_404``), which
    is not listed here because the status varies.
    """

    NOT_HTML = "not_html"
    DUPLICATE = "duplicate"
    OUT_OF_SCOPE = "out_of_scope"
    EXCLUDED = "excluded"
    ROBOTS_TXT = "robots_txt"
    MAX_DEPTH = "max_depth"
    BUDGET = "budget"
    TIMEOUT = "timeout"
    DNS = "dns"
    CONNECTION = "connection"
    TOO_LARGE = "too_large"
    BROWSER_TIMEOUT = "browser_timeout"
    BROWSER_ERROR = "browser_error"
    FETCH_ERROR = "fetch_error"
    INTERRUPTED = "interrupted"
    REDIRECT_LOOP = "redirect_loop"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    TRAP = "trap"
    URL_TOO_LONG = "url_too_long"
    NOT_TEXT = "not_text"
    LOGOUT = "logout"
    BROWSER_CRASH = "browser_crash"
    NAVIGATED_AWAY = "navigated_away"
    INTERNAL_ERROR = "internal_error"


def http_reason(status: int) -> str:
    """The ledger reason for an HTTP error status."""
    return f"http_{status}"
