"""``[consent]`` without a browser: the config's validation, the banner kept in the store
(and a v4 store upgraded to hold it), and the report's "Kakbanner" item, escaped."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from audits.model import ConsentBanner, Finding, Outcome, RuleInfo, RunInfo, Source
from crawler.browser.consent import GIVEN, NOT_FOUND, BannerSeen, ConsentVisit, store_banner
from crawler.config import ConfigError, Consent, build_config, config_values
from crawler.resume import config_from_settings
from crawler.sites import read_sites_file
from reports.reporters.files import write_reports
from reports.store import SCHEMA_VERSION, Store

HOSTILE = '"><script>alert(1)</script>'


def _config(table: object) -> Consent | None:
    values = config_values({"consent": table}, "config file k.toml", Path())
    return build_config(values, {}).consent


def test_reject_is_the_default_answer_and_the_settings_survive_the_store() -> None:
    consent = _config({"reject": " #nej ", "accept": "#ja", "banner": "#kakor"})
    assert consent == Consent(reject="#nej", accept="#ja", action="reject", banner="#kakor")
    assert consent.button == "#nej"
    assert _config({"accept": "#ja", "action": "accept"}).button == "#ja"  # type: ignore[union-attr]
    config = build_config(config_values({"consent": {"reject": "#nej"}}, "k", Path()), {})
    settings = json.loads(json.dumps(config.public_settings()))
    assert config_from_settings(settings).consent == config.consent
    assert build_config({}, {}).consent is None


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"reject": 1}, r"\[consent\] reject must be a string"),
        ({"reject": "#nej", "action": "maybe"}, r"action must be reject or accept"),
        ({"accept": "#ja"}, r'needs the CSS selector of the button to click: reject = "…"'),
        ({"reject": "#nej", "action": "accept"}, r"button to click: accept ="),
        ({"reject": "#nej", "knapp": "#x"}, r"unknown \[consent\] setting\(s\) knapp"),
        ("#nej", r"\[consent\] must be a table"),
    ],
)
def test_a_bad_consent_table_is_one_sentence(table: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        _config(table)
    assert str(caught.value).startswith("config file k.toml: ")
    assert "\n" not in str(caught.value)


def test_only_cookies_of_in_scope_hosts_are_kept() -> None:
    visit = ConsentVisit(Consent(reject="#nej"), "https://www.kommun.example/",
                         frozenset({"www.kommun.example", "127.0.0.1:8080"}), "{}")
    assert visit._in_scope("www.kommun.example")
    assert visit._in_scope(".kommun.example")  # sent to www.kommun.example too
    assert visit._in_scope("127.0.0.1")  # cookies ignore ports
    assert not visit._in_scope("cdn.cookievendor.example")
    assert not visit._in_scope("annan.kommun.example")


RULES = {"button-name": RuleInfo("button-name", Source.AXE, "Knappar måste ha urskiljbar text",
                                 "", tags=("wcag2a", "wcag412"))}
AXE_RESULTS = {
    "violations": [{
        "id": "button-name", "impact": "critical", "tags": ["wcag2a", "wcag412"],
        "help": "Knappar måste ha urskiljbar text", "description": "", "helpUrl": "",
        "nodes": [{"target": [f".stang{HOSTILE}"], "html": f"<button>{HOSTILE}</button>",
                   "impact": "critical"}],
    }],
    "incomplete": [],
}


def test_the_banner_is_kept_in_the_store_with_its_rules(tmp_path: Path) -> None:
    seen = BannerSeen("https://www.kommun.example/", GIVEN, "", AXE_RESULTS,
                      "https://cdn.cookievendor.example/banner.js")
    with Store(tmp_path / "k.sqlite") as store:
        run = store.start_run("https://www.kommun.example/", "2026-12-01T02:00:00+01:00",
                              "0.1.0", {})
        assert store.load_consent_banner(run) is None
        store_banner(store, run, seen, frozenset({"www.kommun.example"}))
        banner = store.load_consent_banner(run)
        rules = store.load_rules(run)
    assert banner is not None
    assert (banner.state, banner.host, banner.third_party) == (
        GIVEN, "cdn.cookievendor.example", True)
    assert [(f.rule, f.outcome, f.impact, f.wcag) for f in banner.findings] == [
        ("button-name", Outcome.VIOLATION, "critical", ("wcag2a", "wcag412"))]
    assert banner.findings[0].selector == f".stang{HOSTILE}"
    assert "button-name" in rules
    own = BannerSeen("https://www.kommun.example/", NOT_FOUND, "not found")
    with Store(tmp_path / "k.sqlite") as store:
        store_banner(store, run, own, frozenset({"www.kommun.example"}))
        again = store.load_consent_banner(run)
    assert again == ConsentBanner("https://www.kommun.example/", NOT_FOUND, "not found",
                                  "www.kommun.example", "", False, ())


def test_a_v4_store_gets_the_banners_table_and_keeps_its_runs(tmp_path: Path) -> None:
    path = tmp_path / "k.sqlite"
    with Store(path) as store:
        run = store.start_run("https://www.kommun.example/", "2026-12-01T02:00:00+01:00",
                              "0.1.0", {})
    db = sqlite3.connect(path)
    db.execute("DROP TABLE consent_banners")
    db.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.load_consent_banner(run) is None
        assert store.latest_run_id() == run
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
        str(SCHEMA_VERSION),)
    db.close()


RUN = RunInfo(1, "https://www.kommun.example/", "2026-12-01T02:00:00+01:00",
              "2026-12-01T02:01:00+01:00", "0.1.0", "4.14.1", "156",
              settings={"consent": {"reject": HOSTILE, "accept": "", "action": "reject",
                                    "banner": ""}})
FAULT = Finding("button-name", Source.AXE, Outcome.VIOLATION, "critical", ("wcag2a", "wcag412"),
                f".stang{HOSTILE}", f"<button>{HOSTILE}</button>")


def _report(tmp_path: Path, banner: ConsentBanner, lang: str = "sv") -> str:
    write_reports(RUN, [], RULES, tmp_path, ["html", "json"], lang=lang, consent=banner)
    return (tmp_path / "report.html").read_text(encoding="utf-8")


def test_the_report_shows_the_banner_once_escaped_with_its_host(tmp_path: Path) -> None:
    banner = ConsentBanner("https://www.kommun.example/", GIVEN, "", f"cdn{HOSTILE}",
                           "https://cdn.cookievendor.example/b.js", True, (FAULT,))
    html = _report(tmp_path, banner)
    assert '<a href="#kakbanner">Kakbanner</a>' in html
    section = html.split('<section id="kakbanner"')[1].split("</section>")[0]
    assert "<script>alert(1)" not in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section
    assert "Knappar måste ha urskiljbar text" in section
    assert "en annan webbplats (leverantörens)" in section
    assert "Den öppna kakbannern har 1 fel mot WCAG." in section
    assert "Varning" not in section
    # The method's settings show the [consent] table as its set keys, escaped.
    assert "reject = &#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;, action = reject" in html
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["consent"]["host"] == f"cdn{HOSTILE}"
    assert [f["rule"] for f in data["consent"]["findings"]] == ["button-name"]


def test_a_button_not_found_is_a_warning_in_the_report_in_either_language(
    tmp_path: Path,
) -> None:
    banner = ConsentBanner("https://www.kommun.example/", NOT_FOUND, "not found",
                           "www.kommun.example")
    html = _report(tmp_path / "sv", banner)
    assert "<strong>Varning:</strong> Knappen hittades inte på startsidan." in html
    assert "webbplatsen själv" in html
    english = _report(tmp_path / "en", banner, "en")
    assert "<strong>Warning:</strong> The button was not found on the start page." in english
    assert "Kakbanner" not in english


def test_a_site_of_a_sites_file_answers_its_own_banner(tmp_path: Path) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(
        '[[site]]\nname = "Alby"\nstart_urls = ["https://alby.example/"]\n'
        'consent = { accept = "#ja", action = "accept" }\n'
        '[[site]]\nname = "Bro"\nstart_urls = ["https://bro.example/"]\n', encoding="utf-8")
    alby, bro = read_sites_file(path)
    assert alby.values["consent"] == Consent(accept="#ja", action="accept")
    assert "consent" not in bro.values
    path.write_text('[[site]]\nname = "Alby"\nstart_urls = ["https://alby.example/"]\n'
                    'consent = { accept = "#ja" }\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"site 1 \(Alby\): \[consent\] needs the CSS"):
        read_sites_file(path)
