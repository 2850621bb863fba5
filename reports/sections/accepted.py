"""Accepted exceptions ("godkända undantag"): nothing is hidden silently.

Findings an exception accepts (``audits.exceptions.split_accepted``) are taken out of every
count and listed in their own section with the reason, who decided and until when; an
exception that has expired accepts nothing, so its findings count again, and it is listed
too, marked as expired.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from audits.exceptions import Accepted, AcceptedException
from audits.model import Finding, PageResult
from reports.i18n import SWEDISH, Translator
from reports.prepare import print_of
from reports.ruletexts import RuleTexts
from reports.viewmodel.parts import make_link
from reports.viewmodel.sections import AcceptedRow, AcceptedView


def accepted_view(
    accepted: Sequence[Accepted] | None,
    expired: Sequence[AcceptedException],
    pages: Sequence[PageResult],
    rules: RuleTexts,
    anchors: Mapping[str, str],
    words: Translator = SWEDISH,
) -> AcceptedView:
    """Rows for the accepted findings and for the findings of expired exceptions.

    ``pages`` are the report's rows (accepted findings already taken out): an expired
    exception's findings are found among them. In an owner's report ``accepted`` and
    ``pages`` are that owner's (``reports.prepare``).
    """
    def row(e: AcceptedException, page: PageResult | None, f: Finding | None,
            lapsed: bool) -> AcceptedRow:
        return AcceptedRow(
            rule=e.rule, help=rules.help(e.rule),
            page=make_link(page.url) if page else None,
            anchor=anchors.get(page.url) if page else None,
            selector=f.selector if f else e.selector, snippet=f.snippet if f else "",
            fingerprint=print_of(f, page.url) if f and page else "",
            reason=e.reason, decided_by=e.decided_by, expires=e.expires.isoformat(),
            expired=lapsed, scope=_scope(e, words))

    rows = [row(e, page, f, False) for page, f, e in accepted or ()]
    for e in expired:
        hits = [row(e, p, f, True) for p in pages for f in p.findings if e.covers(f, p.url)]
        rows.extend(hits or [row(e, None, None, True)])
    rows.sort(key=lambda r: (not r.expired, r.expires, r.rule, r.page.text if r.page else ""))
    return AcceptedView(tuple(rows), sum(not r.expired for r in rows),
                        sum(r.expired for r in rows), accepted is not None or bool(expired))


def _scope(e: AcceptedException, words: Translator = SWEDISH) -> str:
    """Where the exception applies, in the report's language: its selector and URL
    patterns."""
    _ = words.gettext
    parts = []
    if e.selector:
        parts.append(_("väljare %(selector)s") % {"selector": e.selector})
    if e.url:
        parts.append(_("adresser som matchar %(url)s") % {"url": e.url})
    return ", ".join(parts) or _("alla förekomster av regeln")
