"""tillganglighetsredogorelse.html and .md: the draft accessibility statement, formatted.

Both files show the same ``StatementView`` (``reports.sections.statement``): the same
headings, paragraphs, lists, guidance and placeholders, in the same order; this module
only formats it. Placeholders are impossible to miss: ``<mark class="att-fylla-i">`` with
a border in HTML, ``**[FYLL I: …]**`` in Markdown. Every text is escaped for its format
(autoescaped Jinja; Markdown's punctuation and HTML's ``<``/``&`` backslash-escaped), since
page titles, URLs and host names come from crawled pages.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from jinja2 import Environment

from reports.i18n import translator
from reports.prepare import ReportInput
from reports.reporters.templating import environment, render_words
from reports.sections.statement import statement_view
from reports.viewmodel.statement import (
    Block,
    BlockKind,
    Fill,
    LinkPart,
    Paragraph,
    Section,
    StatementView,
    Text,
)

HTML_NAME = "tillganglighetsredogorelse.html"
MD_NAME = "tillganglighetsredogorelse.md"
#: The punctuation that starts Markdown (or HTML) inside a line; CommonMark takes a
#: backslash before any ASCII punctuation as the character itself.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_SPACE = re.compile(r"\s+")


def statement_report(report: ReportInput) -> Mapping[str, bytes]:
    """Both files of the draft statement of a prepared input."""
    view = statement_view(report)
    return {
        HTML_NAME: render_statement_html(view).encode("utf-8"),
        MD_NAME: render_statement_md(view).encode("utf-8"),
    }


def render_statement_html(view: StatementView) -> str:
    """The self-contained HTML draft of ``view``."""
    tr = translator(view.guide_lang)
    return _environment().get_template("statement.html.j2").render(view=view, **render_words(tr))


@functools.cache
def _environment() -> Environment:
    """The statement's environment (``templating.environment``) with the tests that tell
    its text parts apart."""
    return environment(
        tests={
            "fill": lambda part: isinstance(part, Fill),
            "link": lambda part: isinstance(part, LinkPart),
        }
    )


# -- Markdown -------------------------------------------------------------------------------


def md_text(text: str) -> str:
    """``text`` on one line with Markdown's punctuation escaped, so a page title such as
    ``<script>`` or ``[x](javascript:…)`` stays the text it is."""
    return _MD_SPECIAL.sub(r"\\\1", _SPACE.sub(" ", text))


def md_paragraph(parts: Paragraph, fill_label: str) -> str:
    out = []
    for part in parts:
        if isinstance(part, Fill):
            out.append(f"**\\[{md_text(fill_label)}: {md_text(part.what)}\\]**")
        elif isinstance(part, LinkPart):
            # A link destination in <…> ends at ">" and may not hold a line break or "<".
            href = re.sub(r"[<>\s]", lambda m: f"%{ord(m.group()):02X}", part.href)
            out.append(f"[{md_text(part.text)}](<{href}>)")
        elif isinstance(part, Text):
            out.append(md_text(part.text))
    return "".join(out)


def _quoted(lines: list[str]) -> list[str]:
    return [f"> {line}" if line else ">" for line in lines]


def md_block(block: Block, view: StatementView) -> list[str]:
    label = view.fill_label
    if block.kind is BlockKind.PARAGRAPH:
        return [md_paragraph(block.lines[0], label)]
    if block.kind is BlockKind.LIST:
        return [f"- {md_paragraph(line, label)}" for line in block.lines]
    if block.kind is BlockKind.NOTE:
        body = [f"**{md_text(view.note_label)}**"]
        for line in block.lines:
            body += ["", md_paragraph(line, label)]
        return _quoted(body)
    body = [f"**{md_text(view.decision_label)}:** {md_text(block.title)}", ""]
    body += [f"{n}. {md_paragraph(line, label)}" for n, line in enumerate(block.lines, 1)]
    for line in block.advice:
        body += ["", md_paragraph(line, label)]
    return _quoted(body)


def md_section(section: Section, view: StatementView) -> list[str]:
    lines = [f"{'#' * section.level} {md_text(section.heading)}", ""]
    for block in section.blocks:
        lines += [*md_block(block, view), ""]
    for sub in section.subsections:
        lines += md_section(sub, view)
    return lines


def render_statement_md(view: StatementView) -> str:
    """The Markdown draft of ``view``: the same content as the HTML."""
    lines = [f"# {md_paragraph(view.title, view.fill_label)}", ""]
    legend = [f"**{md_text(view.legend_title)}**"]
    for line in view.legend:
        legend += ["", md_paragraph(line, view.fill_label)]
    lines += [*_quoted(legend), ""]
    for line in view.intro:
        lines += [md_paragraph(line, view.fill_label), ""]
    for section in view.sections:
        lines += md_section(section, view)
    lines += ["---", "", md_text(view.footer), ""]
    return "\n".join(lines)
