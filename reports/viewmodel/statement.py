"""The draft tillgänglighetsredogörelse: its sections, paragraphs and placeholders, as data.

``StatementView`` is built by ``reports.sections.statement`` and formatted, without any
further wording or counting, by ``reports.reporters.statementreport`` as HTML and as
Markdown: both formats show the same sections, headings, paragraphs and placeholders.

A paragraph is a sequence of parts: plain text (``Text``; page-derived text among it,
escaped by each format), a link (``LinkPart``; an http(s) target only), or a placeholder
the organisation must replace (``Fill``), which each format makes impossible to miss.
Blocks of klarsyn's own guidance (``BlockKind.NOTE``, ``BlockKind.DECISION``) are for the
organisation and are deleted before the statement is published.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Text:
    """Plain text: ours, or page-derived (a title, a URL), never markup."""

    text: str


@dataclass(frozen=True)
class Fill:
    """A placeholder: what the organisation must write here (or decide to delete)."""

    what: str


@dataclass(frozen=True)
class LinkPart:
    """A link whose visible text is its address; ``href`` is http(s) only."""

    text: str
    href: str


Part = Text | Fill | LinkPart
Paragraph = tuple[Part, ...]


class BlockKind(StrEnum):
    #: One paragraph of the statement.
    PARAGRAPH = "paragraph"
    #: A bulleted list; each line one item.
    LIST = "list"
    #: klarsyn's guidance to the organisation (deleted before publishing).
    NOTE = "note"
    #: A decision the organisation must make: choose one of the lines (the options).
    DECISION = "decision"


@dataclass(frozen=True)
class Block:
    """One block of a section. ``lines``: the paragraph (one), the list's items, the
    note's paragraphs, or the decision's options; ``title`` heads a note or a decision;
    ``advice`` are the decision's paragraphs of what the audit suggests."""

    kind: BlockKind
    lines: tuple[Paragraph, ...]
    title: str = ""
    advice: tuple[Paragraph, ...] = ()


@dataclass(frozen=True)
class Section:
    """A heading (level 2–4, in the guidance language) with its blocks, then its
    subsections."""

    id: str
    level: int
    heading: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class StatementView:
    """The whole draft.

    ``lang`` is the statement's language (always Swedish: the legal text), ``guide_lang``
    the language of its headings and of klarsyn's guidance and placeholders (``--lang``).
    ``title`` is the H1 (it may hold a placeholder); ``legend`` the box at the top that says
    what to do before publishing; ``intro`` the paragraphs under the H1.
    """

    lang: str
    guide_lang: str
    #: The words before a placeholder ("FYLL I"), above a note and above a decision.
    fill_label: str
    note_label: str
    decision_label: str
    doc_title: str
    title: Paragraph
    legend_title: str
    legend: tuple[Paragraph, ...]
    intro: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    #: The figures the draft was written from (reports.sections.statement.audit_figures).
    audit: Audit
    suggestion: Suggestion
    generator: str
    #: The line under the draft that says klarsyn wrote it.
    footer: str


class Suggestion(StrEnum):
    """What the audit suggests for the compliance wording."""

    #: No violation found: manual review is needed before any wording is chosen.
    REVIEW = "review"
    #: Violations found: at most "delvis förenlig".
    PARTLY = "partly"
    #: Many or severe violations: consider "inte förenlig".
    NOT = "not"


@dataclass(frozen=True)
class Example:
    """A page a shortcoming is on: its title (page-derived, may be "") and URL."""

    title: str
    url: str


@dataclass(frozen=True)
class Found:
    """One broken criterion: how many audited pages, how many of them by a template
    fault, the rules that found it, a few example pages, and its situations' names."""

    criterion: str
    level: str
    pages: int
    template_pages: int
    rules: tuple[str, ...]
    examples: tuple[Example, ...]
    situations: tuple[str, ...]


@dataclass(frozen=True)
class Audit:
    """The run's figures the draft states: audited HTML pages, broken criteria, pages with
    a WCAG violation and with a critical one, needs-review results and their pages, URLs
    that could not be audited."""

    audited: int
    found: tuple[Found, ...]
    failing_pages: int
    critical_pages: int
    review: int
    review_pages: int
    failed: int


@dataclass(frozen=True)
class AuditMethod:
    """How the run audited: its day (ISO 8601), versions, and where ("på www.x.se", "från
    en lista med 12 adresser"), as the draft's method paragraph says them."""

    day: str
    tool_version: str
    axe_version: str
    browser_version: str
    where: str
