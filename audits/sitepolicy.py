"""Policy checks that need the whole site: links between pages, titles, the template,
dates, the accessibility statement and what the start page leads to.

Pure: the ledger rows of one run in, findings per URL out. The crawler runs this
once after the crawl (crawler/sitepass.py) and stores the findings on the pages
they concern: a broken link on the page that links, a stale document on the
document's own row.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote, urlsplit

from audits.documents import stale_document
from audits.model import Finding, PageResult, PageStatus
from audits.policy import RULES
from audits.statement import check_statement
from audits.targets import Audience, audience_for

#: The rules whose findings this module owns (the site pass replaces exactly these).
SITE_RULES = frozenset(
    {
        "policy-broken-link",
        "policy-title-duplicate",
        "policy-title-pattern",
        "policy-template-inconsistent",
        "policy-stale-page",
        "policy-stale-document",
        "policy-statement-unreachable",
        "policy-statement-content",
        "policy-lattlast-unreachable",
        "policy-languages-unreachable",
        "policy-lix-over-target",
    }
)

#: A landmark is part of the site's template when at least this share of pages has it.
TEMPLATE_SHARE = 0.8
#: A title suffix is the site's pattern when at least this share of titles ends with it.
TITLE_PATTERN_SHARE = 0.5
MIN_PAGES = 3

LANDMARKS_SV = {
    "banner": "sidhuvud (banner)",
    "navigation": "meny (navigation)",
    "main": "huvudinnehåll (main)",
    "contentinfo": "sidfot (contentinfo)",
    "search": "sökfunktion (search)",
}
_TITLE_SEPARATOR = re.compile(r"\s[–—|-]\s")
_STATEMENT = re.compile(r"(?i)tillg(a|ä)nglighetsredog(o|ö)relse")
_LATTLAST = re.compile(r"(?i)l(a|ä)ttl(a|ä)st")
_LANGUAGES = re.compile(
    r"(?i)other.languages|in english|andra språk|languages|/sprak|/languages|suomeksi|"
    r"information på \w+"
)


@dataclass(frozen=True)
class SiteContext:
    today: date
    max_age_days: int
    audiences: Sequence[Audience]
    #: The run's start URLs (a URL list: every URL listed), in the order given.
    start_urls: Sequence[str] = ()


def _html_pages(pages: Iterable[PageResult]) -> list[PageResult]:
    return [p for p in pages if p.status is PageStatus.AUDITED]


def site_findings(pages: Sequence[PageResult], context: SiteContext) -> dict[str, list[Finding]]:
    """Every site-wide policy finding of a run, by the URL of the row it belongs on."""
    found: dict[str, list[Finding]] = defaultdict(list)
    html = _html_pages(pages)
    checks = (
        _broken_links(pages),
        _titles(html),
        _template(html),
        _stale(pages, context),
        _statement(html, context),
        _start_page(html, context),
        _over_target(html, context),
    )
    for check in checks:
        for url, finding in check:
            found[url].append(finding)
    return dict(found)


def _broken_links(pages: Sequence[PageResult]) -> Iterable[tuple[str, Finding]]:
    broken = {
        p.url: p.http_status
        for p in pages
        if p.status is PageStatus.FAILED and p.reason.startswith(("http_4", "http_5"))
    }
    rule = RULES["policy-broken-link"]
    for page in _html_pages(pages):
        seen: set[str] = set()
        for link in page.links:
            if link.url in broken and link.url not in seen:
                seen.add(link.url)
                text = link.text or "(länk utan text)"
                yield (
                    page.url,
                    rule.finding(
                        f"{text} → {link.url}",
                        f'Länken "{text}" går till {link.url}, som svarar med '
                        f"HTTP-status {broken[link.url]}.",
                    ),
                )


def _titles(pages: Sequence[PageResult]) -> Iterable[tuple[str, Finding]]:
    by_title: dict[str, list[str]] = defaultdict(list)
    for page in pages:
        if page.title.strip():
            by_title[page.title.strip()].append(page.url)
    duplicate = RULES["policy-title-duplicate"]
    for title, urls in by_title.items():
        if len(urls) > 1:
            for url in urls:
                yield (
                    url,
                    duplicate.finding(
                        title, f'{len(urls)} sidor har titeln "{title}"; ge varje sida en egen.'
                    ),
                )
    suffixes = Counter(
        _TITLE_SEPARATOR.split(p.title.strip())[-1]
        for p in pages
        if _TITLE_SEPARATOR.search(p.title.strip())
    )
    if not suffixes:
        return
    suffix, count = suffixes.most_common(1)[0]
    if count < max(MIN_PAGES, TITLE_PATTERN_SHARE * len(pages)):
        return
    pattern = RULES["policy-title-pattern"]
    for page in pages:
        title = page.title.strip()
        if title and not (_TITLE_SEPARATOR.search(title) and title.endswith(suffix)):
            yield (
                page.url,
                pattern.finding(
                    title, f'Webbplatsens sidtitlar har formen "Sidans namn – {suffix}".'
                ),
            )


def _template(pages: Sequence[PageResult]) -> Iterable[tuple[str, Finding]]:
    with_facts = [p for p in pages if "landmarks" in p.facts]
    if len(with_facts) < MIN_PAGES:
        return
    counts = Counter(mark for p in with_facts for mark in set(p.facts["landmarks"]))
    expected = {
        mark
        for mark, n in counts.items()
        if mark in LANDMARKS_SV and n >= TEMPLATE_SHARE * len(with_facts)
    }
    rule = RULES["policy-template-inconsistent"]
    for page in with_facts:
        missing = sorted(expected - set(page.facts["landmarks"]))
        if missing:
            names = ", ".join(LANDMARKS_SV[m] for m in missing)
            yield (
                page.url,
                rule.finding(f"saknas: {names}", f"Sidan saknar {names}, som de flesta sidor har."),
            )


def page_updated_on(page: PageResult) -> date | None:
    """The day an HTML page says it was updated (its own date, else Last-Modified): the
    date its age, and so policy-stale-page, is counted from; None when it gives none."""
    return _date(page.facts.get("updated")) or _date(page.facts.get("last_modified"))


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _stale(pages: Sequence[PageResult], context: SiteContext) -> Iterable[tuple[str, Finding]]:
    rule = RULES["policy-stale-page"]
    for page in pages:
        if page.status is PageStatus.AUDITED:
            updated = page_updated_on(page)
            if updated and (context.today - updated).days > context.max_age_days:
                age = (context.today - updated).days
                yield (
                    page.url,
                    rule.finding(
                        f"senast uppdaterad {updated.isoformat()}",
                        f"Sidan uppdaterades senast för {age} dagar sedan (gränsen är "
                        f"{context.max_age_days} dagar).",
                    ),
                )
        elif page.reason == "not_html":
            modified = _date(page.facts.get("document_modified")) or _date(
                page.facts.get("last_modified")
            )
            finding = stale_document(modified, context.today, context.max_age_days)
            if finding is not None:
                yield page.url, finding


def is_statement(page: PageResult) -> bool:
    path = unquote(urlsplit(page.url).path)
    return bool(_STATEMENT.search(path) or _STATEMENT.match(page.title.strip()))


def _statement(pages: Sequence[PageResult], context: SiteContext) -> Iterable[tuple[str, Finding]]:
    statements = [p for p in pages if is_statement(p)]
    unreachable = RULES["policy-statement-unreachable"]
    if not statements:
        for page in _start_pages(pages, context):
            yield (
                page.url,
                unreachable.finding(
                    "ingen tillgänglighetsredogörelse hittades",
                    "Ingen sida med tillgänglighetsredogörelsen hittades på webbplatsen.",
                ),
            )
        return
    targets = {p.url for p in statements} | {p.final_url for p in statements}
    for page in pages:
        if page not in statements and not any(link.url in targets for link in page.links):
            yield (
                page.url,
                unreachable.finding(
                    "ingen länk till tillgänglighetsredogörelsen",
                    "Sidan länkar inte till tillgänglighetsredogörelsen.",
                ),
            )
    for statement in statements:
        blocks = [b.text for b in statement.blocks]
        for finding in check_statement(blocks, context.today, context.max_age_days):
            yield statement.url, finding


def _start_pages(pages: Sequence[PageResult], context: SiteContext) -> list[PageResult]:
    """The site's home pages; with none among the start pages (a URL list), the one
    given first: the same page whatever order the browsers finished the pages in."""
    homes = [p for p in pages if p.depth == 0 and urlsplit(p.url).path in ("", "/")]
    if homes:
        return homes
    order = {url: n for n, url in enumerate(context.start_urls)}
    starts = [p for p in pages if p.depth == 0]
    return sorted(starts, key=lambda p: order.get(p.url, len(order)))[:1]


def _start_page(pages: Sequence[PageResult], context: SiteContext) -> Iterable[tuple[str, Finding]]:
    for page in _start_pages(pages, context):
        texts = [f"{link.url} {link.text}" for link in page.links]
        if not any(_LATTLAST.search(t) for t in texts):
            yield (
                page.url,
                RULES["policy-lattlast-unreachable"].finding(
                    "ingen länk till lättläst", "Startsidan länkar inte till lättläst information."
                ),
            )
        if not any(_LANGUAGES.search(t) for t in texts):
            yield (
                page.url,
                RULES["policy-languages-unreachable"].finding(
                    "ingen länk till andra språk",
                    "Startsidan länkar inte till information på andra språk.",
                ),
            )


def _over_target(
    pages: Sequence[PageResult], context: SiteContext
) -> Iterable[tuple[str, Finding]]:
    rule = RULES["policy-lix-over-target"]
    for page in pages:
        lix = page.readability.lix if page.readability else None
        audience = audience_for(page.url, context.audiences)
        if lix is not None and audience.exceeded_by(lix):
            yield (
                page.url,
                rule.finding(
                    f"LIX {lix:.1f}".replace(".", ","),
                    f"LIX {lix:.1f} är över målet för {audience.name} (högst "
                    f"{audience.lix_target:.0f}).".replace(".", ",", 1),
                ),
            )
