"""Many sites as one job (``klarsyn audit --sites``) and the portfolio across a store's sites
(``klarsyn report DB --portfolio``): the sites file, the figures, the files, and a real
job of three local sites, one of them hostile, against their single-site audits."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from audits.model import Finding, Outcome, PageResult, PageStatus, Readability, Source, TextBlock
from crawler.config import ConfigError
from crawler.localserver import SiteServer
from crawler.sites import read_sites_file
from klarsyn.cli import main
from klarsyn.cli.portfolio import worst
from reports.portfolio import folder_name, site_row
from reports.store import Store
from tests.conftest import HTML, REPO, Run, html_page
from tests.faultserver import FaultServer
from tests.test_reports import NEEDS_AXE, axe_violations

# -- the sites file ------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_sites_file_gives_each_site_its_settings(tmp_path: Path) -> None:
    write(tmp_path / "bibliotek.toml",
          '[audit]\nstart_urls = ["https://bibliotek.example.se/"]\nmax_depth = 3\n'
          '[[owner]]\nname = "Kulturförvaltningen"\npatterns = ["/"]\n')  # fmt: skip
    sites = write(tmp_path / "sites.toml", """
[audit]
max_pages = 40
max_depth = 5

[[site]]
name = "Vänersborgs kommun"
start_urls = ["https://www.example.se/"]
max_pages = 80
owner = [{ name = "Skolförvaltningen", patterns = ["/skola/"] }]
audience = [{ name = "lättläst", pattern = "/lattlast/", lix_target = 30 }]

[[site]]
name = "Biblioteken"
config = "bibliotek.toml"
""")
    kommun, bibliotek = read_sites_file(sites)
    assert (kommun.name, kommun.folder) == ("Vänersborgs kommun", "vanersborgs-kommun")
    assert kommun.values["max_pages"] == 80
    assert kommun.values["max_depth"] == 5
    assert [o.name for o in kommun.values["owners"]] == ["Skolförvaltningen"]
    assert [a.name for a in kommun.values["audiences"]] == ["lättläst", "allmän information"]
    assert kommun.values["name"] == "Vänersborgs kommun"
    # The site's own config file wins over the shared table.
    assert bibliotek.values["start_urls"] == ("https://bibliotek.example.se/",)
    assert bibliotek.values["max_depth"] == 3
    assert bibliotek.values["max_pages"] == 40
    assert [o.name for o in bibliotek.values["owners"]] == ["Kulturförvaltningen"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[audit]\nmax_pages = 3\n", "needs at least one [[site]] table"),
        ("[[site]]\nstart_urls = ['https://a.se/']\n", "site 1 needs a name"),
        ("[[site]]\nname = 'A'\n", "site 1 (A) has no start_urls"),
        ("[[site]]\nname = 'A'\nstart_urls = ['https://a.se/']\nmax_pages = 'fem'\n",
         "site 1 (A): 'max_pages' must be a whole number"),
        ("[[site]]\nname = 'A'\nstart_urls = ['https://a.se/']\nstartsida = 1\n",
         "site 1 (A): unknown setting(s) startsida"),
        ("[[site]]\nname = 'A'\nstart_urls = ['https://a.se/']\n"
         "owner = [{ name = 'X', patterns = ['('] }]\n", "site 1 (A): '(' is not a valid"),
        ("[[site]]\nname = 'A'\nstart_urls = ['https://a.se/']\n"
         "[[site]]\nname = 'A'\nstart_urls = ['https://b.se/']\n", "'A' is used twice"),
        ("[[site]]\nname = 'A'\nconfig = 'saknas.toml'\n", "saknas.toml"),
        ("[sajt]\n", "unknown table(s) sajt"),
    ],
)  # fmt: skip
def test_a_bad_sites_file_is_one_sentence_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    sites = write(tmp_path / "sites.toml", text)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")
                       .replace("[", r"\[").replace("]", r"\]")):  # fmt: skip
        read_sites_file(sites)
    assert main(["audit", "--sites", str(sites), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("klarsyn: error: ")
    assert message in err
    assert "Traceback" not in err
    assert err.count("\n") == 1
    # Nothing was crawled: no store was made.
    assert not (tmp_path / "out" / "klarsyn.sqlite").exists()


def test_sites_refuse_the_options_of_one_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sites = write(tmp_path / "sites.toml", "[[site]]\nname = 'A'\nstart_urls = ['https://a.se/']\n")
    code = main(["audit", "https://b.se/", "--sites", str(sites), "--resume", "--out",
                 str(tmp_path / "out")])  # fmt: skip
    assert code == 1
    assert capsys.readouterr().err == (
        "klarsyn: error: --sites audits the sites its file names, each with its own settings: "
        "drop URL, --resume\n"
    )


def test_folder_names_are_plain_and_unique() -> None:
    assert folder_name("Vänersborgs kommun") == "vanersborgs-kommun"
    assert folder_name("Öppna förskolan!") == "oppna-forskolan"
    assert folder_name("<script>") == "script"
    assert folder_name("???") == "webbplats"
    assert folder_name("Ale", {"ale"}) == "ale-2"
    assert folder_name("Ale", {"ale", "ale-2"}) == "ale-3"


# -- the figures and the files, on a synthetic store -----------------------------------------


def axe(rule: str, impact: str, selector: str) -> Finding:
    return Finding(rule, Source.AXE, Outcome.VIOLATION, impact, ("wcag2a",), selector, "<x>")


MENU = axe("button-name", "critical", "nav > button")
HOSTILE = "=1+1<script>alert(1)</script>"
STATEMENT_TEXT = (
    "Tillgänglighetsredogörelse",
    "Den här webbplatsen är helt förenlig med lagen om tillgänglighet till digital offentlig"
    " service.",
    "Redogörelsen uppdaterades senast den 1 oktober 2026.",
)


def page(site: str, path: str, *findings: Finding, lix: float | None = 35.0,
         **kwargs: Any) -> PageResult:  # fmt: skip
    values: dict[str, Any] = {
        "status": PageStatus.AUDITED, "http_status": 200, "content_type": "text/html",
        "readability": Readability(120, 10, 30, lix, "lätt") if lix is not None else None,
    } | kwargs  # fmt: skip
    return PageResult(url=site + path, findings=findings, **values)


def add_run(store: Store, site: str, pages: list[PageResult], name: str) -> int:
    settings = {"name": name, "start_urls": [site + "/"], "reference_date": "2026-12-01"}
    run = store.start_run(site + "/", "2026-12-01T10:00:00+01:00", "0.1.0", settings)
    for p in pages:
        store.add_page(run, p)
    store.finish_run(run, "2026-12-01T10:05:00+01:00", partial=False, axe_version="4.14.1",
                     browser_version="156")  # fmt: skip
    return run


def two_sites(path: Path) -> tuple[int, int, int]:
    """Site A twice (a trend), site B once, in one store."""
    a, b = "https://a.example.se", "https://b.example.se"
    pdf = {"status": PageStatus.SKIPPED, "reason": "not_html", "content_type": "application/pdf",
           "lix": None}  # fmt: skip
    untagged = Finding("policy-pdf-untagged", Source.KLARSYN, Outcome.VIOLATION, "serious",
                       (), "", "dokument.pdf", message="Otaggad.")  # fmt: skip
    statement = page(a, "/tillganglighetsredogorelse", title="Tillgänglighetsredogörelse",
                     blocks=tuple(TextBlock("p", t) for t in STATEMENT_TEXT))  # fmt: skip
    with Store(path) as store:
        first = add_run(store, a, [page(a, "/", MENU), page(a, "/x", MENU), page(a, "/y", MENU),
                                   statement], "Kommun A")  # fmt: skip
        other = add_run(store, b, [
            page(b, "/", axe("image-alt", "serious", "img"), lix=55.0),
            page(b, "/fel", status=PageStatus.FAILED, reason="http_500", lix=None),
            page(b, "/dokument.pdf", untagged, **pdf),
        ], HOSTILE)
        second = add_run(store, a, [page(a, "/", MENU), page(a, "/x", MENU), page(a, "/y", MENU),
                                    page(a, "/z", MENU), statement], "Kommun A")  # fmt: skip
    return first, other, second


def test_a_sites_row_counts_as_its_report_and_is_its_own(tmp_path: Path) -> None:
    first, other, second = two_sites(tmp_path / "klarsyn.sqlite")
    with Store(tmp_path / "klarsyn.sqlite") as store:
        a = site_row(store, second, "kommun-a")
        b = site_row(store, other, "b")
    assert (a.name, a.run_id, a.audited, a.urls_found, a.coverage) == (
        "Kommun A", second, 5, 5, 100)
    # The menu fault on every page is one template fault; four occurrences, critical.
    assert (a.wcag, a.wcag_pages, a.wcag_by_impact[:2], a.template_faults) == (4, 4, (4, 0), 1)
    assert a.statement.found
    assert a.statement.missing == ("bedomning", "aterkoppling", "tillsyn")
    assert (a.statement.updated, a.statement.age_days) == ("2026-10-01", 61)
    # The trend is against the site's own previous run, never site B's run between them.
    assert a.trend is not None
    assert a.trend.previous_run == first
    assert (a.trend.audited, a.trend.wcag, a.trend.over_target) == (1, 1, 0)
    assert (b.audited, b.failed, b.skipped, b.urls_found) == (1, 1, 1, 3)
    assert b.coverage == pytest.approx(100 / 3)
    assert (b.wcag, b.wcag_by_impact[:2], b.template_faults) == (1, (0, 1), 0)
    assert (b.scored, b.over_target, b.over_target_share) == (1, 1, 100)
    assert not b.statement.found
    assert b.untagged_documents == 1
    assert b.trend is None


def test_report_portfolio_writes_every_site_and_the_page_over_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _first, other, second = two_sites(tmp_path / "klarsyn.sqlite")
    out = tmp_path / "ut"
    code = main(["report", str(tmp_path / "klarsyn.sqlite"), "--portfolio", "--out", str(out)])
    # Both sites' gates fail on their WCAG violations: so does the job.
    assert code == 2, capsys.readouterr().err
    assert (out / "kommun-a" / "report.json").is_file()
    assert json.loads((out / "kommun-a" / "report.json").read_text())["run_id"] == second
    hostile = folder_name(HOSTILE)
    assert json.loads((out / hostile / "report.json").read_text())["run_id"] == other
    data = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))
    assert [(s["name"], s["run_id"], s["report"]) for s in data["sites"]] == [
        ("Kommun A", second, "kommun-a/report.html"),
        (HOSTILE, other, f"{hostile}/report.html"),
    ]
    assert data["sites"][1]["coverage_percent"] == pytest.approx(100 / 3)
    html = (out / "portfolio.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html
    assert '<a href="kommun-a/report.html">Kommun A</a>' in html
    assert "5 av 5 (100\u00a0%)" in html
    assert "1 av 3 (33\u00a0%)" in html
    assert "3 uppgifter som DIGG kräver saknas" in html
    assert "uppdaterad för 61 dagar sedan" in html
    rows = list(csv.DictReader(io.StringIO(
        (out / "portfolio.csv").read_text(encoding="utf-8-sig")), delimiter=";"))  # fmt: skip
    assert [r["name"] for r in rows] == ["Kommun A", "'" + HOSTILE]
    assert rows[0]["change_wcag"] == "1"
    assert rows[1]["untagged_documents"] == "1"


def test_the_portfolio_in_english(tmp_path: Path) -> None:
    two_sites(tmp_path / "klarsyn.sqlite")
    out = tmp_path / "ut"
    main(["report", str(tmp_path / "klarsyn.sqlite"), "--portfolio", "--lang", "en",
          "--out", str(out)])  # fmt: skip
    html = (out / "portfolio.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "Portfolio: audit of 2 websites" in html
    assert "5 of 5 (100\u00a0%)" in html
    assert "3 items DIGG requires are missing" in html
    assert "how and when the website was assessed" in html
    for swedish in ("Skapad", "saknas", "Granskade", " av ", "första"):
        assert swedish not in html


@pytest.mark.browser
@NEEDS_AXE
def test_axe_finds_no_violations_in_the_portfolio(tmp_path: Path) -> None:
    two_sites(tmp_path / "klarsyn.sqlite")
    main(["report", str(tmp_path / "klarsyn.sqlite"), "--portfolio", "--format", "json",
          "--out", str(tmp_path)])  # fmt: skip
    assert axe_violations(tmp_path / "portfolio.html") == []


# -- a real job of three sites ---------------------------------------------------------------


def small_site(name: str) -> dict[str, tuple[bytes, str]]:
    links = "".join(f"<li><a href='/sida-{n}'>Sida {n} om {name}</a></li>" for n in range(3))
    files = {"/": (html_page(f"{name} startsida", f"<ul>{links}</ul><img src='/bild.png'>"),
                   HTML)}  # fmt: skip
    for n in range(3):
        body = f"<p>Det här är sida {n} hos {name}. Här finns information till invånarna.</p>"
        files[f"/sida-{n}"] = (html_page(f"Sida {n} – {name}", body), HTML)
    return files


#: The hostile site's faults a page budget never cuts: every one is a few URLs.
HOSTILE_FAULTS = ("/status/500/99", "/reset", "/redirect/3", "/loop/a", "/binar", "/trasig",
                  "/latin1", "/konto", "/privat/sida")  # fmt: skip
#: What must be equal between a site's report in the job and alone: not run ids or times.
SAME = ("site", "partial", "owner", "template_faults", "accepted", "third_party")


def comparable(report: dict[str, Any]) -> dict[str, Any]:
    settings = {k: v for k, v in report["settings"].items() if k != "name"}
    points = [{k: v for k, v in p.items() if k not in ("run_id", "started")}
              for p in report["history"]]  # fmt: skip
    return {
        **{key: report[key] for key in SAME},
        "settings": settings,
        "history": points,
        "pages": {p["url"]: p for p in report["pages"]},
    }


@pytest.mark.browser
@pytest.mark.slow
def test_three_sites_as_one_job_report_each_as_if_audited_alone(
    tmp_path: Path, klarsyn: Callable[..., Run]
) -> None:
    one, two = SiteServer(small_site("Alby")).start(), SiteServer(small_site("Bro")).start()
    try:
        with FaultServer(faults=HOSTILE_FAULTS, mount_browser_pages=False) as hostile:
            urls = {"Alby kommun": one.base_url, "Bro skolor": two.base_url,
                    "Fientliga webben": hostile.base_url}  # fmt: skip
            sites = write(tmp_path / "sites.toml", "[audit]\nmax_pages = 40\nbrowsers = 1\n"
                          + "".join(f"[[site]]\nname = '{name}'\nstart_urls = ['{url}/']\n"
                                    for name, url in urls.items()))  # fmt: skip
            # Three hosts: the three crawls run at the same time.
            job = klarsyn("audit", "--sites", str(sites), "--loopback-only", "--parallel", "3",
                          out=tmp_path / "jobb")  # fmt: skip
            alone = {name: klarsyn("audit", url + "/", "--max-pages", "40", "--browsers", "1",
                                   "--loopback-only", out=tmp_path / f"ensam-{n}")
                     for n, (name, url) in enumerate(urls.items())}  # fmt: skip
    finally:
        one.stop()
        two.stop()
    # The job's exit code is its worst site's, as each ended alone.
    assert job.code == worst(single.code for single in alone.values()) == 2, job.stderr
    assert "Traceback" not in job.stderr
    folders = {"Alby kommun": "alby-kommun", "Bro skolor": "bro-skolor",
               "Fientliga webben": "fientliga-webben"}  # fmt: skip
    for name, single in alone.items():
        report = json.loads((job.out / folders[name] / "report.json").read_text())
        assert report["settings"]["name"] == name
        assert comparable(report) == comparable(single.report()), name
    # One store holds the three sites; each run is its own site's first.
    with Store(job.out / "klarsyn.sqlite", create=False) as store:
        assert store.sites() == [url + "/" for url in urls.values()]
        runs = store.list_runs()
        assert [store.previous_run_id(r.id) for r in runs] == [None, None, None]
    # Each site's run began before any of them ended: they were crawled at the same time.
    assert max(r.started for r in runs) < min(r.finished or "" for r in runs)
    portfolio = json.loads((job.out / "portfolio.json").read_text())
    rows = {s["name"]: s for s in portfolio["sites"]}
    assert list(rows) == list(urls)
    assert rows["Alby kommun"]["audited"] == rows["Alby kommun"]["urls_found"] == 4
    hostile_pages = alone["Fientliga webben"].pages()
    audited = sum(p["audited"] for p in hostile_pages.values())
    assert (rows["Fientliga webben"]["audited"], rows["Fientliga webben"]["urls_found"]) == (
        audited, len(hostile_pages))
    assert rows["Fientliga webben"]["failed"] > 0
    html = (job.out / "portfolio.html").read_text(encoding="utf-8")
    for name, row in rows.items():
        assert f'<a href="{folders[name]}/report.html">{name}</a>' in html
        share = round(100 * row["audited"] / row["urls_found"])
        assert f"{row['audited']} av {row['urls_found']} ({share}\u00a0%)" in html


def test_resume_does_not_continue_a_site_of_a_sites_job(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Its reports live in the site's folder, not in --out: resuming would put them there.
    with Store(tmp_path / "klarsyn.sqlite") as store:
        add_run(store, "https://a.example.se", [page("https://a.example.se", "/")], "Kommun A")
        store.start_run("https://b.example.se/", "2026-12-01T11:00:00+01:00", "0.1.0",
                        {"name": "Skolor B", "start_urls": ["https://b.example.se/"]})
    assert main(["audit", "--resume", "--out", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        "klarsyn: error: run 2 is the site 'Skolor B' of a klarsyn audit --sites job, which "
        "--resume cannot continue: audit the sites again with --sites\n"
    )


@pytest.mark.browser
@pytest.mark.slow
def test_a_stopped_job_reports_the_sites_audited_and_names_the_rest(tmp_path: Path) -> None:
    servers = [SiteServer(small_site(name)).start() for name in ("Alby", "Bro", "Dal")]
    try:
        sites = write(tmp_path / "sites.toml", "[audit]\nbrowsers = 1\n" + "".join(
            f"[[site]]\nname = '{name}'\nstart_urls = ['{server.base_url}/']\n"
            for name, server in zip(("Alby", "Bro", "Dal"), servers, strict=True)))  # fmt: skip
        with subprocess.Popen(
            [sys.executable, "-m", "klarsyn", "audit", "--sites", str(sites), "--loopback-only",
             "--out", str(tmp_path / "jobb")],
            stderr=subprocess.PIPE, text=True, cwd=tmp_path,
            env=dict(os.environ, PYTHONPATH=str(REPO)),
        ) as job:  # fmt: skip
            assert job.stderr is not None
            lines = []
            # Ctrl-C once the second site has begun: whether its crawl or the job hears it
            # first, the third site is never started.
            for line in job.stderr:
                lines.append(line)
                if "auditing site 2 of 3: Bro" in line:
                    job.send_signal(signal.SIGINT)
                    break
            lines += job.stderr.readlines()
            code = job.wait(timeout=300)
    finally:
        for server in servers:
            server.stop()
    err = "".join(lines)
    assert code == 130, err
    assert "Traceback" not in err
    assert "klarsyn: not audited, the job was stopped first: Dal\n" in err
    data = json.loads((tmp_path / "jobb" / "portfolio.json").read_text())
    assert [s["name"] for s in data["sites"]] == ["Alby", "Bro"]
    assert data["sites"][0]["partial"] is False
    assert data["sites"][0]["audited"] == 4
    assert (tmp_path / "jobb" / "bro" / "report.json").is_file()
    assert not (tmp_path / "jobb" / "dal").exists()
    with Store(tmp_path / "jobb" / "klarsyn.sqlite", create=False) as store:
        assert len(store.sites()) == 2


@pytest.mark.browser
@pytest.mark.slow
def test_sites_that_share_a_host_are_never_crawled_at_the_same_time(
    tmp_path: Path, klarsyn: Callable[..., Run], serve: Callable[..., SiteServer]
) -> None:
    server = serve(small_site("Alby"))
    sites = write(tmp_path / "sites.toml", "[audit]\nbrowsers = 1\n"
                  f"[[site]]\nname = 'Hela'\nstart_urls = ['{server.base_url}/']\n"
                  f"[[site]]\nname = 'En sida'\nstart_urls = ['{server.base_url}/sida-0']\n"
                  "max_depth = 0\n")  # fmt: skip
    job = klarsyn("audit", "--sites", str(sites), "--loopback-only", "--parallel", "2")
    assert "Traceback" not in job.stderr
    with Store(job.out / "klarsyn.sqlite", create=False) as store:
        first, second = store.list_runs()
    # Politeness per host holds across sites: the second began after the first had ended.
    assert first.finished is not None
    assert first.finished <= second.started
    assert (second.audited, first.audited) == (1, 4)
