"""CMS links (``edit_url``): the template's escaping, its validation, and "Redigera sidan"
beside every page of a rendered report (HTML, JSON, CSV), on a small run built here."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from audits.model import Finding, Outcome, PageResult, PageStatus, RuleInfo, RunInfo, Source
from crawler.config import ConfigError, build_config, config_values
from reports.editlinks import edit_link
from reports.reporters.files import write_reports
from tests.htmlfiles import read_all
from tests.test_reports import axe_violations

TEMPLATE = "https://cms.example.se/edit?site=kommun&path={path}&u={url}&h={host}"
#: A page whose path has a space, å ä ö, "&", '"' and "<", as the crawler writes it
#: (percent-escaped, "&" kept) and as a hostile link could leave it (raw).
ESCAPED_PAGE = "https://kommun.example:8443/om%20oss/%C3%A5%26%C3%A4%22%3C%C3%B6?x=1"
RAW_PAGE = 'https://kommun.example/om oss/å&ä"<ö'
PATH_ESCAPED = "%2Fom%20oss%2F%C3%A5%26%C3%A4%22%3C%C3%B6"


def test_every_value_is_escaped_whole_so_it_stays_one_parameter() -> None:
    link = edit_link(TEMPLATE, ESCAPED_PAGE)
    assert link == (
        "https://cms.example.se/edit?site=kommun"
        f"&path={PATH_ESCAPED}"
        "&u=https%3A%2F%2Fkommun.example%3A8443%2Fom%2520oss%2F%25C3%25A5%2526%25C3%25A4%2522"
        "%253C%25C3%25B6%3Fx%3D1"
        "&h=kommun.example%3A8443"
    )
    # The raw form of the same path gives the same {path}: the CMS names the page once.
    assert f"path={PATH_ESCAPED}&" in edit_link(TEMPLATE, RAW_PAGE)
    for bad in ' "<>&?#':
        assert bad not in edit_link("https://cms.example.se/e/{path}", RAW_PAGE).split("/e/")[1]


def test_root_page_and_a_template_without_path() -> None:
    assert edit_link("https://cms.example.se/?p={path}", "https://kommun.example") == (
        "https://cms.example.se/?p=%2F"
    )
    assert edit_link("https://{host}/cms", "https://user@kommun.example/a") == (
        "https://kommun.example/cms"
    )


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("https://cms.example.se/edit", r"at least one of \{url\}, \{path\}, \{host\}"),
        ("https://cms.example.se/edit?p={path}&id={id}", r"no placeholders but \{url\}"),
        ("https://cms.example.se/edit?p={url.__class__}", r"no placeholders but"),
        ("https://cms.example.se/edit?id={id}", r"no placeholders but \{url\}, \{path\}"),
        ("https://cms.example.se/{path}}", r"no placeholders but"),
        ("cms.example.se/edit?p={path}", r"http or https address"),
        ("javascript:alert(1)//{url}", r"http or https address"),
    ],
)
def test_a_bad_template_is_one_sentence(template: str, message: str) -> None:
    values = config_values({"audit": {"edit_url": template}}, "config file k.toml", Path())
    with pytest.raises(ConfigError, match=message) as caught:
        build_config(values, {})
    assert "\n" not in str(caught.value)


def test_edit_url_must_be_a_string() -> None:
    with pytest.raises(ConfigError, match="'edit_url' must be a string"):
        config_values({"audit": {"edit_url": 3}}, "config file k.toml", Path())


def _page(url: str, title: str) -> PageResult:
    finding = Finding("image-alt", Source.AXE, Outcome.VIOLATION, "critical",
                      ("wcag2a", "wcag111"), "main img", "<img>")
    return PageResult(url=url, status=PageStatus.AUDITED, http_status=200,
                      content_type="text/html", title=title, lang="sv", findings=(finding,))


RULES = {"image-alt": RuleInfo("image-alt", Source.AXE, "Bilder måste ha alternativtext", "",
                               tags=("wcag2a", "wcag111"))}
RUN = RunInfo(id=1, site="https://kommun.example/", started="2026-12-01T02:00:00+01:00",
              finished="2026-12-01T02:01:00+01:00", tool_version="0.1.0",
              axe_version="4.14.1", browser_version="156",
              settings={"tags": ["wcag2a"], "edit_url": TEMPLATE})
PAGES = (_page(ESCAPED_PAGE, "Om oss"), _page(RAW_PAGE, "Rå adress"))


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("edit")
    write_reports(RUN, PAGES, RULES, folder, ["html", "json", "csv"])
    return folder


def _edit_hrefs(html: str, label: str = "Redigera sidan") -> list[str]:
    return re.findall(r'<a class="edit" href="([^"]*)">' + label + "</a>", html)


def test_html_report_has_an_escaped_edit_link_beside_every_page(out: Path) -> None:
    html = read_all(out)
    hrefs = _edit_hrefs(html)
    expected = {edit_link(TEMPLATE, p.url).replace("&", "&amp;") for p in PAGES}
    assert set(hrefs) == expected
    # Each page's detail, the page list, the worst pages and the rule's page list.
    assert len(hrefs) >= 4 * len(PAGES)
    for href in hrefs:
        assert not re.search(r'[<>" ]|&(?!amp;)', href)
    detail = (out / "sidor" / "sidor-1.html").read_text(encoding="utf-8")
    assert len(_edit_hrefs(detail)) == len(PAGES)
    report = (out / "report.html").read_text(encoding="utf-8")
    worst = report.split("Sidor med flest allvarliga fel")[1].split("</table>")[0]
    assert _edit_hrefs(worst)


def test_json_and_csv_carry_the_link(out: Path) -> None:
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert {p["url"]: p["edit_url"] for p in data["pages"]} == {
        p.url: edit_link(TEMPLATE, p.url) for p in PAGES}
    rows = list(csv.DictReader(
        io.StringIO((out / "findings.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert {r["page_url"]: r["edit_url"] for r in rows} == {
        p.url: edit_link(TEMPLATE, p.url) for p in PAGES}


def test_no_template_no_links_and_english_words(tmp_path: Path) -> None:
    plain = replace(RUN, settings={"tags": ["wcag2a"]})
    write_reports(plain, PAGES, RULES, tmp_path / "sv", ["html", "json", "csv"])
    assert 'class="edit"' not in read_all(tmp_path / "sv")
    data = json.loads((tmp_path / "sv" / "report.json").read_text(encoding="utf-8"))
    assert all(p["edit_url"] is None for p in data["pages"])
    header = (tmp_path / "sv" / "findings.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "edit_url" not in header
    write_reports(RUN, PAGES, RULES, tmp_path / "en", ["html"], lang="en")
    english = read_all(tmp_path / "en")
    assert len(_edit_hrefs(english, "Edit page")) >= 4 * len(PAGES)
    assert "Redigera sidan" not in english


@pytest.mark.browser
def test_axe_finds_no_violations_in_a_report_with_edit_links(out: Path) -> None:
    assert axe_violations(out / "report.html") == []
    assert axe_violations(out / "sidor" / "index.html") == []


def test_the_digest_links_every_page_into_the_cms(tmp_path: Path) -> None:
    """The run's edit_url reaches the owners' digests: "Redigera sidan" beside each page,
    in the HTML (escaped) and the plain text."""
    from reports.digest import build_digest
    from reports.reporters.digestreport import digest_messages
    from reports.store import Store
    from tests.test_digest import ALT, BUN, LABEL, SITE, add_run, page

    with Store(tmp_path / "klarsyn.sqlite") as store:
        add_run(store, [page("/skola/", LABEL), page("/skola/om oss&<x>", LABEL)],
                edit_url=TEMPLATE)
        second = add_run(store, [page("/skola/", ALT), page("/skola/om oss&<x>", ALT)],
                         edit_url=TEMPLATE)
        digest = build_digest(store, second)
    bun = digest.owner(BUN)
    assert bun is not None
    items = (*bun.new, *bun.fixed)
    assert len(items) == 4
    assert {i.edit.href for i in items if i.edit} == {
        edit_link(TEMPLATE, SITE + "/skola/"), edit_link(TEMPLATE, SITE + "/skola/om oss&<x>")}
    message = next(m for m in digest_messages(digest) if m.owner == BUN)
    escaped = edit_link(TEMPLATE, SITE + "/skola/om oss&<x>").replace("&", "&amp;")
    assert "%2Fskola%2Fom%20oss%26%3Cx%3E" in escaped
    assert f'<a href="{escaped}" style="color:#1d4ed8;">Redigera sidan</a>' in message.html
    assert f"Redigera sidan: {edit_link(TEMPLATE, SITE + '/skola/')}" in message.text
