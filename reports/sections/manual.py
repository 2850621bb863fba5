"""Manual verdicts beside automated results, for report.html and report.json.

``manual_view`` joins the entries of a filled-in urval.csv (``reports.manual``) with the
automated result of the same criterion on the same page, computed now from the report's
rows by the sample's own checklist (``reports.sections.sample.checklist``), so both sides
come from one rule. Entries for pages outside the report's rows (another owner's) are
left out; the file was checked against the whole run before (``klarsyn.render``). A
conflict is a criterion the auditor passed ("godkänd") while axe-core found a WCAG
violation of it on that page: one of the two is wrong, and the report says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from audits.model import PageResult
from audits.requirements import criterion_key
from reports.manual import ManualEntry, ManualReview
from reports.sections.criterionnames import criterion_name
from reports.sections.sample import Automated, CheckItem, checklist
from reports.sections.samplelabels import AUTOMATED_LABELS, VERDICT_LABELS, Verdict
from reports.viewmodel.manual import ManualPage, ManualRow, ManualView
from reports.viewmodel.parts import make_link


def manual_view(
    review: ManualReview,
    rows: Sequence[PageResult],
    anchors: Mapping[str, str],
    lang: str = "sv",
) -> ManualView:
    """The section of ``review`` on ``rows``, pages in URL order, criteria in WCAG order
    (``anchors``: each shown page's anchor in the report, by URL), its labels in ``lang``."""
    pages = {}
    for page in rows:
        for url in (page.url, page.final_url):
            if url:
                pages.setdefault(url, page)
    by_page: defaultdict[str, list[ManualEntry]] = defaultdict(list)
    for entry in review.entries:
        if entry.page_url in pages:
            by_page[pages[entry.page_url].url].append(entry)
    shown = []
    for url in sorted(by_page):
        page = pages[url]
        items = {i.criterion: i for i in checklist(page)}
        entries = sorted(by_page[url], key=lambda e: criterion_key(e.criterion))
        shown.append(
            ManualPage(
                url=make_link(url),
                title=page.title or url,
                anchor=anchors.get(url, ""),
                rows=tuple(_row(e, items[e.criterion], lang) for e in entries),
            )
        )
    every = [row for page in shown for row in page.rows]
    return ManualView(
        name=review.name,
        pages=tuple(shown),
        passed=sum(r.verdict == Verdict.PASS for r in every),
        failed=sum(r.verdict == Verdict.FAIL for r in every),
        not_applicable=sum(r.verdict == Verdict.NOT_APPLICABLE for r in every),
        notes_only=sum(r.verdict == "" for r in every),
        conflicts=sum(r.conflict for r in every),
    )


def _row(entry: ManualEntry, item: CheckItem, lang: str) -> ManualRow:
    verdict = entry.verdict
    return ManualRow(
        criterion=item.criterion,
        name=criterion_name(item.criterion, lang),
        level=item.level,
        en301549=item.en301549,
        automated=item.automated.value,
        automated_label=AUTOMATED_LABELS[lang][item.automated],
        rules=item.rules,
        verdict=verdict.value if verdict else "",
        verdict_label=VERDICT_LABELS[lang][verdict] if verdict else "–",
        note=entry.note,
        conflict=verdict is Verdict.PASS and item.automated is Automated.FAIL,
    )
