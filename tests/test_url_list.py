"""``--urls FILE``: every URL listed is audited; only an explicit ``max_pages`` cuts a list,
and the report then says how many of the list were left out. Real crawls, real Chromium
(the budget rule itself is checked on the config alone)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.config import AuditConfig
from crawler.localserver import Files, SiteServer
from crawler.resume import config_from_settings
from klarsyn.audit import AuditRequest, _audit_config
from tests.conftest import HTML, Run

#: More than the default page budget (500), which used to cut a list.
LONG_LIST = 520


def _site(pages: int) -> Files:
    """``pages`` tiny pages /s/0/ … ; nothing links anywhere (a list follows no links)."""
    return {
        f"/s/{n}/": (
            f"<!doctype html><html lang='sv'><title>Sida {n}</title><p>{n}.".encode(),
            HTML,
        )
        for n in range(pages)
    }


def _listing(tmp_path: Path, server: SiteServer, pages: int) -> Path:
    listing = tmp_path / "lista.txt"
    listing.write_text("".join(f"{server.base_url}/s/{n}/\n" for n in range(pages)))
    return listing


def _section(html: str, anchor: str) -> str:
    match = re.search(rf'<section id="{anchor}".*?</section>', html, re.S)
    assert match, anchor
    return match.group(0)


def _budget(tmp_path: Path, **request: object) -> int:
    config, _ = _audit_config(AuditRequest(**request))  # type: ignore[arg-type]
    return config.max_pages


def test_only_an_explicit_max_pages_may_cut_a_list(tmp_path: Path) -> None:
    listing = tmp_path / "lista.txt"
    listing.write_text("".join(f"https://www.example.se/{n}/\n" for n in range(635)))
    config_file = tmp_path / "klarsyn.toml"
    config_file.write_text("[audit]\nmax_pages = 600\n")
    default = AuditConfig().max_pages
    assert _budget(tmp_path, urls_file=listing) == 635
    assert _budget(tmp_path, urls_file=listing, settings={"max_pages": 100}) == 100
    assert _budget(tmp_path, urls_file=listing, config_file=config_file) == 600
    both = {"config_file": config_file, "settings": {"max_pages": 10}}
    assert _budget(tmp_path, urls_file=listing, **both) == 10
    # A crawl from start URLs keeps the default budget, however many URLs it starts from.
    many = tuple(f"https://www.example.se/{n}/" for n in range(635))
    assert _budget(tmp_path, urls=many) == default
    short = tmp_path / "kort.txt"
    short.write_text("https://www.example.se/\n")
    assert _budget(tmp_path, urls_file=short) == default


@pytest.mark.browser
@pytest.mark.slow
def test_a_list_longer_than_the_default_budget_is_audited_whole(
    serve: Callable[[Files], SiteServer], klarsyn: Callable[..., Run], tmp_path: Path
) -> None:
    server = serve(_site(LONG_LIST))
    listing = _listing(tmp_path, server, LONG_LIST)
    run = klarsyn(
        "audit", "--urls", str(listing), "--loopback-only", "--format", "html,json", timeout=900
    )
    assert run.code == 0, run.stderr
    report = run.report()
    pages = report["pages"]
    assert len(pages) == LONG_LIST
    assert {p["outcome"] for p in pages} == {"audited"}, {p["reason"] for p in pages}
    # report.json keeps the whole list; the budget the run kept (what --resume reads) is it.
    settings = report["settings"]
    assert len(settings["start_urls"]) == LONG_LIST
    assert config_from_settings(settings).max_pages == LONG_LIST
    html = (run.out / "report.html").read_text(encoding="utf-8")
    method = _section(html, "metod")
    assert f"{LONG_LIST} adresser från en lista" in method
    assert server.base_url not in method  # the method names the list, never its URLs
    assert "max_pages var satt" not in html


@pytest.mark.browser
def test_an_explicit_max_pages_cuts_a_list_and_the_report_says_so(
    serve: Callable[[Files], SiteServer], klarsyn: Callable[..., Run], tmp_path: Path
) -> None:
    server = serve(_site(5))
    listing = _listing(tmp_path, server, 5)
    run = klarsyn("audit", "--urls", str(listing), "--loopback-only", "--max-pages", "3")
    assert run.code == 0, run.stderr
    outcomes = sorted((p["outcome"], p["reason"]) for p in run.report()["pages"])
    assert outcomes == [
        ("audited", ""),
        ("audited", ""),
        ("audited", ""),
        ("skipped", "budget"),
        ("skipped", "budget"),
    ]
    html = (run.out / "report.html").read_text(encoding="utf-8")
    said = "2 av de 5 adresserna i listan granskades inte, eftersom max_pages var satt till 3."
    assert said in _section(html, "sammanfattning")
    assert said in _section(html, "tackning")
    assert server.base_url not in _section(html, "metod")

    # The same from a config file, in an English report.
    config = tmp_path / "klarsyn.toml"
    config.write_text("[audit]\nmax_pages = 4\n")
    english = klarsyn(
        "audit",
        "--urls",
        str(listing),
        "--loopback-only",
        "--config",
        str(config),
        "--lang",
        "en",
        out=tmp_path / "en",
    )
    assert english.code == 0, english.stderr
    assert sum(p["reason"] == "budget" for p in english.report()["pages"]) == 1
    html = (english.out / "report.html").read_text(encoding="utf-8")
    said = (
        "1 of the 5 addresses in the list was not audited, because max_pages was set to 4."
        " Without max_pages the whole list is audited."
    )
    assert said in _section(html, "tackning")
    assert "5 addresses from a list" in _section(html, "metod")
