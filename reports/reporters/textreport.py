"""Terminal text: what ``klarsyn history``, ``klarsyn diff`` and ``klarsyn text`` print.

Crawled text is untrusted: every page-derived string goes through ``clean`` so no control
character (a terminal escape, a bidi control) reaches the screen.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from audits.model import DiffStatus, Finding, Readability
from audits.plain_language import RULES
from audits.targets import Audience
from reports.history import Fault, RunDiff
from reports.i18n import SWEDISH, Translator
from reports.labels import BAND_LABELS_SV, DIFF_STATUS_LABELS_SV, ORIGIN_LABELS_SV
from reports.store import RunSummary

#: Terminal escape sequences whole (CSI, OSC, and other ESC sequences, 7- and 8-bit), so
#: no "[31m" remnant is left; then any other control character, and the Unicode bidi
#: controls that make a line read differently from what it holds ("Trojan Source").
_ESCAPE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: How much of a snippet a line of ``klarsyn diff`` shows.
SNIPPET_SHOWN = 80


def plain(text: str, limit: int | None = None) -> str:
    """Crawled text is untrusted: no control characters (terminal escapes) reach the screen."""
    text = " ".join(_CONTROL.sub(" ", _ESCAPE.sub("", text)).split())
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], indent: str = "") -> list[str]:
    """Columns padded to their widest cell: text to the left, numbers to the right."""
    cells = [[str(c) for c in header], *([str(c) for c in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    numeric = [all(isinstance(row[i], int) for row in rows) and rows for i in range(len(header))]
    return [
        indent
        + "  ".join(
            cell.rjust(width) if numeric[i] else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in cells
    ]


def history_text(runs: Sequence[RunSummary]) -> str:
    """One line per run, oldest first: what ``klarsyn history`` prints."""
    if not runs:
        return "Lagret innehåller inga granskningar."
    header = ("Körning", "Start", "Slut", "Delvis", "Granskade", "Misslyckade", "WCAG-fel",
              "Inställningar", "Webbplats")  # fmt: skip
    rows = [
        (r.id, r.started, r.finished or "–", "ja" if r.partial else "nej", r.audited, r.failed,
         r.wcag_violations, r.settings_hash[:8] or "–", plain(r.site))
        for r in runs
    ]  # fmt: skip
    return "\n".join(_table(header, rows))


def _counts(
    title: str, groups: Mapping[str, Mapping[DiffStatus, int]], labels: Mapping[str, str]
) -> list[str]:
    header = (title, *(DIFF_STATUS_LABELS_SV[s] for s in DiffStatus))
    rows = [(labels.get(g, plain(g)), *counts.values()) for g, counts in groups.items()]
    return ["", *_table(header, rows)] if rows else []


def _listed(title: str, faults: Sequence[Fault]) -> list[str]:
    lines = ["", f"{title} ({len(faults)})"]
    rows = [(f.rule, plain(f.page_url), plain(f.snippet, SNIPPET_SHOWN)) for f in faults]
    return lines + _table(("Regel", "Sida", "Kod"), rows, "  ") if rows else lines


def diff_text(diff: RunDiff) -> str:
    """What ``klarsyn diff`` prints: totals, groups, and the faults that came and went."""
    a, b = diff.run_a, diff.run_b
    totals = ", ".join(f"{DIFF_STATUS_LABELS_SV[s]} {n}" for s, n in diff.totals().items())
    review = ", ".join(f"{DIFF_STATUS_LABELS_SV[s]} {n}" for s, n in diff.review_totals().items())
    lines = [f"Körning {a.id} ({a.started}) jämförd med körning {b.id} ({b.started})"]
    if a.site != b.site:
        lines.append(f"Olika webbplatser: {plain(a.site)} och {plain(b.site)}")
    if diff.settings_changed:
        lines.append("Obs: körningarna gjordes med olika inställningar.")
    if b.partial:
        lines.append(f"Obs: körning {b.id} blev inte klar; fel på sidor den inte nådde räknas "
                     "som ej kontrollerade.")  # fmt: skip
    lines += [f"Fel: {totals}", f"Att granska (räknas inte som fel): {review}"]
    lines += _counts("Per regel", diff.by_rule(), {})
    lines += _counts("Per ägare", diff.by_owner(), {})
    lines += _counts("Mall eller redaktionellt", diff.by_origin(), ORIGIN_LABELS_SV)
    lines += _listed("Nya och återkomna fel", diff.of(DiffStatus.NEW, DiffStatus.REAPPEARED))
    lines += _listed("Åtgärdade fel", diff.of(DiffStatus.FIXED))
    if unverified := diff.of(DiffStatus.UNVERIFIED):
        lines += _listed(f"Ej kontrollerade, sidan granskades inte i körning {b.id}", unverified)
    return "\n".join(lines)


def _number(
    value: float | None, decimals: int = 1, percent: bool = False, words: Translator = SWEDISH
) -> str:
    """A measure with the language's decimal sign; "ej beräknad" (not computed) for None."""
    if value is None:
        return words.gettext("ej beräknad")
    text = f"{value * 100:.0f} %" if percent else f"{value:.{decimals}f}"
    return text.replace(".", ",") if words.lang == "sv" else text


def draft_text(
    readability: Readability,
    findings: Sequence[Finding],
    audience: Audience,
    words: Translator = SWEDISH,
) -> str:
    """A short report for the terminal, in ``words``'s language (Swedish by default).

    The rule's help is the rule's own text in that language; the quoted draft text and
    the advice of each flag (built from the Swedish words it is about) stay Swedish."""
    r, _ = readability, words.gettext

    def num(value: float | None, decimals: int = 1, percent: bool = False) -> str:
        return _number(value, decimals, percent, words)

    band = _(BAND_LABELS_SV[r.band]) if r.band in BAND_LABELS_SV else "–"
    lines = [
        _("Ord: %(words)s   Meningar: %(sentences)s   Långa ord: %(long)s")
        % {"words": r.words, "sentences": r.sentences, "long": r.long_words},
        _("LIX: %(lix)s (%(band)s)   Mål för %(audience)s: högst %(target)s")
        % {"lix": num(r.lix), "band": band, "audience": audience.name,
           "target": num(audience.lix_target, 0)},
        _("OVIX: %(ovix)s   Ord per mening: %(mean)s   Meningar över 25 ord: %(long)s")
        % {"ovix": num(r.ovix), "mean": num(r.mean_sentence_length),
           "long": num(r.long_sentence_share, percent=True)},
        _("Andel långa ord: %(share)s   Nominalkvot: %(ratio)s")
        % {"share": num(r.long_word_share, percent=True), "ratio": num(r.nominal_ratio, 2)},
    ]  # fmt: skip
    if audience.exceeded_by(r.lix):
        lines.append(
            _("Texten är svårare än målet för %(audience)s.") % {"audience": audience.name}
        )
    if not findings:
        lines.append(_("Inga klarspråksanmärkningar."))
    else:
        count = words.ngettext(
            "%(n)s klarspråksanmärkningar:", "%(n)s klarspråksanmärkningar:", len(findings)
        )
        lines.append("\n" + count % {"n": len(findings)})
        for f in findings:
            lines.append(f"- {RULES[f.rule].info(words.lang).help}: {f.snippet}")
            if f.message:
                lines.append(f"  {f.message}")
    return "\n".join(lines)
