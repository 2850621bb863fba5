"""A synthetic site of any size for the report's size, link and memory checks: ledger
rows built in Python (no crawl), with the kinds of rows and findings a real site has.

Every page has the same template fault (a footer link without text), its own
editorial faults (contrast, images), a needs-review result, best practice, klarspråk
flags and policy findings, a readability score and text blocks; one URL in 50 failed
and one in 50 was skipped. Pages fall into 20 sections, each its owner's.
"""

from __future__ import annotations

from audits.model import (
    Finding,
    Outcome,
    PageResult,
    PageStatus,
    Readability,
    RunInfo,
    Source,
    TextBlock,
)

SITE = "https://kommun.example"
SECTIONS = 20
FOOTER = '<a href="/kontakt"><img src="/ikon.svg"></a>'
TEXT = (
    "Kommunen ansvarar för att det finns förskola för alla barn mellan ett och fem år "
    "vars föräldrar arbetar, studerar eller söker arbete, och ansökan görs i e-tjänsten."
)


def big_run(pages: int) -> RunInfo:
    """The run of ``big_site(pages)``: one owner per section."""
    owners = [{"name": f"Nämnd {n}", "patterns": [f"/avdelning-{n}/"]} for n in range(SECTIONS)]
    return RunInfo(
        id=1, site=SITE, started="2026-05-04T02:00:00+02:00",
        finished="2026-05-04T03:00:00+02:00", tool_version="0.1.0", axe_version="4.14.1",
        browser_version="156.0", settings={"start_urls": [SITE + "/"], "owners": owners,
                                           "max_pages": pages},
    )  # fmt: skip


def _axe(
    rule: str,
    impact: str,
    tags: tuple[str, ...],
    selector: str,
    snippet: str,
    outcome: Outcome = Outcome.VIOLATION,
    best_practice: bool = False,
) -> Finding:
    return Finding(rule, Source.AXE, outcome, impact, tags, selector, snippet, best_practice)


def _own(rule: str, snippet: str, message: str) -> Finding:
    return Finding(
        rule, Source.KLARSYN, Outcome.VIOLATION, "minor", (), "main p", snippet, False, message
    )


def big_page(n: int) -> PageResult:
    """The ``n``-th row of the synthetic site (0-based)."""
    section = n % SECTIONS
    url = f"{SITE}/avdelning-{section}/sida-{n:05d}"
    if n % 50 == 49:
        return PageResult(url, PageStatus.FAILED, reason="timeout", error="Timeout 30 s")
    if n % 50 == 48:
        return PageResult(url, PageStatus.SKIPPED, reason="robots")
    findings = [
        _axe("link-name", "serious", ("wcag2a", "wcag244", "wcag412"), "footer > a", FOOTER),
        *[
            _axe(
                "color-contrast",
                "serious",
                ("wcag2aa", "wcag143"),
                f".puff-{k} > p",
                f'<p class="puff-{k}">Läs mer om sida {n}</p>',
            )
            for k in range(n % 4)
        ],
        _axe(
            "region",
            "moderate",
            ("best-practice",),
            "div.banner",
            "<div class=banner>",
            best_practice=True,
        ),
        _axe(
            "color-contrast",
            "serious",
            ("wcag2aa", "wcag143"),
            ".hero h1",
            "<h1>Rubrik</h1>",
            Outcome.NEEDS_REVIEW,
        ),
        _own("klarsprak-long-sentence", TEXT, "Dela upp meningen."),
        _own("policy-broken-link", f"{SITE}/saknas-{n}", "Länken ger HTTP-status 404."),
    ]
    if n % 3 == 0:
        findings.append(
            _axe(
                "image-alt",
                "critical",
                ("wcag2a", "wcag111"),
                "main img",
                f'<img src="/bild-{n}.jpg">',
            )
        )
    blocks = (
        TextBlock("h1", f"Sida {n}"),
        *[TextBlock("p", TEXT) for _ in range(4)],
        TextBlock("p", "Kontakta oss", template=True),
    )
    return PageResult(
        url, PageStatus.AUDITED, final_url=url, http_status=200,
        content_type="text/html; charset=utf-8", title=f"Sida {n} – avdelning {section}",
        lang="sv", depth=2, referrer=SITE + "/",
        readability=Readability(120, 8, 40, 40.0 + n % 25, "medium"),
        findings=tuple(findings), blocks=blocks,
    )  # fmt: skip


def big_site(pages: int) -> list[PageResult]:
    """``pages`` ledger rows of the synthetic site, in crawl order."""
    return [big_page(n) for n in range(pages)]
