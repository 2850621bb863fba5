"""The evidence pack of a run: where its files are, what each page's record says, and the
report's links to them.

``klarsyn audit --evidence`` keeps, for each audited page, the HTML as the browser had it,
a full-page screenshot and a screenshot of the elements behind its WCAG violations. One
folder per run, one folder per page::

    <out>/evidence/run-<id>/
        manifest.json                  (reports/manifest.py: hashes, settings, versions)
        <page key>/page.json           (this module: what was captured, what was not, why)
        <page key>/page.html           (the rendered DOM, personnummer masked)
        <page key>/page.png            (at most MAX_PAGE_HEIGHT CSS px of the page)
        <page key>/elements/<rule>-<n>.png

The page key is the first 16 hex digits of the SHA-256 of the page's URL as the ledger
has it (:func:`page_key`): stable from run to run, and no page-derived text in a file
name. The crawler (crawler/evidence.py) writes the files; the report links to those that exist
(:class:`EvidenceIndex`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from audits.personal_data import mask

EVIDENCE_DIR = "evidence"
MANIFEST = "manifest.json"
PAGE_RECORD = "page.json"
PAGE_HTML = "page.html"
PAGE_PNG = "page.png"
ELEMENTS_DIR = "elements"

#: Element screenshots per rule and page: the first N nodes axe-core reported. Enough to
#: show what the fault looks like; a rule with 200 nodes on a page is one fault 200 times.
MAX_ELEMENTS_PER_RULE = 3
#: The full-page screenshot covers at most this many CSS pixels from the top (at the
#: browser's 1280 px width about 50 MB of pixels while it is taken); a longer page is cut
#: and its record says so (``screenshot_cut``). Element screenshots are not limited by it.
MAX_PAGE_HEIGHT = 10_000
#: The widest full-page screenshot, for a page that overflows sideways.
MAX_PAGE_WIDTH = 2_560
#: An element screenshot covers at most this many CSS pixels of the element's height.
MAX_ELEMENT_HEIGHT = 2_000
#: Context around an element in its screenshot, in CSS pixels on each side.
ELEMENT_MARGIN = 8

#: Why an element has no screenshot (page.json ``skipped[].reason``).
SKIP_FRAME = "in_frame"  # inside an iframe: the selector is not the top document's
SKIP_SHADOW = "in_shadow_dom"  # inside a shadow root: querySelector does not reach it
SKIP_NOT_FOUND = "not_found"  # the selector matched nothing when the screenshot was taken
SKIP_NO_BOX = "no_box"  # the element has no visible box (hidden, zero size, in <head>)
SKIP_ERROR = "error"  # the browser could not take it
SKIP_WHOLE_PAGE = "whole_page"  # the element is html or body: see page.png


def run_folder(out: Path, run_id: int) -> Path:
    """The evidence folder of run ``run_id`` of the store in ``out``."""
    return out / EVIDENCE_DIR / f"run-{run_id}"


def page_key(url: str) -> str:
    """The folder name of a page's evidence: 16 hex digits of the SHA-256 of its URL.

    Hashed with its personnummer masked: a hash of a number with so few possible values
    would not hide it. (Two URLs that differ only in such a number share a folder.)
    """
    return hashlib.sha256(mask(url).encode("utf-8")).hexdigest()[:16]


def element_file(rule: str, n: int) -> str:
    """``elements/<rule>-<n>.png`` (``n`` from 1); a rule id is reduced to [A-Za-z0-9_-]."""
    return f"{ELEMENTS_DIR}/{re.sub(r'[^A-Za-z0-9_-]', '-', rule)}-{n}.png"


@dataclass(frozen=True)
class ElementShot:
    """A violation's element: its rule, its selector as the finding has it
    (``audits.axe.target_text``), and its screenshot file ("" with ``reason`` when none)."""

    rule: str
    selector: str
    file: str = ""
    reason: str = ""


@dataclass(frozen=True)
class PageRecord:
    """page.json: what the pack holds of one page, and what it could not hold and why.

    ``html``/``screenshot`` are file names in the page's folder ("" when not taken, with
    the reason in ``notes``). ``redacted``: text nodes and form values in the live page in
    which personnummer were replaced by their shape before the screenshots;
    ``hidden_frames``: frames whose content klarsyn cannot read (other origins) and so
    hid before the screenshots. ``over_limit``: per rule, the violating elements beyond
    MAX_ELEMENTS_PER_RULE that have no screenshot.
    """

    url: str
    final_url: str
    captured: str
    html: str = ""
    screenshot: str = ""
    page_height: int = 0
    screenshot_cut: bool = False
    redacted: int = 0
    hidden_frames: int = 0
    elements: tuple[ElementShot, ...] = ()
    over_limit: Mapping[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def to_json(self) -> bytes:
        data = asdict(self)
        data["over_limit"] = dict(self.over_limit)
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PageRecord:
        """A record read back; raises KeyError, TypeError or ValueError for a bad one."""
        elements = tuple(ElementShot(**e) for e in data.get("elements", ()))
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        values["elements"] = elements
        values["notes"] = tuple(values.get("notes", ()))
        return cls(**values)


def page_records(folder: Path) -> Iterator[tuple[str, PageRecord]]:
    """(page key, record) of every readable page.json in a run's evidence folder."""
    if not folder.is_dir():
        return
    for child in sorted(folder.iterdir()):
        path = child / PAGE_RECORD
        if not path.is_file():
            continue
        try:
            record = PageRecord.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            continue  # a page whose record was cut by a kill: no links to it
        yield child.name, record


@dataclass(frozen=True)
class PageLinks:
    """Relative links (from the report's folder) to one page's evidence; None: not there."""

    html: str | None
    screenshot: str | None


@dataclass(frozen=True)
class EvidenceIndex:
    """The report's way into a run's evidence: relative hrefs of the files that exist.

    Keyed by page key (:func:`page_key` of the ledger's URL) and, for elements, by (page
    key, rule, selector). Hrefs are percent-encoded relative paths with forward slashes,
    so they work from disk and in a zip of the output folder.
    """

    pages: Mapping[str, PageLinks]
    elements: Mapping[tuple[str, str, str], str]

    @classmethod
    def load(cls, folder: Path, report_dir: Path) -> EvidenceIndex | None:
        """The index of the evidence in ``folder`` for a report written to ``report_dir``
        (None when the folder holds no page)."""
        relative = os.path.relpath(folder.resolve(), report_dir.resolve())
        base = PurePosixPath(Path(relative).as_posix())
        pages: dict[str, PageLinks] = {}
        elements: dict[tuple[str, str, str], str] = {}
        for key, record in page_records(folder):

            def href(name: str, key: str = key) -> str | None:
                if not name or not (folder / key / name).is_file():
                    return None
                return quote(str(base / key / name))

            pages[key] = PageLinks(href(record.html), href(record.screenshot))
            for shot in record.elements:
                link = href(shot.file)
                if link is not None and shot.selector:
                    elements.setdefault((key, shot.rule, shot.selector), link)
        if not pages:
            return None
        return cls(pages, elements)

    def page(self, url: str) -> PageLinks | None:
        return self.pages.get(page_key(url))

    def element(self, url: str, rule: str, selector: str) -> str | None:
        return self.elements.get((page_key(url), rule, selector))
