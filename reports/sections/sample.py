"""A sample of a run's pages for manual review, after W3C WCAG-EM 1.0 step 3, with a
WCAG 2.1 A/AA checklist per page pre-filled with what the automated audit found.

WCAG-EM (Website Accessibility Conformance Evaluation Methodology 1.0) builds a sample
from common pages (3.a–3.b), a variety of page types and functionality (3.c), and a random
part (3.d) of at least 10 % of that structured sample. :func:`choose_sample` draws from
the run's audited HTML pages (the population; documents are reached through the pages
that link them) in this order, each page once, every reason that picked it kept:

================  ======================================================================
reason            how a page is picked
================  ======================================================================
start             the start page: depth 0 with the path "/" (else the first of depth 0)
contact, search,  entry points, found by words (matched case-insensitively, å/ä/ö
login, eservice   folded to a/a/o) in the URL's path or the title's first part (before
                  " – " or " | "), else in the text of a link to the page, else by a
                  signal of the page itself: a search form (``search``), a password
                  field (``login``). Only the strongest kind of evidence found counts,
                  and at most ``ENTRY_PAGES`` pages per reason (shallowest first).
                  Words: ``ENTRY_WORDS`` (kontakt, sök, logga in, mina sidor, e-tjänst,
                  blankett, ansök, anmäl, boka …)
statement         the tillgänglighetsredogörelse (``audits.sitepolicy.is_statement``)
form, table,      up to ``FEATURE_PAGES`` pages each with the most forms (not search
media, documents  forms), data tables, media (video, audio, iframe, object, embed) and
                  links to documents (``facts["features"]``, audits/pagefeatures.py;
                  a document is a ledger row that is not HTML, or a link whose path
                  ends in ``DOCUMENT_SUFFIXES``)
template          one page of every template group (pages with the same
                  ``facts["layout"]``; a store from before that fact groups by the set
                  of landmarks): a page already chosen stands for its group, else the
                  shallowest page of the group
random            ``RANDOM_SHARE`` of the structured sample above (at least one page),
                  drawn from the rest of the population with ``random.Random(seed)``
                  from the pages sorted by URL: the same run and seed give the same
                  sample. The default seed is derived from the run (``default_seed``)
================  ======================================================================

The checklist (:func:`checklist`) has the 50 WCAG 2.1 A and AA success criteria
(``audits.requirements``) with their EN 301 549 V3.2.1 clause for web pages, and for each
the automated result on that page: ``fail`` when an axe-core WCAG violation maps to the
criterion, ``needs_review`` when an axe-core needs-review result does, else
``no_finding``. A criterion is never marked as passed: an automated audit cannot show that.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote, urlsplit

from audits.model import Outcome, PageResult, PageStatus, RunInfo, Source, is_wcag_violation
from audits.requirements import criteria_from_tags, criterion_key, requirements
from audits.sitepolicy import is_statement
from reports.sections.pages import is_document, is_html

ENTRY_PAGES = 2
FEATURE_PAGES = 2
RANDOM_SHARE = 0.10
DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ods",
                     ".ppt", ".pptx", ".odp")  # fmt: skip


class SampleReason(StrEnum):
    """Why a page is in the sample; the members are in the order pages are picked."""

    START = "start"
    CONTACT = "contact"
    SEARCH = "search"
    LOGIN = "login"
    ESERVICE = "eservice"
    STATEMENT = "statement"
    FORM = "form"
    TABLE = "table"
    MEDIA = "media"
    DOCUMENTS = "documents"
    TEMPLATE = "template"
    RANDOM = "random"


class Automated(StrEnum):
    """The automated result of one criterion on one page; never "passed"."""

    FAIL = "fail"
    NEEDS_REVIEW = "needs_review"
    NO_FINDING = "no_finding"


def _fold(text: str) -> str:
    """Lower case, å/ä/ö (any accent) to a/a/o, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


#: Words of an entry point, on folded text (see ``_fold``): in a path segment, the title
#: or a link text (``^``: at its start).
ENTRY_WORDS: Mapping[SampleReason, re.Pattern[str]] = {
    SampleReason.CONTACT: re.compile(r"kontakt(?!person|familj)|\bcontact|kundtjanst"),
    SampleReason.LOGIN: re.compile(
        r"logga[\s_-]?in|\blog[\s_-]?in\b|inloggning|mina[\s_-]sidor|sign[\s_-]?in"),
    SampleReason.ESERVICE: re.compile(
        r"e-?tjanst|blankett|ansok|^anmal|felanmal|sjalvservice|e-?service|bokning|^boka\b"),
}  # fmt: skip
#: A search page's path segment, title or link text is one of these words (folded):
#: "sök" alone, since "Sök bygglov" means applying for one.
SEARCH_WORDS = re.compile(r"sok|sokresultat|soksida|sok pa webbplatsen|search|search results")
_TITLE_HEAD = re.compile(r"\s+[–—|-]\s+")


@dataclass(frozen=True)
class CheckItem:
    """One criterion of a page's checklist: what EN 301 549 calls it and what the
    automated audit found (``rules``: the axe-core rules behind that result)."""

    criterion: str
    level: str
    en301549: str
    automated: Automated
    rules: tuple[str, ...]


@dataclass(frozen=True)
class TemplateGroup:
    """Pages built on one template: a number (1: the largest group), its key, its size."""

    number: int
    key: str
    pages: int


@dataclass(frozen=True)
class SampledPage:
    url: str
    title: str
    reasons: tuple[SampleReason, ...]
    #: The number of the page's template group.
    group: int
    checklist: tuple[CheckItem, ...]


@dataclass(frozen=True)
class Sample:
    """The sample of one run: ``population`` audited HTML pages, in ``groups`` templates."""

    run_id: int
    seed: int
    population: int
    groups: tuple[TemplateGroup, ...]
    pages: tuple[SampledPage, ...]

    @property
    def not_found(self) -> tuple[SampleReason, ...]:
        """The kinds of page the structured sample looked for and found none of (WCAG-EM
        wants them named: a site may have no search or login)."""
        found = {r for p in self.pages for r in p.reasons}
        wanted = [r for r in SampleReason if r not in (SampleReason.TEMPLATE, SampleReason.RANDOM)]
        return tuple(r for r in wanted if r not in found)

    @property
    def random(self) -> int:
        """How many pages are in the sample by chance alone."""
        return sum(p.reasons == (SampleReason.RANDOM,) for p in self.pages)

    @property
    def structured(self) -> int:
        return len(self.pages) - self.random


def default_seed(run: RunInfo) -> int:
    """The run's own seed: a number from its id and start time, so a run's sample is the
    same whenever it is rendered and differs between runs."""
    digest = hashlib.sha256(f"klarsyn-sample|{run.id}|{run.started}".encode()).hexdigest()
    return int(digest[:8], 16)


def population(rows: Iterable[PageResult]) -> list[PageResult]:
    """The pages a sample is drawn from: audited HTML pages, by URL, each URL once."""
    pages = {p.url: p for p in rows if p.status is PageStatus.AUDITED and is_html(p)}
    return [pages[url] for url in sorted(pages)]


def checklist(page: PageResult) -> tuple[CheckItem, ...]:
    """Every WCAG 2.1 A/AA criterion with the automated result on ``page`` (module doc)."""
    fails: defaultdict[str, set[str]] = defaultdict(set)
    reviews: defaultdict[str, set[str]] = defaultdict(set)
    for f in page.findings:
        if is_wcag_violation(f):
            target = fails
        elif f.source is Source.AXE and f.outcome is Outcome.NEEDS_REVIEW:
            target = reviews
        else:
            continue
        for criterion in criteria_from_tags(f.wcag):
            target[criterion].add(f.rule)
    items = []
    for number in sorted(requirements().criteria, key=criterion_key):
        c = requirements().criteria[number]
        if fails[number]:
            result, rules = Automated.FAIL, fails[number]
        elif reviews[number]:
            result, rules = Automated.NEEDS_REVIEW, reviews[number]
        else:
            result, rules = Automated.NO_FINDING, set()
        items.append(CheckItem(number, c.level, c.web, result, tuple(sorted(rules))))
    return tuple(items)


def layout_of(page: PageResult) -> str:
    """The page's template key: its layout digest, else (an older store) its landmarks."""
    return page.facts.get("layout") or "landmarks:" + ",".join(
        sorted(page.facts.get("landmarks") or ())
    )


def template_groups(pages: Sequence[PageResult]) -> tuple[TemplateGroup, ...]:
    """The template groups of ``pages``, the largest first (then by key)."""
    sizes: defaultdict[str, int] = defaultdict(int)
    for page in pages:
        sizes[layout_of(page)] += 1
    ordered = sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(TemplateGroup(n, key, size) for n, (key, size) in enumerate(ordered, start=1))


def choose_sample(rows: Sequence[PageResult], run: RunInfo, seed: int | None = None) -> Sample:
    """The sample of a run's ledger ``rows`` (see the module doc); ``seed`` None: the run's
    ``default_seed``."""
    seed = default_seed(run) if seed is None else seed
    pages = population(rows)
    chosen: dict[str, list[SampleReason]] = {}

    def pick(found: Iterable[PageResult], reason: SampleReason) -> None:
        for page in found:
            reasons = chosen.setdefault(page.url, [])
            if reason not in reasons:
                reasons.append(reason)

    pick(_start_pages(pages), SampleReason.START)
    texts = _link_texts(rows)
    for reason in (
        SampleReason.CONTACT,
        SampleReason.SEARCH,
        SampleReason.LOGIN,
        SampleReason.ESERVICE,
    ):
        pick(_entry_points(pages, reason, texts), reason)
    pick([p for p in pages if is_statement(p)], SampleReason.STATEMENT)
    documents = _document_urls(rows)
    for reason, count in (
        (SampleReason.FORM, _feature("forms")),
        (SampleReason.TABLE, _feature("tables")),
        (SampleReason.MEDIA, _feature("media")),
        (SampleReason.DOCUMENTS, _documents(documents)),
    ):
        pick(_most(pages, count), reason)
    groups = template_groups(pages)
    by_key = {g.key: g for g in groups}
    for group in groups:
        members = [p for p in pages if layout_of(p) == group.key]
        standing = [p for p in members if p.url in chosen]
        pick(standing[:1] or sorted(members, key=_shallow)[:1], SampleReason.TEMPLATE)
    rest = [p for p in pages if p.url not in chosen]
    share = max(1, math.ceil(RANDOM_SHARE * len(chosen))) if pages else 0
    # A reproducible draw from a seed is the point here, not secrecy.
    draw = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    pick(draw.sample(rest, min(share, len(rest))), SampleReason.RANDOM)
    order = {reason: n for n, reason in enumerate(SampleReason)}
    by_url = {p.url: p for p in pages}
    sampled = sorted(chosen.items(), key=lambda kv: (min(order[r] for r in kv[1]), kv[0]))
    return Sample(
        run_id=run.id,
        seed=seed,
        population=len(pages),
        groups=groups,
        pages=tuple(
            SampledPage(
                url,
                by_url[url].title,
                tuple(sorted(reasons, key=order.__getitem__)),
                by_key[layout_of(by_url[url])].number,
                checklist(by_url[url]),
            )
            for url, reasons in sampled
        ),
    )


def _shallow(page: PageResult) -> tuple[int, int, str]:
    """The order among equals: fewest path segments, then shortest URL, then the URL. Not
    the crawl depth: it depends on which link the crawl happened to follow first, so two
    crawls of one site would sample different pages."""
    return (len(_path_parts(page)), len(page.url), page.url)


def _start_pages(pages: Sequence[PageResult]) -> list[PageResult]:
    roots = [p for p in pages if p.depth == 0]
    return [p for p in roots if urlsplit(p.url).path in ("", "/")] or roots[:1]


def _link_texts(rows: Iterable[PageResult]) -> dict[str, set[str]]:
    """Every link target's link texts (folded), over all rows."""
    texts: defaultdict[str, set[str]] = defaultdict(set)
    for page in rows:
        for link in page.links:
            if link.text.strip():
                texts[link.url].add(_fold(link.text))
    return texts


def _path_parts(page: PageResult) -> list[str]:
    return [_fold(s) for s in unquote(urlsplit(page.url).path).split("/") if s]


def _title_head(page: PageResult) -> str:
    return _fold(_TITLE_HEAD.split(page.title.strip())[0]) if page.title.strip() else ""


def _strength(page: PageResult, reason: SampleReason, texts: Mapping[str, set[str]]) -> int:
    """How strongly ``page`` looks like an entry point of ``reason``: 3 by its path, 2 by
    its title, 1 by a link's text, 0 by a signal of its own, -1 not at all. Each path
    segment, the title and each link text is matched on its own (``^`` is its start)."""
    inbound = texts.get(page.url, set()) | texts.get(page.final_url, set())
    words = ENTRY_WORDS.get(reason)

    def named(text: str) -> bool:
        if words is None:
            return bool(SEARCH_WORDS.fullmatch(text))
        return bool(words.search(text))

    if any(map(named, _path_parts(page))):
        return 3
    if named(_title_head(page)):
        return 2
    if any(map(named, inbound)):
        return 1
    if reason is SampleReason.SEARCH and page.facts.get("features", {}).get("search"):
        return 0
    if reason is SampleReason.LOGIN and page.facts.get("features", {}).get("password"):
        return 0
    return -1


def _entry_points(
    pages: Sequence[PageResult], reason: SampleReason, texts: Mapping[str, set[str]]
) -> list[PageResult]:
    scored = [(s, p) for p in pages if (s := _strength(p, reason, texts)) >= 0]
    if not scored:
        return []
    best = max(s for s, _ in scored)
    return sorted((p for s, p in scored if s == best), key=_shallow)[:ENTRY_PAGES]


def _feature(name: str) -> Callable[[PageResult], int]:
    return lambda page: int(page.facts.get("features", {}).get(name) or 0)


def _document_urls(rows: Iterable[PageResult]) -> frozenset[str]:
    return frozenset(u for p in rows if is_document(p) for u in (p.url, p.final_url) if u)


def _documents(documents: frozenset[str]) -> Callable[[PageResult], int]:
    def count(page: PageResult) -> int:
        return len(
            {
                link.url
                for link in page.links
                if link.url in documents
                or urlsplit(link.url).path.lower().endswith(DOCUMENT_SUFFIXES)
            }
        )

    return count


def _most(pages: Sequence[PageResult], count: Callable[[PageResult], int]) -> list[PageResult]:
    """Up to ``FEATURE_PAGES`` pages with the most of something (none without any)."""
    counted = [(n, p) for p in pages if (n := count(p)) > 0]
    counted.sort(key=lambda np: (-np[0], *_shallow(np[1])))
    return [p for _, p in counted[:FEATURE_PAGES]]
