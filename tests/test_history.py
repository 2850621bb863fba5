"""Diffs between runs on synthetic stores: statuses, groups, template faults, JSON."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from audits.fingerprint import site_key
from audits.model import Finding, Outcome, PageResult, PageStatus, Source
from crawler.localserver import Files, SiteServer
from klarsyn.cli import main
from reports.history import (
    EDITORIAL,
    FIXED,
    NEW,
    PERSISTING,
    REAPPEARED,
    STATUSES,
    TEMPLATE,
    UNVERIFIED,
    Fault,
    diff_runs,
    previous_run,
    template_keys,
)
from reports.store import Store, StoreError
from tests.conftest import HTML, Run, html_page

SITE = "https://www.alvbyn.se"
OWNERS = [{"name": "Barn- och utbildningsförvaltningen", "patterns": ["/skola/"], "contact": ""}]


def axe(rule: str, snippet: str, outcome: Outcome = Outcome.VIOLATION) -> Finding:
    return Finding(rule, Source.AXE, outcome, "serious", ("wcag2a",), "main > *", snippet)


ALT = axe("image-alt", '<img src="/sol.png">')
LABEL = axe("label", '<input type="text" name="q">')
LINK = axe("link-name", '<a href="/skola/"></a>')
MENU = axe("button-name", '<button class="meny"></button>')  # on every page: the template
CONTRAST = axe("color-contrast", "<p>Grått på grått</p>", Outcome.NEEDS_REVIEW)
H1 = Finding(
    "policy-h1-count", Source.KLARSYN, Outcome.VIOLATION, "moderate", best_practice=True,
    message="Sidan har 2 huvudrubriker.",
)  # fmt: skip


def page(path: str, *findings: Finding, **kwargs: Any) -> PageResult:
    values: dict[str, Any] = {"status": PageStatus.AUDITED, "http_status": 200} | kwargs
    return PageResult(url=SITE + path, findings=findings, **values)


def add_run(store: Store, pages: Iterable[PageResult], site: str = SITE + "/") -> int:
    run = store.start_run(site, "2026-11-01T10:00:00+01:00", "0.1.0", {"owners": OWNERS})
    for p in pages:
        store.add_page(run, p)
    store.finish_run(run, "2026-11-01T10:05:00+01:00", partial=False, axe_version="4.14.1",
                     browser_version="156")  # fmt: skip
    return run


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "klarsyn.sqlite")


def _statuses(faults: Iterable[Fault]) -> dict[tuple[str, str], str]:
    return {(f.rule, f.page_url.removeprefix(SITE)): f.status for f in faults}


def test_new_fixed_persisting_and_reappeared(store: Store) -> None:
    one = add_run(store, [page("/", ALT, LABEL), page("/skola/", LINK)])
    two = add_run(store, [page("/", LABEL), page("/skola/")])
    three = add_run(store, [page("/", LABEL, ALT, H1), page("/skola/")])

    diff = diff_runs(store, two, three)
    assert _statuses(diff.faults) == {
        ("label", "/"): PERSISTING,
        ("image-alt", "/"): REAPPEARED,  # fixed in run 2, back in run 3
        ("policy-h1-count", "/"): NEW,
    }
    assert diff.totals() == {NEW: 1, REAPPEARED: 1, PERSISTING: 1, FIXED: 0, UNVERIFIED: 0}
    assert diff.fingerprints(NEW, REAPPEARED) == {
        f.fingerprint for f in store.load_pages(three)[0].findings if f.rule != "label"
    }

    diff = diff_runs(store, one, two)
    assert _statuses(diff.faults) == {
        ("label", "/"): PERSISTING,
        ("image-alt", "/"): FIXED,
        ("link-name", "/skola/"): FIXED,
    }
    assert diff.by_owner() == {
        "Barn- och utbildningsförvaltningen": dict.fromkeys(STATUSES, 0) | {FIXED: 1},
        "ingen ägare": dict.fromkeys(STATUSES, 0) | {FIXED: 1, PERSISTING: 1},
    }
    assert diff.by_rule()["image-alt"][FIXED] == 1
    # Comparing run 1 with run 3 skips run 2: image-alt is then persisting.
    assert _statuses(diff_runs(store, one, three).faults)[("image-alt", "/")] == PERSISTING


def test_a_fault_on_a_page_not_checked_again_is_unverified_not_fixed(store: Store) -> None:
    one = add_run(store, [
        page("/", ALT), page("/tidsgrans/", LABEL), page("/borta/", LINK), page("/glomd/", LINK),
        page("/budget/", LINK), page("/taxa.pdf", H1, status=PageStatus.SKIPPED, reason="not_html"),
    ])  # fmt: skip
    two = add_run(store, [
        page("/"),
        page("/tidsgrans/", status=PageStatus.FAILED, reason="browser_timeout", http_status=None),
        page("/borta/", status=PageStatus.FAILED, reason="http_404", http_status=404),
        page("/budget/", status=PageStatus.SKIPPED, reason="budget", http_status=None),
        page("/taxa.pdf", status=PageStatus.SKIPPED, reason="not_html"),
    ])  # fmt: skip
    assert _statuses(diff_runs(store, one, two).faults) == {
        ("image-alt", "/"): FIXED,  # audited again
        ("label", "/tidsgrans/"): UNVERIFIED,  # the browser timed out
        ("link-name", "/borta/"): FIXED,  # the page is gone (404)
        ("link-name", "/glomd/"): FIXED,  # no longer linked anywhere
        ("link-name", "/budget/"): UNVERIFIED,  # beyond the page budget
        ("policy-h1-count", "/taxa.pdf"): FIXED,  # the document was fetched and checked
    }


def test_needs_review_is_kept_apart(store: Store) -> None:
    one = add_run(store, [page("/", CONTRAST)])
    two = add_run(store, [page("/", replace(CONTRAST, outcome=Outcome.VIOLATION))])
    diff = diff_runs(store, one, two)
    # Decided by axe-core this time: a new violation; the question is gone.
    assert _statuses(diff.faults) == {("color-contrast", "/"): NEW}
    assert _statuses(diff.review) == {("color-contrast", "/"): FIXED}
    assert json.loads(json.dumps(diff.as_dict()))["needs_review"]["totals"][FIXED] == 1
    assert diff.statuses() == {f.fingerprint: f.status for f in (*diff.faults, *diff.review)}


def test_template_faults_against_editorial_ones(store: Store) -> None:
    pages_one = [page(f"/sida-{n}/", MENU) for n in range(20)] + [page("/", ALT)]
    one = add_run(store, pages_one)
    # The menu is fixed in the template; an editor adds an image without alt on one page.
    pages_two = [page(f"/sida-{n}/") for n in range(20)] + [page("/", ALT), page("/ny/", LABEL)]
    two = add_run(store, pages_two)
    diff = diff_runs(store, one, two)
    assert diff.by_origin() == {
        TEMPLATE: dict.fromkeys(STATUSES, 0) | {FIXED: 20},
        EDITORIAL: dict.fromkeys(STATUSES, 0) | {NEW: 1, PERSISTING: 1},
    }
    assert {f.template for f in diff.faults if f.rule == "button-name"} == {True}


@pytest.mark.parametrize(
    ("audited", "on", "template"),
    [(5, 3, True), (5, 2, False), (30, 3, True), (45, 4, False), (45, 5, True)],
)
def test_template_keys_threshold(audited: int, on: int, template: bool) -> None:
    pages = [page(f"/{n}/", MENU) if n < on else page(f"/{n}/") for n in range(audited)]
    # Rows that are not audited pages count neither way.
    pages += [page("/x.pdf", MENU, status=PageStatus.SKIPPED, reason="not_html")] * 3
    assert (site_key(MENU) in template_keys(pages)) is template


def test_two_identical_faults_on_a_page_count_twice(store: Store) -> None:
    one = add_run(store, [page("/", LINK, LINK)])
    two = add_run(store, [page("/", LINK)])
    assert diff_runs(store, one, two).totals() == dict.fromkeys(STATUSES, 0) | {
        PERSISTING: 1,
        FIXED: 1,
    }


def test_previous_run_is_the_latest_earlier_run_of_the_same_site(store: Store) -> None:
    one = add_run(store, [page("/")])
    other = add_run(store, [page("/")], site="https://www.annan.se/")
    two = add_run(store, [page("/")])
    assert previous_run(store, two) == one
    assert previous_run(store, one) is None
    assert previous_run(store, other) is None
    with pytest.raises(StoreError, match="has no run 7"):
        diff_runs(store, one, 7)


def test_a_fault_of_another_site_in_the_store_never_makes_one_reappeared(store: Store) -> None:
    # Two sites of one portfolio store (klarsyn audit --sites) on one host: a fault the
    # other site had first is new on this site, not back.
    schools = SITE + "/skola/"
    add_run(store, [page("/skola/", LINK)], site=SITE + "/")
    one = add_run(store, [page("/skola/")], site=schools)
    two = add_run(store, [page("/skola/", LINK)], site=schools)
    assert _statuses(diff_runs(store, one, two).faults) == {("link-name", "/skola/"): NEW}
    assert store.fingerprints_before(two, Outcome.VIOLATION) == set()
    assert store.sites() == [SITE + "/", schools]
    assert store.latest_run_id(SITE + "/") == 1
    assert store.latest_run_id(schools) == store.latest_run_id() == two


def test_as_dict_is_json(store: Store) -> None:
    one = add_run(store, [page("/skola/", LINK, CONTRAST)])
    two = add_run(store, [page("/skola/", ALT)])
    data = json.loads(json.dumps(diff_runs(store, one, two).as_dict()))
    assert data["run_a"]["id"] == one
    assert data["settings_changed"] is False
    assert data["totals"] == dict.fromkeys(STATUSES, 0) | {NEW: 1, FIXED: 1}
    assert data["by_rule"] == {
        "image-alt": dict.fromkeys(STATUSES, 0) | {NEW: 1},
        "link-name": dict.fromkeys(STATUSES, 0) | {FIXED: 1},
    }
    new = data["faults"][0]
    assert new["status"] == NEW
    assert new["owner"] == "Barn- och utbildningsförvaltningen"
    assert new["page_url"] == SITE + "/skola/"
    assert new["snippet"] == '<img src="/sol.png">'
    assert data["needs_review"]["totals"][FIXED] == 1


def test_the_migrated_v1_store_diffs(tmp_path: Path) -> None:
    """tests/files/store-v1.sql: run 2 fixed the image and a twin link, moved the other
    link in the menu and renamed its class hash, and timed out on the PDF."""
    path = tmp_path / "v1.sqlite"
    db = sqlite3.connect(path)
    db.executescript((Path(__file__).parent / "files" / "store-v1.sql").read_text("utf-8"))
    db.close()
    diff = diff_runs(Store(path), 1, 2)
    assert diff.totals() == {NEW: 1, REAPPEARED: 0, PERSISTING: 1, FIXED: 4, UNVERIFIED: 1}
    assert [f.rule for f in diff.of(PERSISTING)] == ["link-name"]
    assert [f.rule for f in diff.of(UNVERIFIED)] == ["policy-pdf-untagged"]


def test_an_interrupted_run_does_not_fix_what_it_never_reached(store: Store) -> None:
    one = add_run(store, [page("/", ALT), page("/djup/", LABEL)])
    two = add_run(store, [page("/", ALT)])
    store.finish_run(two, "t", partial=True, axe_version="", browser_version="")
    assert _statuses(diff_runs(store, one, two).faults) == {
        ("image-alt", "/"): PERSISTING,
        ("label", "/djup/"): UNVERIFIED,
    }


def test_history_and_diff_as_text(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    evil = axe("image-alt", '<img src="/a.png" title="\x1b[2Jrensa">')
    one = add_run(store, [page("/", LABEL)])
    two = add_run(store, [page("/", evil)])
    store.close()
    db = str(store.path)
    assert main(["history", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["Körning", "Start", "Slut", "Delvis"]
    assert lines[1].split()[0] == str(one)
    assert lines[2].split()[:4] == [
        str(two),
        "2026-11-01T10:00:00+01:00",
        "2026-11-01T10:05:00+01:00",
        "nej",
    ]
    assert main(["diff", str(one), str(two), "--db", db]) == 0
    text = capsys.readouterr().out
    assert "Fel: nya 1, återkomna 0, kvarstående 0, åtgärdade 1, ej kontrollerade 0" in text
    assert "\x1b" not in text  # crawled markup never drives the terminal (the whole sequence goes)
    assert 'image-alt  https://www.alvbyn.se/  <img src="/a.png" title="rensa">' in text


def test_history_and_diff_refuse_bad_input_in_one_sentence(
    store: Store,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "tom").mkdir()
    monkeypatch.chdir(tmp_path / "tom")
    assert main(["history"]) == 1
    assert capsys.readouterr().err == "klarsyn: error: no klarsyn store at klarsyn.sqlite\n"
    one = add_run(store, [page("/")])
    assert main(["diff", str(one), "5", "--db", str(store.path)]) == 1
    assert capsys.readouterr().err.endswith("klarsyn.sqlite has no run 5\n")
    monkeypatch.chdir(tmp_path)  # the store of the current folder, by default
    assert main(["history"]) == 0
    assert main(["diff", str(one), str(one), "--json"]) == 0


# -- the whole way: two versions of a site, audited into one folder, then compared ---------


def _site(version: int) -> Files:
    """Version 1, then version 2: two faults fixed, two added, one page gone, one new, and
    unrelated markup shuffled around the faults that stay."""
    if version == 1:
        om = (
            "<div id='block-4f3a9c2e' class='css-1x2y3z'>"
            "<img class='css-1x2y3z bild' src='/bild/alv.png?v=1' width='300'></div>"
            "<p><a href='/skola/' class='sc-bdVaJa'></a></p>"
        )
        skola = (
            "<form action='/sok/'><input type='text' name='q' class='css-1x2y3z'>"
            "<button class='sc-bdVaJa'></button></form>"
        )
        bilder = "<p>Bilder från kommunen.</p><img src='/bild/sjo.png?v=1' class='kGfCqs'>"
    else:
        om = (
            "<p>Nytt stycke före bilden.</p>"
            "<div class='css-9q8w7e' id='block-77aa01bc'><p>Och ett till.</p>"
            "<img width='300' src='/bild/alv.png?v=7' class='bild css-9q8w7e'></div>"
            "<p><a href='/skola/' class='sc-fFHJvL'>Skolor i kommunen</a></p>"
        )
        skola = (
            "<p>Sök bland skolorna.</p><form action='/sok/'>"
            "<input class='css-9q8w7e' name='q' type='text'>"
            "<button aria-label='Sök' class='sc-fFHJvL'></button></form>"
            "<img src='/bild/skola.png'>"
        )
        bilder = (
            "<p>Bilder från kommunen.</p><p>Fler kommer.</p>"
            "<img class='hZgRtq' src='/bild/sjo.png?v=2'>"
        )
    links = ["/om/", "/skola/", "/bilder/", "/gammal/"] + (["/nytt/"] if version == 2 else [])
    start = "<ul>" + "".join(f"<li><a href='{u}'>Sidan {u.strip('/')}</a></li>" for u in links)
    files: dict[str, tuple[bytes, str]] = {
        "/": (html_page("Startsida", start + "</ul>"), HTML),
        "/om/": (html_page("Om kommunen", om), HTML),
        "/skola/": (html_page("Skola", skola), HTML),
        "/bilder/": (html_page("Bilder", bilder), HTML),
    }
    if version == 1:
        files["/gammal/"] = (html_page("Gammal", "<img src='/bild/gammal.png'>"), HTML)
    else:
        files["/nytt/"] = (
            html_page("Nytt", "<p><a href='/om/'><img src='/i.svg' alt=''></a></p>"),
            HTML,
        )
    return files


@pytest.mark.browser
def test_two_versions_of_a_site_audited_into_one_folder(
    serve: Callable[[Files], SiteServer],
    klarsyn: Callable[..., Run],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    site = serve(_site(1))
    out = tmp_path / "rapport"
    first = klarsyn("audit", site.base_url + "/", "--loopback-only", "--format", "json", out=out)
    assert first.code == 2, first.stderr
    site.files = _site(2)
    second = klarsyn("audit", site.base_url + "/", "--loopback-only", "--format", "json", out=out)
    assert second.code == 2, second.stderr
    assert "klarsyn diff 1 2" in second.stderr
    assert second.report()["run_id"] == 2  # the report in the folder is the new run's

    db = str(out / "klarsyn.sqlite")
    assert main(["history", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["Körning", "1", "2"]
    # partial, audited, failed (the 404), WCAG violations
    assert lines[1].split()[3:7] == ["nej", "5", "0", "6"]
    assert lines[2].split()[3:7] == ["nej", "5", "1", "5"]

    assert main(["diff", "1", "2", "--db", db, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    axe_faults = [f for f in data["faults"] if f["source"] == "axe"]
    by_status = {
        status: sorted((f["rule"], f["page_url"].removeprefix(site.base_url)) for f in axe_faults
                       if f["status"] == status)
        for status in STATUSES
    }  # fmt: skip
    assert by_status == {
        NEW: [("image-alt", "/skola/"), ("link-name", "/nytt/")],
        REAPPEARED: [],
        # The shuffle (paragraphs before the faults, attributes reordered, class hashes and
        # query strings changed) made nothing look new.
        PERSISTING: [("image-alt", "/bilder/"), ("image-alt", "/om/"), ("label", "/skola/")],
        FIXED: [("button-name", "/skola/"), ("image-alt", "/gammal/"), ("link-name", "/om/")],
        UNVERIFIED: [],
    }
    klarsyns = sorted(
        (f["status"], f["rule"], f["page_url"].removeprefix(site.base_url))
        for f in data["faults"]
        if f["source"] == "klarsyn"
    )
    assert klarsyns == [
        (NEW, "policy-broken-link", "/"),  # the link to the page now gone
        (PERSISTING, "policy-languages-unreachable", "/"),
        (PERSISTING, "policy-lattlast-unreachable", "/"),
        (PERSISTING, "policy-link-text", "/"),
        (PERSISTING, "policy-statement-unreachable", "/"),
    ]
    assert data["totals"] == {NEW: 3, REAPPEARED: 0, PERSISTING: 7, FIXED: 3, UNVERIFIED: 0}
    assert data["needs_review"]["totals"] == dict.fromkeys(STATUSES, 0)
    assert data["by_origin"]["template"] == dict.fromkeys(STATUSES, 0)

    assert main(["diff", "1", "2", "--db", db]) == 0
    text = capsys.readouterr().out
    assert "Nya och återkomna fel" in text
    assert "/gammal/" in text
