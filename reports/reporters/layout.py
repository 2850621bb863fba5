"""Where the HTML report's files are, and how a link in one of them reaches another.

report.html holds what is site-level (summary, rules, owners, template faults, trends,
the worst pages) and stays a few MB whatever the site's size. The per-page detail and
the full lists are in files beside it, in one folder, ``sidor/``:

    report.html                  the report (the ``pdf`` format prints this one)
    sidor/index.html             the page list, PAGE_LIST_ROWS pages a file:
    sidor/index-2.html, …          index.html is the first, index-<n>.html the n-th
    sidor/sidor-<n>.html         the detail of pages PAGES_PER_FILE × (n − 1) + 1 …
    sidor/adresser.html, …       every URL of the run and what became of it (the ledger),
                                   paginated like the page list

Every link is relative, so the folder opens from disk without a server. A page's anchor
is ``sida-<n>``, ``n`` its place in URL order among the pages shown (``page_anchor``,
assigned by ``reports.view``); its file follows from ``n`` alone.

A template says where it is with the render variable ``here`` (``HERE_REPORT`` or
``HERE_PAGES``); the ``page_href``, ``report_href`` and ``out_href`` filters turn a page
anchor, a report anchor and a path relative to the output folder into a link from there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

#: The report's own file, and the folder of its per-page files beside it.
REPORT_NAME = "report.html"
PAGES_DIR = "sidor"
#: Pages whose detail is in one file: 100 pages of real-world weight are about 1 MB.
PAGES_PER_FILE = 100
#: Rows of the page list and the ledger in one file.
PAGE_LIST_ROWS = 1000
#: Where a template is: report.html, or a file in PAGES_DIR.
HERE_REPORT = "report"
HERE_PAGES = "pages"

_PAGE_ANCHOR = re.compile(r"sida-([1-9][0-9]*)")


def page_anchor(n: int) -> str:
    """The anchor of the ``n``-th page shown (1-based, URL order)."""
    return f"sida-{n}"


def page_number(anchor: str) -> int:
    """The ``n`` of a ``page_anchor``; ValueError for any other anchor."""
    match = _PAGE_ANCHOR.fullmatch(anchor)
    if match is None:
        raise ValueError(f"not a page anchor: {anchor!r}")
    return int(match.group(1))


def detail_file(n: int) -> str:
    """The name, inside PAGES_DIR, of the file with the ``n``-th page's detail."""
    return f"sidor-{(n - 1) // PAGES_PER_FILE + 1}.html"


def list_file(stem: str, part: int) -> str:
    """The name, inside PAGES_DIR, of the ``part``-th file (1-based) of a paginated list."""
    return f"{stem}.html" if part == 1 else f"{stem}-{part}.html"


def _here(context: Context) -> str:
    return str(context.get("here") or HERE_REPORT)


@pass_context
def page_href(context: Context, anchor: str) -> str:
    """The link to a page's detail (its anchor), from where the template is."""
    name = f"{detail_file(page_number(anchor))}#{anchor}"
    return name if _here(context) == HERE_PAGES else f"{PAGES_DIR}/{name}"


@pass_context
def report_href(context: Context, anchor: str) -> str:
    """The link to an anchor of report.html, from where the template is."""
    return f"../{REPORT_NAME}#{anchor}" if _here(context) == HERE_PAGES else f"#{anchor}"


@pass_context
def out_href(context: Context, path: str) -> str:
    """A path relative to the output folder (an evidence file), from where the template is."""
    return f"../{path}" if _here(context) == HERE_PAGES else path


@pass_context
def pages_href(context: Context, name: str) -> str:
    """The link to a file of PAGES_DIR, from where the template is."""
    return name if _here(context) == HERE_PAGES else f"{PAGES_DIR}/{name}"


#: The filters every HTML environment has (``templating.environment``).
LINK_FILTERS: Mapping[str, Any] = {
    "page_href": page_href,
    "report_href": report_href,
    "out_href": out_href,
    "pages_href": pages_href,
}
