"""Writing a page's evidence into the run's evidence folder (layout: reports/evidence.py).

Called by the browser stage (crawler/browser/stage.py) in the worker thread that audited
the page, so no file is written on Scrapy's reactor. Each file is written atomically;
page.json comes last, so a page whose record exists has all its files. No personnummer
is written: the HTML and the URLs are masked as the store masks them
(:func:`audits.personal_data.mask`), a selector that holds one is left out, and the
screenshots were taken after the live page was masked (crawler/browser/evidence.py). No
cookie, header or browser profile is ever written here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from audits.personal_data import find_numbers, mask
from crawler.browser.evidence import PageEvidence
from reports.evidence import (
    PAGE_HTML,
    PAGE_PNG,
    PAGE_RECORD,
    ElementShot,
    PageRecord,
    element_file,
    page_key,
)
from reports.reporters.files import write_atomic


class EvidenceWriter:
    """Writes each audited page's evidence under ``folder`` (``<out>/evidence/run-<id>``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def write(self, url: str, final_url: str, dom: str | None, evidence: PageEvidence) -> Path:
        """The evidence of the ledger's page ``url``: its rendered ``dom`` (None: it was
        not taken, too large) and its screenshots. Returns the page's folder."""
        folder = self.folder / page_key(url)
        (folder / "elements").mkdir(parents=True, exist_ok=True)
        notes = list(evidence.notes)
        html = ""
        if dom is not None:
            write_atomic(folder / PAGE_HTML, mask(dom).encode("utf-8"))
            html = PAGE_HTML
        else:
            notes.append("no page.html: the rendered page was too large or not serialisable")
        screenshot = ""
        if evidence.screenshot is not None:
            write_atomic(folder / PAGE_PNG, evidence.screenshot)
            screenshot = PAGE_PNG
        elements = []
        counts: dict[str, int] = {}
        for shot in evidence.shots:
            selector = "" if find_numbers(shot.selector) else shot.selector
            if shot.png is None:
                elements.append(ElementShot(shot.rule, selector, reason=shot.reason))
                continue
            counts[shot.rule] = counts.get(shot.rule, 0) + 1
            name = element_file(shot.rule, counts[shot.rule])
            write_atomic(folder / name, shot.png)
            elements.append(ElementShot(shot.rule, selector, file=name))
        record = PageRecord(
            url=mask(url),
            final_url=mask(final_url),
            captured=datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
            html=html,
            screenshot=screenshot,
            page_height=evidence.page_height,
            screenshot_cut=evidence.cut,
            redacted=evidence.redacted,
            hidden_frames=evidence.hidden_frames,
            elements=tuple(elements),
            over_limit=dict(evidence.over_limit),
            notes=tuple(notes),
        )
        write_atomic(folder / PAGE_RECORD, record.to_json())
        return folder
