"""Links from a page in the reports straight to its editor in the CMS (``edit_url``).

The template is the site's CMS address with placeholders for the page:
``https://cms.example.se/edit?path={path}``. ``{url}`` is the page's URL as audited,
``{path}`` its path as the CMS names it (percent-escapes decoded first, so ``/om%20oss``
is the page ``/om oss``) and ``{host}`` its host (with a port when it has one). No other
placeholder exists and no braces are read otherwise, so a template cannot reach into
Python the way ``str.format`` fields can (``{url.__class__}``).
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit

#: The placeholders a template may hold.
PLACEHOLDERS = ("url", "path", "host")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


def check_template(template: str) -> str:
    """``template`` when it is an http(s) URL with at least one placeholder and no other
    braces; else ValueError with one sentence for the user."""
    names = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    rest = _PLACEHOLDER.sub("", template)
    if "{" in rest or "}" in rest:
        raise ValueError(f"'edit_url' may hold no placeholders but {names}")
    if not _PLACEHOLDER.search(template):
        raise ValueError(f"'edit_url' must hold at least one of {names}")
    if not re.match(r"https?://[^/?#{}]", template, re.IGNORECASE):
        raise ValueError("'edit_url' must be an http or https address of the CMS")
    return template


def edit_link(template: str, page_url: str) -> str:
    """The CMS link of ``page_url``: ``template`` with each placeholder filled.

    Every value is escaped with ``urllib.parse.quote(value, safe="")``: it lands inside
    one part of the CMS address (most often a query parameter), where a ``/``, ``?``,
    ``&``, ``#`` or ``=`` left as it is would end that part or start another, so even
    ``/`` is escaped; the CMS decodes the parameter back to the exact value. The link
    is then HTML-escaped where it is written, as every page-derived string is.
    """
    parts = urlsplit(page_url)
    values = {
        "url": page_url,
        "path": unquote(parts.path) or "/",
        "host": parts.netloc.rpartition("@")[2],
    }
    return _PLACEHOLDER.sub(lambda m: quote(values[m.group(1)], safe=""), template)
