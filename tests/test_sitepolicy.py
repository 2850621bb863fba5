"""Site-wide policy checks on a synthetic ledger (no crawl)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from audits.model import Link, PageResult, PageStatus, Readability, TextBlock
from audits.sitepolicy import SITE_RULES, SiteContext, site_findings
from audits.targets import DEFAULT_AUDIENCES
from crawler.config import AuditConfig
from crawler.sitepass import check_site
from reports.store import Store

BASE = "https://www.alvbyn.se"
LANDMARKS = ["banner", "navigation", "main", "contentinfo"]
STATEMENT = f"{BASE}/tillganglighetsredogorelse/"
CONTEXT = SiteContext(today=date(2026, 11, 26), max_age_days=365, audiences=DEFAULT_AUDIENCES)


def page(path: str, title: str, *links: str, **facts: object) -> PageResult:
    return PageResult(
        url=BASE + path,
        status=PageStatus.AUDITED,
        final_url=BASE + path,
        http_status=200,
        title=title,
        depth=0 if path == "/" else 1,
        links=tuple(
            Link(BASE + target, text)
            for target, text in [
                *(link.split("|") for link in links),
                ("/tillganglighetsredogorelse/", "T"),
            ]
        ),
        facts={"landmarks": LANDMARKS, **facts},
    )


@pytest.fixture
def ledger() -> list[PageResult]:
    statement_blocks = (
        "Älvbyns kommun står bakom den här tillgänglighetsredogörelsen.",
        "Webbplatsen är delvis förenlig med lagen (2018:1937) om tillgänglighet till "
        "digital offentlig service.",
    )
    return [
        page(
            "/",
            "Startsida – Älvbyns kommun",
            "/lattlast/|Lättläst",
            "/other-languages/|Information in English",
        ),
        page(
            "/a/",
            "Bygglov – Älvbyns kommun",
            "/saknas/|Gammal sida",
            "/saknas/|Igen",
            "/taxa.pdf|Taxa",
            updated="2024-03-03",
        ),
        page("/b/", "Bygglov – Älvbyns kommun", updated="2026-10-01"),
        page("/c/", "Om oss", landmarks=["banner", "main", "contentinfo"]),
        PageResult(
            url=f"{BASE}/d/",
            status=PageStatus.AUDITED,
            title="Ensam – Älvbyns kommun",
            depth=1,
            facts={"landmarks": LANDMARKS},
            readability=Readability(200, 10, 90, 65.0, "very_hard"),
        ),
        PageResult(
            url=STATEMENT,
            status=PageStatus.AUDITED,
            depth=1,
            title="Tillgänglighetsredogörelse – Älvbyns kommun",
            blocks=tuple(TextBlock("p", t) for t in statement_blocks),
            facts={"landmarks": LANDMARKS},
        ),
        PageResult(
            url=f"{BASE}/saknas/", status=PageStatus.FAILED, reason="http_404", http_status=404
        ),
        PageResult(
            url=f"{BASE}/taxa.pdf",
            status=PageStatus.SKIPPED,
            reason="not_html",
            http_status=200,
            facts={"document_modified": "2022-01-05"},
        ),
    ]


def _rules(found: dict[str, list], path: str) -> list[str]:
    return sorted(f.rule for f in found.get(BASE + path, []))


def test_each_site_check_lands_on_the_right_row(ledger: list[PageResult]) -> None:
    found = site_findings(ledger, CONTEXT)
    assert _rules(found, "/") == []
    assert _rules(found, "/a/") == [
        "policy-broken-link",
        "policy-stale-page",
        "policy-title-duplicate",
    ]
    assert _rules(found, "/b/") == ["policy-title-duplicate"]
    assert _rules(found, "/c/") == ["policy-template-inconsistent", "policy-title-pattern"]
    assert _rules(found, "/d/") == ["policy-lix-over-target", "policy-statement-unreachable"]
    assert _rules(found, "/taxa.pdf") == ["policy-stale-document"]
    statement = _rules(found, "/tillganglighetsredogorelse/")
    assert statement
    assert set(statement) == {"policy-statement-content"}
    assert {f.rule for fs in found.values() for f in fs} <= SITE_RULES


def test_messages_say_what_and_where(ledger: list[PageResult]) -> None:
    found = site_findings(ledger, CONTEXT)
    broken = [f for f in found[f"{BASE}/a/"] if f.rule == "policy-broken-link"]
    assert len(broken) == 1  # two links to the same target: one finding
    assert "HTTP-status 404" in broken[0].message
    assert broken[0].snippet == f"Gammal sida → {BASE}/saknas/"
    template = next(f for f in found[f"{BASE}/c/"] if f.rule == "policy-template-inconsistent")
    assert "meny (navigation)" in template.message
    stale = next(f for f in found[f"{BASE}/a/"] if f.rule == "policy-stale-page")
    assert "för 998 dagar sedan" in stale.message
    assert all(f.best_practice and f.source == "klarsyn" for fs in found.values() for f in fs)


def test_start_page_without_lattlast_and_languages(ledger: list[PageResult]) -> None:
    ledger[0] = page("/", "Startsida – Älvbyns kommun")
    assert _rules(site_findings(ledger, CONTEXT), "/") == [
        "policy-languages-unreachable",
        "policy-lattlast-unreachable",
    ]


def test_a_url_list_s_start_page_is_the_one_listed_first_whatever_finished_first() -> None:
    """A URL list without the home page: the site-wide findings of a start page go on
    the first URL listed, not on the page the browsers happened to finish first."""
    from dataclasses import replace

    listed = [f"{BASE}/b/", f"{BASE}/a/", f"{BASE}/c/"]
    stored = [replace(page(p, p.strip("/").upper()), depth=0) for p in ("/c/", "/a/", "/b/")]
    context = replace(CONTEXT, start_urls=listed)
    assert _rules(site_findings(stored, context), "/b/") == [
        "policy-languages-unreachable",
        "policy-lattlast-unreachable",
        "policy-statement-unreachable",  # no statement among the pages
    ]
    assert not _rules(site_findings(stored, context), "/c/")
    assert _rules(site_findings(stored, CONTEXT), "/c/")  # no list: the first stored


def test_a_site_without_a_statement(ledger: list[PageResult]) -> None:
    without = [p for p in ledger if p.url != STATEMENT]
    found = site_findings(without, CONTEXT)
    assert "policy-statement-unreachable" in _rules(found, "/")
    assert "policy-statement-unreachable" not in _rules(found, "/a/")


def test_the_site_pass_over_a_store_finds_what_the_whole_rows_give(
    ledger: list[PageResult], tmp_path: Path
) -> None:
    # crawler/sitepass.py loads the rows without text blocks and findings, and the
    # statement page with its blocks: the same findings as over the whole rows.
    config = AuditConfig(max_age_days=CONTEXT.max_age_days)
    with Store(tmp_path / "klarsyn.sqlite") as store:
        run = store.start_run(BASE, "2026-11-26T10:00:00+01:00", "test", {})
        for row in ledger:
            store.add_page(run, row)
        found = check_site(store, run, config, CONTEXT.today)
        stored = {
            p.url: sorted((f.rule, f.message) for f in p.findings if f.rule in SITE_RULES)
            for p in store.load_pages(run)
        }
    expected = site_findings(ledger, CONTEXT)
    assert found == sum(len(findings) for findings in expected.values())
    assert stored == {
        p.url: sorted((f.rule, f.message) for f in expected.get(p.url, [])) for p in ledger
    }
    assert "policy-statement-content" in {rule for rule, _ in stored[STATEMENT]}
