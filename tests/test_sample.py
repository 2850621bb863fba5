"""The sample for manual review (--format sample) and reading a filled-in urval.csv back.

Unit tests on hand-built ledger rows and real parsed markup; the demo site's run is in
tests/test_sample_demo.py.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
from dataclasses import replace

import pytest
from bs4 import BeautifulSoup

from audits.dom import elements
from audits.model import (
    Finding,
    Link,
    Outcome,
    PageResult,
    PageStatus,
    Reason,
    RunInfo,
    Source,
)
from audits.pagefeatures import layout_key, page_features
from reports.i18n import translator
from reports.manual import ManualError, parse_manual
from reports.reporters.samplereport import SAMPLE_COLUMNS, sample_csv
from reports.sections.sample import (
    RANDOM_SHARE,
    Automated,
    SampleReason,
    checklist,
    choose_sample,
    default_seed,
)
from reports.verdicts import Verdict, verdict_of

HOST = "https://www.kommun.example"
RUN = RunInfo(7, HOST + "/", "2026-11-02T10:00:00+01:00", None, "0.1", "4.14.1", "156")


def soup_of(body: str) -> BeautifulSoup:
    return BeautifulSoup(f"<!doctype html><html><body>{body}</body></html>", "lxml")


FRAME = (
    "<header class='sidhuvud'><a class='logo' href='/'>Kommun</a><nav><ul>{menu}</ul></nav>"
    "<form role='search'><input type='search' name='q'></form></header>"
    "<main id='innehall'>{main}</main><footer class='sidfot'><p>Kommunen</p></footer>"
)


def layout(main: str, menu: int = 3, footer: str = "") -> str:
    body = FRAME.format(menu="<li><a href='/a'>A</a></li>" * menu, main=main)
    return layout_key(soup_of(body.replace("<p>Kommunen</p>", footer or "<p>Kommunen</p>")).body)


def test_features_count_forms_tables_media_apart_from_the_search_box() -> None:
    body = FRAME.format(
        menu="",
        main="<form><label>Namn <input name='n'></label></form>"
        "<table><tr><th>A</th></tr></table><table role='presentation'><tr><td>x</td></tr></table>"
        "<video src='a.mp4'></video><div data-klarsyn-frame='/karta'>Karta</div>"
        "<iframe hidden src='/dold'></iframe><input type='password'>",
    )
    assert page_features(elements(soup_of(body))) == {
        "forms": 1,  # the header's search form is not counted
        "tables": 1,  # a layout table is not a data table
        "media": 2,  # the video and the rendered same-origin frame; the hidden frame not
        "search": True,
        "password": True,
    }


def test_layout_is_the_template_not_the_text() -> None:
    article = layout("<h1>Bygglov</h1><p>Text om bygglov.</p>")
    assert len(article) == 12
    # Other text, another menu length: the same template.
    assert layout("<h1>Förskola</h1><p>A</p><p>B</p><h2>C</h2>", menu=7) == article
    # A list component of the CMS in the main content, another footer: other templates.
    assert layout("<h1>Nyheter</h1><ul class='nyhetslista'><li>x</li></ul>") != article
    assert layout("<h1>Bygglov</h1>", footer="<div class='kampanj'>x</div>") != article
    assert layout_key(None) == ""


def page(path: str, title: str = "", depth: int = 1, **facts: object) -> PageResult:
    features = {"forms": 0, "tables": 0, "media": 0, "search": False, "password": False}
    features.update(facts.pop("features", {}))  # type: ignore[call-overload]
    return PageResult(
        url=HOST + path,
        status=PageStatus.AUDITED,
        content_type="text/html; charset=utf-8",
        http_status=200,
        title=f"{title or path} – Kommunen",
        depth=depth,
        facts={"features": features, "layout": "standard", **facts},
    )


def violation(rule: str, *tags: str) -> Finding:
    return Finding(rule, Source.AXE, Outcome.VIOLATION, "serious", tags)


def site() -> list[PageResult]:
    start = replace(
        page("/", "Startsida", depth=0, layout="start"),
        links=(Link(HOST + "/om-oss/kundcenter/", "Kontakta oss"),),
    )
    rows = [
        start,
        page("/kontakt/", "Kontakt"),
        page("/om-oss/kundcenter/", "Kundcenter"),  # contact only by a link's text
        page("/omsorg/kontaktperson/", "Kontaktperson enligt LSS"),  # a service, not contact
        page("/bygga/sok-bygglov/", "Sök bygglov"),  # applying, not searching
        page("/sok/", "Sök"),
        page("/mina-sidor/", "Logga in"),
        page("/bygga/blanketter/", "Blanketter"),
        page("/tillganglighetsredogorelse/", "Tillgänglighetsredogörelse"),
        page("/skola/ansokan/", "Ansök om plats", features={"forms": 2}),
        page("/ekonomi/budget/", "Budget", features={"tables": 3}),
        page("/politik/webb-tv/", "Webb-tv", features={"media": 1}),
        replace(page("/bygga/detaljplaner/", "Detaljplaner"),
                links=(Link(HOST + "/dokument/plan.pdf", "Plankarta (pdf)"),)),
        page("/nyheter/", "Nyheter", layout="newslist"),
        page("/nyheter/arkiv/", "Nyhetsarkiv", depth=2, layout="newslist"),
        PageResult(HOST + "/dokument/plan.pdf", PageStatus.SKIPPED, Reason.NOT_HTML,
                   content_type="application/pdf"),
        PageResult(HOST + "/trasig/", PageStatus.FAILED, "http_404", http_status=404),
    ]  # fmt: skip
    rows += [page(f"/artiklar/artikel-{n}/", f"Artikel {n}", depth=2) for n in range(60)]
    return rows


def reasons(rows: list[PageResult], seed: int | None = None) -> dict[str, set[SampleReason]]:
    sample = choose_sample(rows, RUN, seed)
    return {p.url.removeprefix(HOST): set(p.reasons) for p in sample.pages}


def test_the_structured_sample_finds_each_kind_of_page() -> None:
    chosen = reasons(site())
    assert SampleReason.START in chosen["/"]
    assert SampleReason.CONTACT in chosen["/kontakt/"]
    assert (
        "/omsorg/kontaktperson/" not in chosen
        or SampleReason.CONTACT not in chosen["/omsorg/kontaktperson/"]
    )
    assert SampleReason.SEARCH in chosen["/sok/"]
    assert SampleReason.SEARCH not in chosen.get("/bygga/sok-bygglov/", set())
    assert SampleReason.LOGIN in chosen["/mina-sidor/"]
    assert SampleReason.ESERVICE in chosen["/bygga/blanketter/"]
    assert SampleReason.STATEMENT in chosen["/tillganglighetsredogorelse/"]
    assert SampleReason.FORM in chosen["/skola/ansokan/"]
    assert SampleReason.TABLE in chosen["/ekonomi/budget/"]
    assert SampleReason.MEDIA in chosen["/politik/webb-tv/"]
    assert SampleReason.DOCUMENTS in chosen["/bygga/detaljplaner/"]
    # Every template group has a page: the start page stands for its own, the news list
    # group gets its shallowest page.
    assert SampleReason.TEMPLATE in chosen["/"]
    assert SampleReason.TEMPLATE in chosen["/nyheter/"]
    # Documents and failed URLs are not pages of the sample.
    assert "/dokument/plan.pdf" not in chosen
    assert "/trasig/" not in chosen


def test_the_sample_does_not_depend_on_the_order_the_crawl_found_the_pages() -> None:
    """Two crawls of one site reach pages by different links, so at different depths (and
    in another ledger order; only the start URLs are always at depth 0): the same run and
    seed must still give the same sample."""
    rows = site()
    reordered = [replace(p, depth=p.depth and 10 - min(p.depth, 9)) for p in reversed(rows)]
    assert reasons(reordered, seed=7) == reasons(rows, seed=7)


def test_contact_by_link_text_only_when_nothing_stronger() -> None:
    without_path = [p for p in site() if p.url != HOST + "/kontakt/"]
    chosen = reasons(without_path)
    assert SampleReason.CONTACT in chosen["/om-oss/kundcenter/"]


def test_random_part_is_ten_percent_seeded_and_without_duplicates() -> None:
    rows = site()
    sample = choose_sample(rows, RUN)
    assert sample.seed == default_seed(RUN)
    assert sample.random >= math.ceil(RANDOM_SHARE * sample.structured) >= 1
    assert len({p.url for p in sample.pages}) == len(sample.pages)
    assert choose_sample(rows, RUN) == sample  # the same run and seed: the same sample
    randoms = {
        seed: {
            p.url
            for p in choose_sample(rows, RUN, seed).pages
            if p.reasons == (SampleReason.RANDOM,)
        }
        for seed in (1, 2, 3)
    }
    assert randoms[1] == {
        p.url for p in choose_sample(rows, RUN, 1).pages if p.reasons == (SampleReason.RANDOM,)
    }
    assert len({frozenset(r) for r in randoms.values()}) > 1
    other_run = replace(RUN, id=8)
    assert default_seed(other_run) != default_seed(RUN)


def test_checklist_has_every_criterion_and_never_says_pass() -> None:
    p = replace(
        page("/a/"),
        findings=(
            violation("image-alt", "wcag2a", "wcag111"),
            violation("link-name", "wcag2a", "wcag244", "wcag412"),
            Finding("color-contrast", Source.AXE, Outcome.NEEDS_REVIEW, "serious",
                    ("wcag2aa", "wcag143")),
            Finding("region", Source.AXE, Outcome.VIOLATION, "moderate", (), best_practice=True),
            Finding("policy-h1-count", Source.KLARSYN, Outcome.VIOLATION, "moderate"),
        ),
    )  # fmt: skip
    items = {i.criterion: i for i in checklist(p)}
    assert len(items) == 50
    assert {str(i.automated) for i in items.values()} <= {"fail", "needs_review", "no_finding"}
    assert items["1.1.1"].automated is Automated.FAIL
    assert items["1.1.1"].rules == ("image-alt",)
    assert items["4.1.2"].automated is Automated.FAIL
    assert items["4.1.2"].rules == ("link-name",)
    assert items["1.4.3"].automated is Automated.NEEDS_REVIEW
    assert items["1.4.3"].en301549 == "9.1.4.3"
    assert items["1.4.3"].level == "AA"
    assert items["1.3.1"].automated is Automated.NO_FINDING
    assert items["1.3.1"].rules == ()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_csv_is_one_row_per_page_and_criterion_guarded_and_in_its_language(lang: str) -> None:
    rows = site()
    rows[1] = replace(rows[1], title='=HYPERLINK("http://evil")')
    sample = choose_sample(rows, RUN)
    words = translator(lang)
    text = sample_csv(sample, words)
    table = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert tuple(table[0]) == SAMPLE_COLUMNS
    assert len(table) == 50 * len(sample.pages)
    assert all(r["manual"] == "" and r["note"] == "" for r in table)
    assert {r["sample_seed"] for r in table} == {str(sample.seed)}
    assert {r["automated"] for r in table} <= (
        {"fel", "behöver granskas", "inget automatiskt fynd"} if lang == "sv"
        else {"fail", "needs review", "no automated finding"})  # fmt: skip
    assert not any(r["automated"] in ("godkänd", "pass") for r in table)
    titles = {r["page_title"] for r in table}
    assert '\'=HYPERLINK("http://evil")' in titles
    assert not words.missing


def filled(lang: str = "sv") -> list[dict[str, str]]:
    rows = list(
        csv.DictReader(
            io.StringIO(sample_csv(choose_sample(site(), RUN), translator(lang))), delimiter=";"
        )
    )
    rows[0]["manual"], rows[0]["note"] = ("Godkänd" if lang == "sv" else "Pass"), "Ser bra ut"
    rows[1]["manual"] = "ej tillämplig" if lang == "sv" else "not applicable"
    rows[2]["note"] = "=Fråga redaktören"
    rows[3]["manual"] = "—"
    return rows


def write(rows: list[dict[str, str]], delimiter: str, ending: str, columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, columns, delimiter=delimiter, lineterminator=ending, extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize(
    ("encoding", "delimiter", "ending", "lang"),
    [
        ("utf-8-sig", ";", "\r\n", "sv"),  # as written, Windows line ends
        ("utf-8", ",", "\n", "en"),  # LibreOffice, comma, no BOM, English verdicts
        ("cp1252", ";", "\r\n", "sv"),  # Excel's "CSV (semikolonavgränsad)"
        ("utf-16", "\t", "\r\n", "en"),  # Excel's "Unicode text"
    ],
)
def test_manual_file_survives_a_spreadsheet(
    encoding: str, delimiter: str, ending: str, lang: str
) -> None:
    columns = ["Note", " manual ", "criterion", "PAGE_URL", "level"]  # reordered, renamed case
    rows = [{c: r[c.strip().lower()] for c in columns} for r in filled(lang)]
    data = write(rows, delimiter, ending, columns).encode(encoding)
    review = parse_manual(data, "urval.csv")
    first, second, third = review.entries
    assert (first.verdict, first.note, first.row) == (Verdict.PASS, "Ser bra ut", 2)
    assert second.verdict is Verdict.NOT_APPLICABLE
    assert second.note == ""
    assert third.verdict is None
    assert third.note == "=Fråga redaktören"
    assert first.page_url == HOST + "/"
    assert first.criterion == "1.1.1"


def test_a_formula_guard_is_taken_off_again() -> None:
    data = b"page_url;criterion;manual;note\n'=x;1.1.1;fel;'+1 kommentar\n"
    (entry,) = parse_manual(data).entries
    assert (entry.page_url, entry.note, entry.verdict) == ("=x", "+1 kommentar", Verdict.FAIL)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("page_url;criterion;manual\nhttps://a/;1.1.1;ok\n",
         "urval.csv, row 2: 'ok' is not a verdict; write godkänd, fel, ej tillämplig (or pass, "
         "fail, not applicable), or leave it empty"),
        ("page_url;criterion;manual\nhttps://a/;1.1.1;fel\nhttps://a/;9.9.9;fel\n",
         "urval.csv, row 3: '9.9.9' is not a WCAG 2.1 A or AA success criterion of the "
         "checklist"),
        ("page_url;criterion;manual\nhttps://a/;1.1.1;fel\nhttps://a/;1.1.1;godkänd\n",
         "urval.csv, row 3: criterion 1.1.1 of https://a/ was already judged in row 2"),
        ("url;kriterium\nhttps://a/;1.1.1\n",
         "urval.csv has no column 'page_url', 'criterion', 'manual': expected the urval.csv "
         "that --format sample wrote, with its header row"),
        ("", "urval.csv is empty: expected the urval.csv that --format sample wrote"),
    ],
)  # fmt: skip
def test_a_bad_manual_file_is_one_clear_sentence(content: str, message: str) -> None:
    with pytest.raises(ManualError) as caught:
        parse_manual(codecs.BOM_UTF8 + content.encode(), "urval.csv")
    assert str(caught.value) == message


def test_pages_not_in_the_run_are_refused() -> None:
    review = parse_manual(b"page_url;criterion;manual\nhttps://other/;1.1.1;fel\n")
    review.check_pages({"https://other/"}, 7)
    with pytest.raises(ManualError, match=r"row 2: https://other/ is not a page of run 7"):
        review.check_pages({HOST + "/"}, 7)


@pytest.mark.parametrize(
    ("word", "verdict"),
    [("godkänd", Verdict.PASS), ("GODKAND", Verdict.PASS), ("pass", Verdict.PASS),
     ("Fel", Verdict.FAIL), ("fail", Verdict.FAIL), ("Ej tillämplig", Verdict.NOT_APPLICABLE),
     ("not applicable", Verdict.NOT_APPLICABLE), ("not_applicable", Verdict.NOT_APPLICABLE),
     ("n/a", Verdict.NOT_APPLICABLE), ("", None), (" – ", None)],
)  # fmt: skip
def test_verdict_words_in_either_language(word: str, verdict: Verdict | None) -> None:
    assert verdict_of(word) is verdict


def test_a_store_without_layout_facts_groups_by_landmarks() -> None:
    def old(path: str, marks: list[str]) -> PageResult:
        return replace(page(path), facts={"landmarks": marks})

    rows = [replace(old("/", ["banner", "main"]), depth=0)]
    rows += [old(f"/a{n}/", ["banner", "main", "contentinfo"]) for n in range(20)]
    rows += [old("/kampanj/", ["main"])]
    sample = choose_sample(rows, RUN)
    assert [g.pages for g in sample.groups] == [20, 1, 1]
    chosen = {p.url.removeprefix(HOST): set(p.reasons) for p in sample.pages}
    assert SampleReason.TEMPLATE in chosen["/kampanj/"]
    assert sum(SampleReason.TEMPLATE in r for r in chosen.values()) == 3
