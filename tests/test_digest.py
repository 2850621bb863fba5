"""The digest per owner, computed from stores built directly: what is new, what was fixed,
template faults in one line, LIX, stale pages (and soon stale), broken links, documents."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from audits.exceptions import AcceptedException
from audits.model import Finding, Outcome, PageResult, PageStatus, Source
from reports.digest import NoPreviousRun, build_digest
from reports.store import Store

SITE = "https://www.alvbyn.se"
BUN, SBF, KSF = "Barn- och utbildningsförvaltningen", "Samhällsbyggnadsförvaltningen", \
    "Kommunstyrelseförvaltningen"
OWNERS = [
    {"name": BUN, "patterns": ["/skola/"], "contact": "bun@alvbyn.example"},
    {"name": SBF, "patterns": ["/bygga/"], "contact": "sbf@alvbyn.example"},
    {"name": KSF, "patterns": ["/kommun/"], "contact": "ksf@alvbyn.example"},
]


def axe(rule: str, snippet: str, impact: str = "serious") -> Finding:
    return Finding(rule, Source.AXE, Outcome.VIOLATION, impact, ("wcag2a",), "main > *", snippet)


def policy(rule: str, snippet: str, message: str = "") -> Finding:
    return Finding(rule, Source.KLARSYN, Outcome.VIOLATION, "moderate", selector="",
                   snippet=snippet, best_practice=True, message=message)


ALT = axe("image-alt", '<img src="/sol.png">', "critical")
LABEL = axe("label", '<input type="text" name="q">')
MENU = axe("button-name", '<button class="meny"></button>')  # on every page: the template
LIX = policy("policy-lix-over-target", "LIX 52,0", "LIX 52,0 är över målet.")
STALE = policy("policy-stale-page", "senast uppdaterad 2025-01-01")
BROKEN = policy("policy-broken-link", "Taxor → https://www.alvbyn.se/taxor/")
UNTAGGED = policy("policy-pdf-untagged", "taxa.pdf")


def page(path: str, *findings: Finding, **kwargs: Any) -> PageResult:
    values: dict[str, Any] = {"status": PageStatus.AUDITED, "http_status": 200,
                              "content_type": "text/html", "title": path} | kwargs
    return PageResult(url=SITE + path, findings=findings, **values)


def add_run(store: Store, pages: Iterable[PageResult], day: str = "2026-11-01",
            site: str = SITE + "/", **settings: object) -> int:
    run = store.start_run(site, f"{day}T02:00:00+01:00", "0.1.0",
                          {"owners": OWNERS, "start_urls": [SITE + "/"], **settings})
    for p in pages:
        store.add_page(run, p)
    store.finish_run(run, f"{day}T02:05:00+01:00", partial=False, axe_version="4.14.1",
                     browser_version="156")  # fmt: skip
    return run


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "klarsyn.sqlite")


def test_each_owner_hears_what_is_new_back_and_fixed_on_its_own_pages(store: Store) -> None:
    add_run(store, [page("/", MENU), page("/skola/", MENU, ALT), page("/bygga/", MENU),
                    page("/kommun/", MENU)])
    add_run(store, [page("/", MENU), page("/skola/", MENU), page("/bygga/", MENU),
                    page("/kommun/", MENU)])
    # Run 3: the image is back on /skola/, a new label fault on /bygga/ and on a page no
    # owner has, the menu fault fixed in the template everywhere but a new template fault.
    ICON = axe("link-name", '<a href="/"></a>')
    third = add_run(store, [page("/", ICON), page("/skola/", ALT, ICON),
                            page("/bygga/", LABEL, ICON), page("/kommun/", ICON),
                            page("/om/", LABEL)])
    digest = build_digest(store, third)

    assert [o.name for o in digest.owners] == [BUN, SBF, KSF, "ingen ägare"]
    bun, sbf, ksf, none = digest.owners
    assert bun.contact == "bun@alvbyn.example"
    assert [(i.rule, i.page.text, i.reappeared) for i in bun.new] == [
        ("image-alt", SITE + "/skola/", True)]
    assert bun.new[0].help == "image-alt"  # no rule texts stored: shown by its id
    assert [(i.rule, i.page.text, i.reappeared) for i in sbf.new] == [
        ("label", SITE + "/bygga/", False)]
    # The template faults: one line per rule, never the editor's items.
    assert [(t.rule, t.pages) for t in bun.new_template] == [("link-name", 1)]
    assert [(t.rule, t.pages) for t in bun.fixed_template] == [("button-name", 1)]
    assert bun.fixed == ()
    assert ksf.counts() == {"new": 0, "new_template": 1, "fixed": 1, "over_lix": 0,
                            "stale": 0, "stale_soon": 0, "broken_links": 0, "documents": 0}
    assert [(i.rule, i.page.text) for i in none.new] == [("label", SITE + "/om/")]
    assert [(t.rule, t.pages) for t in digest.site_template] == [("link-name", 4)]
    # Each item links to the page's section of the report: pages in URL order.
    assert {i.page.text: i.anchor for i in (*bun.new, *sbf.new, *none.new)} == {
        SITE + "/bygga/": "sida-2", SITE + "/om/": "sida-4", SITE + "/skola/": "sida-5"}
    assert all(i.edit is None for i in bun.new)  # the run has no edit_url
    # Into an owner's own report (audit --owner), the anchors count that owner's pages.
    own = build_digest(store, third, report_owner=BUN).owner(BUN)
    assert own is not None
    assert [i.anchor for i in own.new] == ["sida-1"]


def test_an_owner_with_nothing_new_has_no_news_and_fixes_are_listed(store: Store) -> None:
    add_run(store, [page("/skola/", ALT, LABEL), page("/bygga/", LABEL)])
    second = add_run(store, [page("/skola/", LABEL), page("/bygga/", LABEL)])
    digest = build_digest(store, second)
    bun, sbf = digest.owner(BUN), digest.owner(SBF)
    assert bun is not None
    assert sbf is not None
    assert [(i.rule, i.detail) for i in bun.fixed] == [("image-alt", '<img src="/sol.png">')]
    assert bun.has_news
    assert not sbf.has_news
    assert digest.owner("ingen ägare") is None  # only listed when it has news


def test_lix_stale_links_and_documents_new_since_the_previous_run(store: Store) -> None:
    add_run(store, [page("/skola/", LIX), page("/bygga/"),
                    page("/bygga/taxa.pdf", status=PageStatus.SKIPPED, reason="not_html",
                         content_type="application/pdf")])
    second = add_run(store, [page("/skola/", LIX), page("/bygga/", STALE, BROKEN),
                             page("/bygga/taxa.pdf", UNTAGGED, status=PageStatus.SKIPPED,
                                  reason="not_html", content_type="application/pdf")])
    digest = build_digest(store, second)
    bun, sbf = digest.owner(BUN), digest.owner(SBF)
    assert bun is not None
    assert sbf is not None
    assert not bun.has_news  # still over its target: not news
    assert [i.page.text for i in sbf.stale] == [SITE + "/bygga/"]
    assert [i.detail for i in sbf.broken_links] == ["Taxor → https://www.alvbyn.se/taxor/"]
    assert [i.page.text for i in sbf.documents] == [SITE + "/bygga/taxa.pdf"]
    assert sbf.stale[0].help.startswith("Sidan")  # audits.policy's Swedish text
    third = add_run(store, [page("/skola/", LIX), page("/bygga/", STALE, BROKEN),
                            page("/bygga/taxa.pdf", UNTAGGED, status=PageStatus.SKIPPED,
                                 reason="not_html", content_type="application/pdf"),
                            page("/skola/ny/", LIX)])
    news = build_digest(store, third).owner(BUN)
    assert news is not None
    assert [i.page.text for i in news.over_lix] == [SITE + "/skola/ny/"]


def test_a_page_about_to_go_stale_is_announced_once(store: Store) -> None:
    # max_age_days 365: updated 2025-12-01 is stale from 2026-12-02.
    dated = {"facts": {"updated": "2025-12-01"}}
    add_run(store, [page("/skola/", **dated)], day="2026-10-01", max_age_days=365)
    second = add_run(store, [page("/skola/", **dated), page("/bygga/")], day="2026-11-05",
                     max_age_days=365)
    soon = build_digest(store, second).owner(BUN)
    assert soon is not None
    assert [(i.page.text, i.stale_on.isoformat() if i.stale_on else None)
            for i in soon.stale_soon] == [(SITE + "/skola/", "2026-12-02")]
    third = add_run(store, [page("/skola/", **dated)], day="2026-11-06", max_age_days=365)
    again = build_digest(store, third).owner(BUN)
    assert again is not None
    assert again.stale_soon == ()


def test_accepted_findings_are_left_out_and_a_first_run_has_no_digest(store: Store) -> None:
    first = add_run(store, [page("/skola/")])
    with pytest.raises(NoPreviousRun, match="first run"):
        build_digest(store, first)
    second = add_run(store, [page("/skola/", ALT)])
    accepted = AcceptedException(rule="image-alt", reason="Bilden byts i januari",
                                 decided_by="Webbredaktionen", expires=date(2027, 1, 31),
                                 url="/skola/")
    today = date(2026, 12, 1)
    assert not build_digest(store, second, exceptions=(accepted,), today=today).has_news
    assert build_digest(store, second).has_news
