"""The digest as each owner reads it: ``digest/<owner>.html`` and ``.txt``, in Swedish.

From a ``reports.digest.Digest``: one message per owner with news (every configured owner
with ``send_empty``), and the roll-up across owners in the follow-up owner's message (a
message of its own when the follow-up owner is not one of the run's owners). All wording,
counting and ordering is done here in Python; the HTML template only displays it.

The HTML is made for mail clients as much as for a browser: one table-free column, inline
styles only (no style sheet, no classes), no images, no scripts, everything autoescaped.
The text part says the same in plain lines; page-derived text in it is stripped of control
characters (``textreport.plain``). Links to the report are ``report_base`` + the page's
detail file and anchor (``reports.reporters.layout``): ``../`` for the files written beside
the report, the address the report folder is published at for e-mail.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from audits.model import known_impact
from reports.digest import Digest, DigestItem, OwnerDigest, TemplateLine
from reports.labels import IMPACT_LABELS_SV
from reports.reporters.layout import PAGES_DIR, detail_file, page_number
from reports.reporters.templating import environment
from reports.reporters.textreport import plain
from reports.viewmodel.parts import Link

#: The folder of the digests, inside the output folder.
DIGEST_DIR = "digest"
#: How much of a snippet a digest shows.
DETAIL_SHOWN = 160

_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("new", "Nya fel mot WCAG",
     "Fel mot tillgänglighetskraven (WCAG 2.1 AA) som är nya på era sidor sedan förra "
     "granskningen, eller som har kommit tillbaka. De allvarligaste först."),
    ("fixed", "Åtgärdat",
     "Fel mot WCAG som fanns i förra granskningen och nu är borta. Bra jobbat!"),
    ("over_lix", "Sidor över sitt LIX-mål",
     "Sidor vars text nu är svårare att läsa än målet för sina läsare."),
    ("stale", "Sidor som har blivit inaktuella",
     "Sidor som inte har uppdaterats inom den tid kommunen har bestämt."),
    ("stale_soon", "Sidor som blir inaktuella inom 30 dagar",
     "Se över dem innan dess: stämmer innehållet fortfarande?"),
    ("broken_links", "Nya trasiga länkar",
     "Länkar på era sidor som leder till en sida som inte finns eller inte svarar."),
    ("documents", "Nya problem i dokument",
     "Dokument (till exempel PDF) som inte är tillgängliga eller är inaktuella."),
)  # fmt: skip
#: The roll-up table's columns: a count of ``OwnerDigest.counts`` each.
ROLLUP_COLUMNS: tuple[tuple[str, str], ...] = (
    ("new", "Nya fel"), ("new_template", "Mallfel (sidor)"), ("fixed", "Åtgärdade"),
    ("over_lix", "Över LIX-mål"), ("stale", "Inaktuella"), ("stale_soon", "Snart inaktuella"),
    ("broken_links", "Trasiga länkar"), ("documents", "Dokument"),
)  # fmt: skip


@dataclass(frozen=True)
class Line:
    """One item as shown: the page, the rule in plain Swedish, a note (the impact, "kom
    tillbaka", the day it goes stale), the snippet, and its links."""

    page: Link
    rule: str
    note: str
    detail: str
    report: Link | None
    edit: Link | None


@dataclass(frozen=True)
class Section:
    title: str
    lead: str
    lines: tuple[Line, ...]
    #: One line each: the template faults of the section (the web team's to fix).
    template: tuple[str, ...] = ()
    #: The lines, and the pages of the template faults.
    count: int = 0


@dataclass(frozen=True)
class RollupRow:
    owner: str
    counts: tuple[int, ...]


@dataclass(frozen=True)
class Rollup:
    heads: tuple[str, ...]
    rows: tuple[RollupRow, ...]
    #: The site's new template faults, one line each.
    template: tuple[str, ...]


@dataclass(frozen=True)
class DigestMessage:
    """One owner's digest, rendered: what is written to ``digest/`` and what is mailed."""

    owner: str
    #: The owner's ``contact`` (addresses, comma-separated; "": written, never sent).
    contact: str
    #: The file name without its suffix (``<stem>.html``, ``.txt``, ``.eml``).
    stem: str
    subject: str
    html: str
    text: str


def digest_messages(
    digest: Digest, report_base: str = "../", *, send_empty: bool = False
) -> list[DigestMessage]:
    """A message per owner with news (``send_empty``: every configured owner), and the
    follow-up owner's with the roll-up (when anything is new, or with ``send_empty``)."""
    rollup = _rollup(digest)
    parts = list(digest.owners)
    if digest.owner(digest.follow_up) is None:
        parts.append(OwnerDigest(digest.follow_up, ""))
    messages = []
    for part in parts:
        follows = part.name == digest.follow_up
        news = part.has_news or (follows and digest.has_news)
        if news or send_empty:
            messages.append(_message(digest, part, rollup if follows else None,
                                     report_base, news))
    return messages


def write_digests(messages: Sequence[DigestMessage], out: Path) -> list[Path]:
    """Write each message as ``<out>/digest/<stem>.html`` and ``.txt``; the paths written."""
    folder = out / DIGEST_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for message in messages:
        for suffix, body in ((".html", message.html), (".txt", message.text)):
            path = folder / f"{message.stem}{suffix}"
            path.write_text(body, encoding="utf-8")
            written.append(path)
    return written


def file_stem(owner: str) -> str:
    """An owner's name as a file name: "Barn- och utbildningsförvaltningen" →
    "barn-och-utbildningsforvaltningen" (ASCII letters, digits and hyphens)."""
    ascii_name = unicodedata.normalize("NFKD", owner).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "agare"


def _message(digest: Digest, part: OwnerDigest, rollup: Rollup | None, base: str,
             news: bool) -> DigestMessage:
    counts = part.counts()
    sections = tuple(s for s in (_section(part, f, t, lead, base) for f, t, lead in _FIELDS)
                     if s.lines or s.template)
    # The follow-up owner's subject counts the whole site: its message is the roll-up.
    summary = _headline(counts) if rollup is None else "uppföljning, " + _headline(
        {k: sum(o.counts()[k] for o in digest.owners) for k in counts})
    subject = f"Webbgranskning {digest.run.started[:10]}: {summary} – {part.name}"
    values = {
        "owner": part.name,
        "site": digest.site_name,
        "day": digest.run.started[:10],
        "previous_day": digest.previous.started[:10],
        "intro": _intro(counts, news),
        "sections": sections,
        "rollup": rollup,
        "report": Link("Hela rapporten", base + "report.html"),
    }
    html = _environment().get_template("digest.html.j2").render(subject=subject, **values)
    return DigestMessage(part.name, part.contact, file_stem(part.name), subject, html,
                         _text(values, subject))


def _headline(counts: dict[str, int]) -> str:
    """The subject's summary: "3 nya fel, 1 åtgärdat", or "inget nytt"."""
    said = [f"{counts['new']} {'nytt fel' if counts['new'] == 1 else 'nya fel'}"] \
        if counts["new"] else []
    said += [f"{counts['fixed']} åtgärdat"] if counts["fixed"] else []
    others = sum(n for k, n in counts.items() if k not in ("new", "fixed"))
    said += [f"{others} att se över"] if others else []
    return ", ".join(said) or "inget nytt"


def _intro(counts: dict[str, int], news: bool) -> str:
    if not news:
        return "Inget nytt på era sidor sedan förra granskningen."
    if not any(counts.values()):
        return "Inget nytt på era sidor; nedan är läget för alla förvaltningar."
    return ("Det här har ändrats på era sidor sedan förra granskningen. Varje rad leder till "
            "sidan och till sidans avsnitt i rapporten.")


def _section(part: OwnerDigest, field: str, title: str, lead: str, base: str) -> Section:
    items: tuple[DigestItem, ...] = getattr(part, field)
    lines = tuple(_line(item, base, field in ('new', 'fixed')) for item in items)
    template: tuple[TemplateLine, ...] = ()
    if field == "new":
        template = part.new_template
    elif field == "fixed":
        template = part.fixed_template
    return Section(title, lead, lines, tuple(_template_text(t, field) for t in template),
                   len(lines) + sum(t.pages for t in template))


def _template_text(t: TemplateLine, field: str) -> str:
    pages = f"{t.pages} {'sida' if t.pages == 1 else 'sidor'}"
    if field == "fixed":
        return f"Mallfel åtgärdat av webbteamet: {t.help} ({pages})."
    return (f"Mallfel, till webbteamet (felet sitter i sidmallen, inte i er text): {t.help} "
            f"({pages}).")


def _line(item: DigestItem, base: str, wcag: bool) -> Line:
    """``wcag``: a WCAG violation, whose note says how serious it is."""
    if item.stale_on is not None:
        note = f"inaktuell från {item.stale_on.isoformat()}"
    else:
        note = IMPACT_LABELS_SV[known_impact(item.impact)] if wcag else ""
    if item.reappeared:
        note = f"{note}, kom tillbaka" if note else "kom tillbaka"
    report = None
    if item.anchor is not None:
        report = Link("Se sidan i rapporten",
                      f"{base}{PAGES_DIR}/{detail_file(page_number(item.anchor))}#{item.anchor}")
    return Line(item.page, item.help, note, plain(item.detail, DETAIL_SHOWN), report, item.edit)


def _rollup(digest: Digest) -> Rollup:
    rows = tuple(RollupRow(o.name, tuple(o.counts()[k] for k, _ in ROLLUP_COLUMNS))
                 for o in digest.owners)
    return Rollup(tuple(h for _, h in ROLLUP_COLUMNS), rows,
                  tuple(_template_text(t, "new") for t in digest.site_template))


def _text(values: dict[str, object], subject: str) -> str:
    """The plain-text part: the same content as the HTML, in lines."""
    out = [subject, "", f"{values['site']}: granskningen {values['day']} jämförd med "
           f"{values['previous_day']}.", str(values["intro"])]
    sections: tuple[Section, ...] = values["sections"]  # type: ignore[assignment]
    for section in sections:
        out += ["", f"{section.title} ({section.count})", section.lead]
        for line in section.lines:
            note = f" [{line.note}]" if line.note else ""
            out.append(f"- {line.rule}{note}")
            out.append(f"  Sida: {plain(line.page.text)}")
            if line.detail:
                out.append(f"  Kod: {line.detail}")
            if line.report is not None:
                out.append(f"  Rapporten: {line.report.href}")
            if line.edit is not None and line.edit.href:
                out.append(f"  Redigera sidan: {line.edit.href}")
        out += [f"* {t}" for t in section.template]
    rollup = values["rollup"]
    if isinstance(rollup, Rollup):
        out += ["", "Alla förvaltningar"]
        out += [f"- {row.owner}: " + ", ".join(f"{h.lower()} {n}" for h, n in
                                                 zip(rollup.heads, row.counts, strict=True))
                for row in rollup.rows]
        out += [f"* {t}" for t in rollup.template]
    report = values["report"]
    if isinstance(report, Link):
        out += ["", f"Hela rapporten: {report.href}"]
    out += ["", "Det här meddelandet skickades av klarsyn efter den schemalagda granskningen."]
    return "\n".join(out) + "\n"


@functools.cache
def _environment() -> Environment:
    """The digest's environment (``templating.environment``)."""
    return environment()
