"""``--lang en``: the HTML report in English, with the page's own text as it was.

The report's words are Swedish in the templates and the view builders and English in the
catalogues (reports/locale/en/*.json). These tests render hand-built reports with every
section and the demo site's real run in English and require: no entry missing from the
catalogues, ``<html lang="en">``, none of the Swedish UI words left, page-derived text
unchanged, numbers with a decimal point, the rules' English texts, and zero axe-core
violations. The catalogues are checked on their own too: every word the templates mark
has an entry, and each translation keeps its source's placeholders and markup.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from markupsafe import escape

from audits.axe import english_rule_texts
from audits.exceptions import expired
from audits.plain_language import RULES as PLAIN_RULES
from audits.policy import RULES as POLICY_RULES
from audits.targets import DEFAULT_AUDIENCES
from reports.history import diff_runs, previous_run
from reports.i18n import LOCALE, catalogue, translator
from reports.reporters.files import write_reports
from reports.reporters.templating import TEMPLATES, environment
from reports.ruletexts import RuleTexts
from reports.store import Store
from reports.trends import trend_points
from reports.view import build_view
from tests import test_report_readability as readability
from tests import test_reports as basic
from tests import test_reports_followup as followup
from tests import test_scorecard as scorecard
from tests.conftest import REPO, DemoAudit
from tests.htmlfiles import read_all, render_all
from tests.test_reports import NEEDS_AXE, axe_violations

#: Words of the Swedish report's own text (headings, labels, sentences) that must not be
#: left in an English report. None of them is in the fixtures' page-derived text once
#: that is taken out (see ``ui_text``); the Swedish report has them all (a test says so).
SWEDISH_UI = (
    "Sammanfattning", "Täckning", "Metod", "Regler", "Förekomster", "Allvarlighetsgrad",
    "granskad", "granskade", "Granskade", "sidor", "Sidor", "Åtgärda", "Åtgärdade", "Väljare",
    "Exempel", "varav", "Läsbarhet", "Klarspråk", "mallfel", "Mallfel", "ingen ägare",
    "nivå", "Ansvarig", "Målgrupp", "Hittade adresser", "kunde inte", "fel mot WCAG",
    "Fel mot WCAG", "Bästa praxis", "Att granska", "anmärkning", "Anmärkning", "Inga ",
    "Visa ", " av ", " och ", " på ", "Kommunikationspolicyn", "Hoppa till",
)  # fmt: skip
_WORD = re.compile("|".join(rf"(?<![\w-]){re.escape(w.strip())}(?![\w-])" for w in SWEDISH_UI))
#: Markup whose content comes from the crawled pages, the run's settings or the stored
#: findings: quoted text (blockquote), code and snippets, URLs, text marked lang="sv",
#: page titles, config names (owners, audiences, sections), the <title> and site name.
_PAGE_DERIVED = re.compile(
    r"<(style|script|pre|code|blockquote|title)\b.*?</\1>"
    r"|<span lang=\"sv\">.*?</span>|<div class=\"block-text\"[^>]*>.*?</div>"
    r"|<(?:span|a|td|th) class=\"(?:url|title)[^\"]*\"[^>]*>.*?</(?:span|a|td|th)>",
    re.S,
)


#: A Swedish example quoted in an English rule text ('erhålla', 'lagen om stöd och …').
_QUOTED = re.compile(r"(?<!\w)'[^'<>\n]+'(?!\w)")


def ui_text(page: str) -> str:
    """The report's own visible text: markup, styles and page-derived content removed,
    and the Swedish examples the rules' texts quote."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", _PAGE_DERIVED.sub(" ", page)))
    return _QUOTED.sub(" ", text)


def swedish_left(page: str, names: tuple[str, ...] = ()) -> list[str]:
    """The Swedish UI words in ``page``'s own text (``names``: config and page names that
    are data, e.g. an owner "Barn- och utbildningsnämnden", taken out first)."""
    text = ui_text(page)
    for name in names:
        text = text.replace(name, " ")
    return sorted({m.group(0) for m in _WORD.finditer(text)})


def english(render: Callable[..., str]) -> tuple[str, set[str]]:
    """``render(words)`` with a fresh English translator: the HTML and what it missed."""
    words = translator("en")
    page = render(words)
    return page, set(words.missing)


def _followup_store(tmp: Path) -> Store:
    store = Store(tmp / "klarsyn.sqlite")
    page, f = followup._page, followup
    followup._run(
        store,
        1,
        [
            page("/", f.FOOTER),
            page("/bygga/", f.FOOTER, f.ALT),
            page("/skola/", f.FOOTER),
            page("/om/", f.FOOTER, f.CONTRAST),
        ],
    )
    followup._run(
        store,
        2,
        [
            page("/", f.FOOTER),
            page("/bygga/", f.FOOTER, f.ALT),
            page("/skola/", f.FOOTER),
            page("/om/", f.FOOTER, f.CONTRAST),
        ],
    )
    followup._run(store, 3, [page("/", f.FOOTER), page("/bygga/", f.FOOTER),
                             page("/skola/", f.FOOTER, f.LABEL, f.BUTTON),
                             page("/om/", status=f.PageStatus.FAILED)])  # fmt: skip
    return store


@pytest.fixture(scope="module")
def every_section(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A store of three runs: diff, trends, template faults, accepted and expired
    exceptions, a failed page, owners: every follow-up section of the report."""
    store = _followup_store(tmp_path_factory.mktemp("english"))
    accepted, remaining, exceptions = followup._accepted(store, "label")
    return {
        "run": store.load_run(3), "pages": remaining, "rules": store.load_rules(3),
        "diff": diff_runs(store, previous_run(store, 3), 3),
        "history": trend_points(store, until=3), "accepted": accepted,
        "expired": expired(exceptions, followup.TODAY),
    }  # fmt: skip


def _follow(parts: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in parts.items() if k not in ("run", "pages", "rules")}


#: Names from the run's settings (owners, the default audiences): configuration data, shown
#: as configured in every language.
OWNERS = (
    followup.SBN,
    followup.BUN,
    *(o["name"] for o in scorecard.SETTINGS["owners"]),
    *(a.name for a in DEFAULT_AUDIENCES),
)


def test_every_section_renders_in_english_with_nothing_missing(
    every_section: dict[str, object],
) -> None:
    parts = every_section
    page, missing = english(
        lambda words: render_all(
            build_view(parts["run"], parts["pages"], parts["rules"], words=words, **_follow(parts)),
            words,
        )
    )
    assert missing == set()
    assert '<html lang="en">' in page
    for heading in (
        "Changes since the previous audit",
        "Summary",
        "Trends over time",
        "Communication policy",
        "Rules",
        "Accepted exceptions",
        "Readability and plain language",
        "Pages",
        "Coverage",
        "Method",
    ):
        assert f">{heading}</h2>" in page, heading
    assert "Template faults – faults in the page template (1)" in page
    assert "expired – the fault counts again" in page
    assert swedish_left(page, OWNERS) == []
    # The accepted exception's reason and who decided are the user's words, as given.
    assert "Leverantören byter sidfot i &lt;juni&gt;" in page


@pytest.mark.parametrize("owner", [None, scorecard.SETTINGS["owners"][0]["name"]])
def test_scorecards_hostile_pages_and_readability_render_in_english(owner: str | None) -> None:
    for data in (basic, scorecard, readability):
        if owner and data is not scorecard:
            continue
        page, missing = english(
            lambda words, d=data: render_all(
                build_view(d.RUN, d.PAGES, d.RULES, owner=owner, words=words), words
            )
        )
        assert missing == set(), data.__name__
        assert swedish_left(page, OWNERS) == [], data.__name__
        assert '<html lang="en">' in page


def test_the_swedish_report_still_has_every_swedish_word_the_test_looks_for(
    every_section: dict[str, object],
) -> None:
    parts = every_section
    page = render_all(build_view(parts["run"], parts["pages"], parts["rules"],
                                  **_follow(parts)))  # fmt: skip
    assert '<html lang="sv">' in page
    found = set(swedish_left(page, OWNERS))
    assert found >= {"Sammanfattning", "Täckning", "Metod", "Förekomster", "Väljare",
                     "granskade", "sidor", "mallfel", "Åtgärdade", "Inga"}  # fmt: skip


def test_page_derived_text_stays_as_it_was_and_numbers_get_a_decimal_point() -> None:
    words = translator("en")
    page = render_all(build_view(readability.RUN, readability.PAGES, readability.RULES,
                                  words=words), words)  # fmt: skip
    swedish = render_all(build_view(readability.RUN, readability.PAGES, readability.RULES))
    for text in ("Protokoll", "Kontakta oss på telefon 0521-72 10 00."):
        assert text in page
        assert text in swedish
    # LIX 52.0 in English, 52,0 in Swedish; a stored message is shown as audited, marked
    # as Swedish for assistive technology.
    assert ">52.0<" in page
    assert ">52,0<" in swedish
    assert f'<span lang="sv">{escape(readability.NYTTJA)}</span>' in page
    # The page headers of the printed report: site, date and "page N of M" in English.
    assert 'content: "audited 2026-' in page
    assert '" of " counter(pages)' in page


def test_rule_texts_come_from_the_rules_english_metadata() -> None:
    axe = english_rule_texts()
    assert axe["image-alt"][0] == "Images must have alternative text"
    stored = {r.id: r for r in followup.RULES}
    texts = RuleTexts(stored, "en")
    assert texts.help("image-alt") == axe["image-alt"][0]
    assert RuleTexts(stored).help("image-alt") == "Bilder måste ha alternativtext"
    for rule in (*POLICY_RULES.values(), *PLAIN_RULES.values()):
        info = texts.info(rule.id, rule.info().source)
        assert info.help != rule.info().help, rule.id  # every own rule has English help
        assert not _WORD.search(info.help), (rule.id, info.help)


def test_every_marked_word_has_an_english_entry_with_its_placeholders_and_markup() -> None:
    entries = catalogue("en")
    env = environment()
    marked: dict[str, bool] = {}  # msgid -> is a plural
    for template in TEMPLATES.glob("*.j2"):
        source = template.read_text(encoding="utf-8")
        for _, func, message in env.extract_translations(source):
            first = message if isinstance(message, str) else message[0]
            if first is not None:
                marked[first] = func == "ngettext" or marked.get(first, False)
        for match in re.finditer(r'plural\([^"]*?, "([^"]+)", "[^"]+"\)', source):
            marked[match.group(1)] = True
    missing = sorted(m for m in marked if m not in entries)
    assert missing == []
    not_plural = sorted(m for m, plural in marked.items()
                        if plural and not isinstance(entries[m], list))  # fmt: skip
    assert not_plural == []
    for source, target in entries.items():
        for text in [target] if isinstance(target, str) else target:
            assert set(re.findall(r"%\(\w+\)s", text)) <= set(re.findall(r"%\(\w+\)s", source))
            assert re.findall(r"<[^>]+>", text) == re.findall(r"<[^>]+>", source), source
    assert {p.name for p in (LOCALE / "en").glob("*.json")} >= {
        "labels.json",
        "policy.json",
        "report.json",
    }
    json.loads((REPO / "audits" / "data" / "policy_en.json").read_text(encoding="utf-8"))


def _report(store: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "klarsyn", "report", str(store), "--format", "html",
         "--out", str(out), *args],
        capture_output=True, text=True, timeout=300, check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )  # fmt: skip


@pytest.mark.browser
@pytest.mark.slow
def test_the_demo_sites_report_in_english(demo_audit: DemoAudit, tmp_path: Path) -> None:
    """The real run of the demo site rendered again with --lang en, the site's report and
    an owner's: English words, the same page-derived text, and axe-core finds nothing."""
    assert demo_audit.code == 2, demo_audit.stderr
    sv = read_all(demo_audit.out)  # report.html and the page files of sidor/
    done = _report(demo_audit.store, tmp_path / "en", "--lang", "en")
    assert done.returncode == 2, done.stderr  # the gate's verdict, as for Swedish
    page = read_all(tmp_path / "en")
    assert '<html lang="en">' in page
    assert ">Summary</h2>" in page
    assert ">Coverage</h2>" in page
    names = _data_names(page)
    assert swedish_left(page, names) == []
    # Page titles and URLs are the site's, the same in both languages.
    assert set(_PAGE_TITLE.findall(page)) - {"(no title)"} == set(_PAGE_TITLE.findall(sv)) - {
        "(ingen titel)"
    }
    assert len(_PAGE_TITLE.findall(page)) > 50  # the demo's pages, in the page files
    urls = re.compile(r'<span class="url note">([^<]*)</span>')
    assert urls.findall(page) == urls.findall(sv)
    assert axe_violations(tmp_path / "en" / "report.html") == []
    owner = _report(demo_audit.store, tmp_path / "owner", "--lang", "en", "--owner",
                    "ingen ägare")  # fmt: skip
    assert owner.returncode in (0, 2), owner.stderr
    owned = read_all(tmp_path / "owner")
    assert "Accessibility and readability: no owner" in owned
    assert swedish_left(owned, names) == []
    assert axe_violations(tmp_path / "owner" / "report.html") == []


@pytest.mark.browser
@NEEDS_AXE
def test_axe_finds_no_violations_in_an_english_report_with_every_section(
    every_section: dict[str, object], tmp_path: Path
) -> None:
    parts = every_section
    report, _sidor = write_reports(parts["run"], parts["pages"], parts["rules"], tmp_path,
                                   ["html"], lang="en", **_follow(parts))  # fmt: skip
    assert axe_violations(report) == []


#: A page's title, as the page files head its detail.
_PAGE_TITLE = re.compile(r'<section class="page-detail"[^>]*>\s*<h2 id="[^"]*">([^<]*?)\s*<')


def _data_names(page: str) -> tuple[str, ...]:
    """The names in a report that are data: the pages' titles (as the pages section shows
    them; other sections link them by the same text) and the owners', audiences' and
    sections' names (configuration, as the Method section and the pages' facts list them)."""
    names = _PAGE_TITLE.findall(page)
    names += re.findall(r'<tr><th scope="row">([^<]+)</th><td class="(?:url|num)">', page)
    names += re.findall(r"<dt>(?:Section|Owner|Audience)</dt><dd>([^<(–]+)", page)
    return tuple(sorted({html.unescape(n).strip() for n in names if n.strip()}, key=len,
                        reverse=True))  # fmt: skip


def test_the_draft_check_prints_english_with_lang_en(tmp_path: Path) -> None:
    draft = tmp_path / "utkast.txt"
    draft.write_text("Ansökan ska skickas in senast den 1 maj. ERHÅLLA DOKUMENTEN.\n",
                     encoding="utf-8")  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "klarsyn", "text", str(draft), "--lang", "en"],
        capture_output=True, text=True, timeout=120, check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    out = done.stdout
    assert out.startswith("Words: 9   Sentences: 2   Long words: 4\n")
    assert "LIX: not computed (too little text)" in out
    assert "- Avoid text in capitals: ERHÅLLA DOKUMENTEN." in out  # the draft, as written
    assert "Skriv 'få' i stället för 'erhålla'." in out  # the advice quotes Swedish words
    assert not _WORD.search(out.replace("allmän information", "").split("\n\n")[0])
