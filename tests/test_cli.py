"""The klarsyn command as a user meets it: exit codes and one-sentence errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.localserver import Files, SiteServer
from tests.conftest import HTML, Run, html_page

GOOD = html_page("Startsida", "<p>Välkommen till kommunen.</p>")


def _one_clear_error(run: Run, words: str) -> None:
    assert run.code == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert words in run.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("audit", "inte-en-url"), "'inte-en-url' is not an http or https URL"),
        (("audit", "ftp://127.0.0.1/"), "is not an http or https URL"),
        (("audit", "http://127.0.0.1:99999/"), "has an invalid port"),
        (("audit", "--max-pages", "många"), "invalid int value"),
        (("audit", "--format", "docx"), "choose among html,json,csv"),
        (("audit", "--config", "/finns/inte.toml"), "does not exist"),
        (("audit", "--urls", "/finns/inte.txt"), "cannot read the URL list"),
        (
            ("audit", "http://127.0.0.1:1/", "--out", "/dev/null/rapport"),
            "cannot write to the output folder",
        ),
        (("report", "/finns/inte.sqlite"), "no klarsyn store"),
    ],
)
def test_bad_input_gets_one_sentence_and_exit_1(
    klarsyn: Callable[..., Run], args: tuple[str, ...], words: str
) -> None:
    _one_clear_error(klarsyn(*args), words)


def test_bad_config_file(klarsyn: Callable[..., Run], tmp_path: Path) -> None:
    config = tmp_path / "k.toml"
    config.write_text("[audit]\nmax_pages = -1\n")
    _one_clear_error(klarsyn("audit", "--config", str(config)), "'max_pages' must be at least 1")


def test_a_url_list_with_a_bad_line(klarsyn: Callable[..., Run], tmp_path: Path) -> None:
    listing = tmp_path / "urval.txt"
    listing.write_text("http://127.0.0.1:1/\nwww.alvbyn.se\n")
    _one_clear_error(klarsyn("audit", "--urls", str(listing)), "line 2")


@pytest.mark.browser
def test_unreachable_host_is_a_technical_failure_with_a_report(
    klarsyn: Callable[..., Run],
) -> None:
    run = klarsyn("audit", "http://127.0.0.1:1/", "--loopback-only")
    _one_clear_error(run, "nothing could be audited: http://127.0.0.1:1/ failed")
    page = run.pages()["http://127.0.0.1:1/"]
    assert (page["outcome"], page["reason"]) == ("failed", "connection")


@pytest.mark.browser
def test_start_url_that_is_not_html(
    klarsyn: Callable[..., Run], serve: Callable[[Files], SiteServer]
) -> None:
    site = serve({"/": (b"%PDF-1.4\n%%EOF\n", "application/pdf")})
    run = klarsyn("audit", site.base_url + "/", "--loopback-only")
    _one_clear_error(run, "is not an HTML page (application/pdf)")


@pytest.mark.browser
def test_exit_codes_and_rendering_again_from_the_store(
    klarsyn: Callable[..., Run], serve: Callable[[Files], SiteServer], tmp_path: Path
) -> None:
    clean = serve({"/": (GOOD, HTML)})
    run = klarsyn("audit", clean.base_url + "/", "--loopback-only", out=tmp_path / "ren")
    assert run.code == 0, run.stderr

    faulty = serve({"/": (html_page("Start", "<img src='/a.png'>"), HTML)})
    run = klarsyn("audit", faulty.base_url + "/", "--loopback-only", out=tmp_path / "fel")
    assert run.code == 2, run.stderr
    html = (run.out / "report.html").read_text(encoding="utf-8")

    again = tmp_path / "igen"
    rerun = klarsyn("report", str(run.out / "klarsyn.sqlite"), "--out", str(again))
    assert rerun.code == 2, rerun.stderr
    assert (again / "report.html").read_text(encoding="utf-8") == html
    assert (again / "report.json").read_text() == (run.out / "report.json").read_text()
