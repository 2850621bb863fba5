"""The bundled demo site: "Älvbyns kommun", a fictional Swedish municipality.

``klarsyn audit`` without a URL serves this site on 127.0.0.1 and audits it, and
the integration tests audit it against ``manifest.json``, the list of every
fault planted in it. The site is rendered in memory from source files:

- ``templates/layout.html``: the shared layout (header, navigation, breadcrumbs,
  footer) around every page. Its footer holds the one template fault. Every page loads
  ``files/js/kakbanner.js``, the site's modal cookie banner with faults of its own, which
  the demo's audit answers as a visitor does (``CONSENT``, ``[consent]`` in a config).
- ``pages/**.html``: one file per page, a front-matter block followed by a Jinja
  fragment. ``pages/a/b.html`` is served at ``/a/b/``, ``pages/a/index.html`` at
  ``/a/``. Front-matter keys: ``title`` (required), ``updated`` (YYYY-MM-DD),
  ``description``, ``date`` (news), ``lang`` (``none`` drops the attribute),
  ``viewport``, ``sitemap: no`` (reachable by links only), ``layout: none`` plus
  ``path`` (a stand-alone document such as an iframe's frame document),
  ``head_title`` (the whole ``<title>`` as written, instead of "title – site name"),
  ``nav: none`` (no main menu or breadcrumbs) and ``footer: campaign`` (a footer
  without the link to the accessibility statement), ``script`` (the path of a
  script under ``files/`` the page loads with ``defer``: its content is made by it).
- ``files/``: static files served as they are; ``pdf.py``: the PDF documents.
  ``files/js/evenemang.js`` fills the events calendar after load: its text and
  links exist only in the rendered page (manifest: ``script_content``, and
  ``found_by: browser`` for the page only its link leads to).

A page's ``text_structure`` in the manifest lists the Swedish faults the klarspråk
rules must find on it (``klarsprak``) and the blocks they must not quote
(``not_prose``): a table of contents, form-control text, passages declared in other
languages and a same-origin frame declared English, each with the kind and language
klarsyn stores for it.

The owners and names of the sections come from the manifest, so they live in
one place.
"""

from __future__ import annotations

import copy
import gzip
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from audits.targets import Owner
from crawler.config import Consent

from .pdf import DOCUMENTS, render_pdf

HERE = Path(__file__).resolve().parent
PAGES_DIR = HERE / "pages"
FILES_DIR = HERE / "files"
HTML = "text/html; charset=utf-8"
SITE_NAME = "Älvbyns kommun"
DISALLOWED = ("/intern/",)
FILE_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".gif": "image/gif",
}
# fmt: off
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")
# fmt: on

Site = dict[str, tuple[bytes, str]]


@dataclass(frozen=True)
class Page:
    """One page source: its URL path, front matter and content fragment."""

    path: str
    meta: dict[str, str]
    source: str

    @property
    def title(self) -> str:
        return self.meta["title"]

    @property
    def section(self) -> str | None:
        """The section key (first path segment) if it is a manifest section."""
        first = self.path.strip("/").split("/")[0]
        return first if first in _manifest()["sections"] else None

    @property
    def uses_layout(self) -> bool:
        return self.meta.get("layout") != "none"

    @property
    def full_title(self) -> str:
        """The document ``<title>``: ``head_title`` if given, else page title and site name."""
        if "head_title" in self.meta:
            return self.meta["head_title"]
        return self.title if self.path == "/" else f"{self.title} – {SITE_NAME}"

    @property
    def parent(self) -> str | None:
        """The parent page's path (``/a/b/`` -> ``/a/``), None for the start page."""
        return _prefixes(self.path)[-2] if self.path != "/" else None

    @property
    def listed(self) -> bool:
        """Whether the page is a normal public page (uses the layout, not robots-disallowed)."""
        return self.uses_layout and not self.path.startswith(DISALLOWED)

    @property
    def sitemap(self) -> str | None:
        """Which child sitemap lists the page ("sidor", "nyheter") or None."""
        if not self.listed or self.meta.get("sitemap") == "no":
            return None
        news = self.path.startswith("/nyheter/") and self.path != "/nyheter/"
        return "nyheter" if news else "sidor"


@cache
def _manifest() -> dict[str, Any]:
    return json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))


def load_manifest() -> dict[str, Any]:
    """The fault manifest (``manifest.json``): what an audit must find, and where (a fresh copy)."""
    return copy.deepcopy(_manifest())


#: The demo is served here when the port is free (else on any free port), so that
#: audits of it into one folder are runs of the same site and can be compared.
PORT = 8765

#: The day the demo's dates were written for: its audit counts ages to this day, so
#: which pages are stale does not change as time passes.
REFERENCE_DATE = "2026-11-26"
#: How the demo's audit answers its cookie banner: "Endast nödvändiga", as the visitor who
#: shares the least (files/js/kakbanner.js).
CONSENT = Consent(reject="#kakor-nodvandiga", accept="#kakor-alla")


def owners() -> tuple[Owner, ...]:
    """The demo's owner map: each section belongs to the förvaltning the manifest names,
    whose web editors the contact reaches (addresses under .example: never delivered)."""
    return tuple(
        Owner(section["owner"], (f"^https?://[^/]+{section['path']}",),
              section.get("contact", ""))
        for section in _manifest()["sections"].values()
    )


def swedish_date(iso: str) -> str:
    """``2026-10-12`` -> ``12 oktober 2026``."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{day} {MONTHS[month - 1]} {year}"


def _read_page(file: Path) -> Page:
    """Split a page file into front matter (``key: value`` lines between ``---``) and body."""
    text = file.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    meta = dict(line.split(": ", 1) for line in head.strip().splitlines())
    rel = file.relative_to(PAGES_DIR).with_suffix("")
    parts = [p for p in rel.parts if p != "index"]
    path = meta.get("path") or "/" + "".join(f"{p}/" for p in parts)
    return Page(path=path, meta=meta, source=body)


@cache
def load_pages() -> tuple[Page, ...]:
    """Every page source, sorted by path."""
    pages = (_read_page(f) for f in PAGES_DIR.rglob("*.html"))
    return tuple(sorted(pages, key=lambda p: p.path))


def _environment() -> Environment:
    """Jinja2 with autoescaping everywhere and the ``datum`` (Swedish date) filter."""
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )
    env.filters["datum"] = swedish_date
    return env


def _render_page(env: Environment, page: Page, by_path: dict[str, Page]) -> str:
    """Render one page: its fragment, then (unless ``layout: none``) the layout around it."""
    sections = _manifest()["sections"]
    children = [p for p in by_path.values() if p.listed and p.parent == page.path]
    news = sorted(
        (p for p in by_path.values() if p.sitemap == "nyheter"),
        key=lambda p: p.meta["date"],
        reverse=True,
    )
    context = {"page": page, "children": children, "news": news, "sections": sections}
    content = env.from_string(page.source).render(context)
    if not page.uses_layout:
        return content
    crumbs = [by_path[prefix] for prefix in _prefixes(page.path) if prefix in by_path]
    lang = page.meta.get("lang", "sv")
    return env.get_template("layout.html").render(
        context,
        # The fragment was rendered by this autoescaping environment from our own files.
        content=Markup(content),  # noqa: S704
        crumbs=crumbs,
        site_name=SITE_NAME,
        lang=None if lang == "none" else lang,
        viewport=page.meta.get("viewport", "width=device-width, initial-scale=1"),
        owner=sections[page.section]["owner"] if page.section else None,
    )


def _prefixes(path: str) -> list[str]:
    """``/a/b/`` -> ``["/", "/a/", "/a/b/"]``."""
    parts = path.strip("/").split("/") if path != "/" else []
    return ["/"] + ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def _urlset(base_url: str, pages: list[Page]) -> bytes:
    """A sitemap ``<urlset>`` of absolute page URLs with their last-modified dates."""
    rows = "".join(
        f"  <url><loc>{escape(base_url + p.path)}</loc>"
        f"<lastmod>{p.meta.get('updated', p.meta.get('date', '2026-01-01'))}</lastmod>"
        "</url>\n"
        for p in pages
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{rows}</urlset>\n"
    ).encode()


def _sitemaps(base_url: str, pages: tuple[Page, ...]) -> Site:
    """The sitemap index, its plain and gzipped children, and robots.txt."""
    sidor = _urlset(base_url, [p for p in pages if p.sitemap == "sidor"])
    nyheter = _urlset(base_url, [p for p in pages if p.sitemap == "nyheter"])
    index = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"  <sitemap><loc>{escape(base_url)}/sitemap-sidor.xml</loc></sitemap>\n"
        f"  <sitemap><loc>{escape(base_url)}/sitemap-nyheter.xml.gz</loc></sitemap>\n"
        "</sitemapindex>\n"
    ).encode()
    robots = (
        "User-agent: *\n"
        + "".join(f"Disallow: {d}\n" for d in DISALLOWED)
        + f"\nSitemap: {base_url}/sitemap.xml\n"
    ).encode()
    return {
        "/robots.txt": (robots, "text/plain; charset=utf-8"),
        "/sitemap.xml": (index, "application/xml"),
        "/sitemap-sidor.xml": (sidor, "application/xml"),
        "/sitemap-nyheter.xml.gz": (gzip.compress(nyheter, mtime=0), "application/gzip"),
    }


def html_pages(base_url: str = "http://127.0.0.1:8000") -> list[tuple[str, str]]:
    """The site's HTML pages as (path, text), in path order: what the bench scripts
    audit without a server."""
    return [
        (path, body.decode("utf-8"))
        for path, (body, content_type) in sorted(build_site(base_url).items())
        if content_type.startswith("text/html")
    ]


def build_site(base_url: str = "http://127.0.0.1:8000") -> Site:
    """Render the whole site: URL path -> (body, content type). Deterministic.

    ``base_url`` (scheme, host and port, no trailing slash) is only used for the
    absolute URLs in robots.txt and the sitemaps.
    """
    base_url = base_url.rstrip("/")
    pages = load_pages()
    by_path = {p.path: p for p in pages}
    env = _environment()
    site: Site = {p.path: (_render_page(env, p, by_path).encode(), HTML) for p in pages}
    for file in sorted(FILES_DIR.rglob("*")):
        if file.is_file():
            kind = FILE_TYPES.get(file.suffix, "application/octet-stream")
            site["/" + file.relative_to(FILES_DIR).as_posix()] = (file.read_bytes(), kind)
    for path, document in DOCUMENTS.items():
        site[path] = (render_pdf(document), "application/pdf")
    site.update(_sitemaps(base_url, pages))
    return dict(sorted(site.items()))
