"""Klarspråk rules (audits.plain_language): one fixture per rule, marked pass or violation.

Each ``tests/files/klarsprak/<rule>.txt`` holds pages, one a line (`` ¶ ``
separates blocks): a line starting "+ " must give the rule at least one hit,
one starting "- " none. The passive rule is also measured against the gold
part-of-speech tags of UD Swedish-Talbanken (``../shared/data/talbanken``).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from audits.klarsprak import passive
from audits.klarsprak.legal import legal_titles
from audits.klarsprak.lexicon import inflect, stiff_words
from audits.klarsprak.page import SNIPPET_CHARS, prepare, quote
from audits.model import Outcome, Source, TextBlock
from audits.plain_language import DEFAULT_OFF, RULES, check_text, is_swedish
from audits.sitetext import audit_text
from crawler.config import ConfigError, build_config, read_config_file
from tests.conftest import TALBANKEN_DEV as TALBANKEN

FILES = Path(__file__).parent / "files" / "klarsprak"


def fixture_cases() -> list[tuple[str, bool, str]]:
    """(rule id, must be reported, page) for every marked line of every fixture."""
    cases = []
    for path in sorted(FILES.glob("*.txt")):
        rule_id = f"klarsprak-{path.stem}"
        if rule_id not in RULES:
            continue  # a page fixture, not a rule fixture
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("+ ", "- ")):
                cases.append((rule_id, line[0] == "+", line[2:]))
    return cases


@pytest.mark.parametrize(
    ("rule_id", "expected", "page"),
    fixture_cases(),
    ids=lambda value: value[:50] if isinstance(value, str) else str(value),
)
def test_rule_fixture(rule_id: str, expected: bool, page: str) -> None:
    hits = RULES[rule_id].evaluate(prepare(page.split(" ¶ ")))
    assert bool(hits) is expected, [h.message for h in hits]


def test_every_rule_has_a_fixture_with_both_kinds_of_lines() -> None:
    kinds = {(rule_id, expected) for rule_id, expected, _ in fixture_cases()}
    for rule_id in RULES:
        assert (rule_id, True) in kinds, rule_id
        assert (rule_id, False) in kinds, rule_id


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda r: r.id)
def test_rule_metadata_is_complete_and_swedish(rule) -> None:
    assert rule.id.startswith("klarsprak-")
    assert rule.impact in ("minor", "moderate", "serious")
    assert {"klarsprak", "sprakla-11"} <= set(rule.tags)
    for text in (rule.help, rule.explanation, rule.suggestion):
        assert text.strip()
    # Swedish texts: written with å, ä or ö somewhere, and no English filler.
    swedish = rule.help + rule.explanation + rule.suggestion
    assert any(char in swedish for char in "åäöÅÄÖ"), rule.id
    info = rule.info()
    assert info.source is Source.KLARSYN
    assert info.description == f"{rule.explanation} {rule.suggestion}"
    assert info.tags == rule.tags


@pytest.mark.parametrize(
    "sentence",
    [
        "Det finns lediga platser.",
        "Vi hoppas att du trivs.",
        "Hon lyckas alltid.",
        "Barnen trivs här.",
        "Andas lugnt.",
        "Jag minns dagen.",
        "Han låtsas sova.",
        "Barnet kräks ofta.",
        "Gruppen träffas varje tisdag.",
        "Kommunens beslut gäller.",
        "Barnets behov går först.",
    ],
)
def test_deponents_and_genitives_are_not_passives(sentence: str) -> None:
    assert RULES["klarsprak-passive"].evaluate(prepare([sentence])) == ()


@pytest.mark.parametrize(
    ("sentence", "phrase", "active"),
    [
        ("Ansökan ska skickas in senast i maj.", "ska skickas in", "ska skicka in"),
        ("Beslutet fattades i juni.", "fattades", "fattade"),
        ("Blanketten har skickats till dig.", "har skickats", "har skickat"),
        ("Avgiften tas ut varje månad.", "tas ut", "tar ut"),
        ("Reglerna sätts av nämnden.", "sätts", "sätter"),
        ("Huset byggdes 1920.", "byggdes", "byggde"),
        ("Taxan ses över varje år.", "ses över", "ser över"),
        ("Beslutet har godkänts.", "har godkänts", "har godkänt"),
        ("Kan ansökan skickas digitalt?", "Kan ansökan skickas", "kan skicka ansökan"),
        ("Därför kommer fler att påverkas.", "kommer fler att påverkas", "kommer att påverka fler"),
        ("Regler som fastställts gäller.", "fastställts", "har fastställt"),
        ("Vattnet stängs av på Storgatan.", "stängs av", "stänger av"),
        ("Sedan sätts avgiften ned.", "sätts avgiften ned", "sätter ned avgiften"),
    ],
)
def test_passive_quotes_the_verb_phrase_and_its_active_form(
    sentence: str, phrase: str, active: str
) -> None:
    s = prepare([sentence]).sentences[0]
    found = passive.find_passive(s.words, [w.lower() for w in s.words])
    assert found is not None
    assert (found.phrase, found.active) == (phrase, active)


def test_passive_is_reported_once_a_sentence() -> None:
    hits = RULES["klarsprak-passive"].evaluate(
        prepare(["Ansökan skickas in och beslutet fattas av nämnden."])
    )
    assert len(hits) == 1
    assert "'skickas in'" in hits[0].message


@pytest.mark.skipif(not TALBANKEN.exists(), reason="shared/data/talbanken is not beside the repo")
def test_passive_precision_on_talbanken_gold() -> None:
    """Against the gold tags (Voice=Pass): high precision, no genitive ever taken for a verb."""
    tp = fp = fn = genitives_flagged = 0
    for sentence in TALBANKEN.read_text(encoding="utf-8").split("\n\n"):
        rows = [line.split("\t") for line in sentence.splitlines() if line[:1].isdigit()]
        rows = [r for r in rows if "-" not in r[0] and r[3] != "PUNCT"]
        words = [r[1] for r in rows]
        lowered = [w.lower() for w in words]
        for i, row in enumerate(rows):
            if not lowered[i].endswith("s"):
                continue
            predicted = passive.passive_at(words, lowered, i) is not None
            gold = "Voice=Pass" in row[5]
            tp += predicted and gold
            fp += predicted and not gold
            fn += gold and not predicted
            genitives_flagged += predicted and "Case=Gen" in row[5]
    assert genitives_flagged == 0
    # Measured 0.989 (93 of 94) and 0.838 (93 of 111); before issue 12's rebuild 0.979
    # (92 of 94) and 0.829. The false positive: "väljer (tvingas in i)", tagged active in
    # the gold. Misses by choice, passive in form but with no doer to name: behövs, saknas,
    # föds, utgörs, krävs, väntas, "utsättas för" (stative), utvecklas (anticausative),
    # "kallas för" (definitional); the others are rare verbs (uppluckras, anförtros, sugs,
    # åtföljs).
    assert tp / (tp + fp) >= 0.97
    assert tp / (tp + fn) >= 0.83


def test_word_list_has_100_entries_each_with_an_alternative() -> None:
    entries = stiff_words()
    assert len(entries) >= 100
    for entry in entries.values():
        assert entry.alternatives, entry.word
        assert all(entry.alternatives), entry.word
        assert entry.word not in entry.alternatives
        assert entry.word in entry.forms


def test_word_list_forms_do_not_collide() -> None:
    owners: dict[str, str] = {}
    for entry in stiff_words().values():
        for form in entry.forms:
            assert owners.setdefault(form, entry.word) == entry.word, form


def test_verbs_in_the_word_list_are_inflected() -> None:
    assert {"erhåller", "erhöll", "erhållit", "erhålls"} <= stiff_words()["erhålla"].forms
    assert {"nyttjar", "nyttjade", "nyttjat", "nyttjas"} <= inflect("nyttja")
    assert {"erforderliga", "erforderligt"} <= inflect("erforderlig")
    hits = RULES["klarsprak-stiff-word"].evaluate(prepare(["Du erhöll beslutet."]))
    assert hits[0].message.startswith("Skriv 'få' i stället för 'erhålla' (här 'erhöll').")


def test_stiff_word_reported_once_a_page_with_its_count() -> None:
    hits = RULES["klarsprak-stiff-word"].evaluate(
        prepare(["Du ska erhålla pass.", "Du kan erhålla karta."])
    )
    assert len(hits) == 1
    assert "Det står 2 gånger på sidan." in hits[0].message


def test_rare_words_are_capped() -> None:
    rare = "exekutionstitel prekludera tomträttsavgäld avstyckning exspektans"
    page = [f"Ordet {word} är svårt." for word in rare.split()] * 2
    page += ["Vi skriver om exekutionstitlar och fideikommissarier i dag."]
    hits = RULES["klarsprak-rare-word"].evaluate(prepare(page))
    assert len(hits) <= 5


@pytest.mark.parametrize("lang", ["en", "en-GB", "fi", "de", "nb", "sw"])
def test_non_swedish_text_gives_no_findings(lang: str) -> None:
    assert check_text(["Ansökan ska inkomma senast den 1 maj."], lang=lang, min_words=0) == ()


@pytest.mark.parametrize("lang", ["sv", "sv-SE", "SV_se", "sv-FI", "", " sv "])
def test_swedish_and_undeclared_language_are_checked(lang: str) -> None:
    assert is_swedish(lang)
    assert check_text(["Ansökan ska inkomma senast den 1 maj."], lang=lang, min_words=0)


def test_whole_page_rules_need_min_words() -> None:
    short = ["Du kan söka insatser enligt LSS."]
    assert not any(f.rule == "klarsprak-abbreviation" for f in check_text(short))
    found = check_text(short, min_words=0)
    assert [f.rule for f in found] == ["klarsprak-abbreviation"]


def test_decomposed_characters_are_normalised() -> None:
    text = unicodedata.normalize("NFD", "Avgiften ska erläggas i förskott. Vi använder BUF.")
    rules = {f.rule for f in check_text([text], min_words=0)}
    assert {"klarsprak-stiff-word", "klarsprak-abbreviation"} <= rules


def test_nothing_is_found_inside_urls_or_email_addresses() -> None:
    page = [
        "Läs mer på https://www.vanersborg.se/erhalla/LSS-BOENDE/samt och "
        "www.erhålla.se eller mejla SAMT.ERHÅLLA@vanersborg.se eller BUF@kommun.se."
    ]
    assert check_text(page, min_words=0) == ()


def test_hyphenated_compounds_are_one_word() -> None:
    page = ["Du söker plats i vår e-tjänst.", "LSS-boendet ligger i centrum."]
    rules = [f.rule for f in check_text(page, min_words=0)]
    assert rules == ["klarsprak-abbreviation"]  # "LSS" in "LSS-boendet", nothing else


def test_snippets_are_quoted_and_short() -> None:
    long_block = " ".join(["Ansökan ska inkomma till nämnden"] + ["och sedan"] * 80) + "."
    findings = check_text([long_block], min_words=0)
    assert findings
    for finding in findings:
        assert 0 < len(finding.snippet) <= SNIPPET_CHARS
    assert quote("kort text") == "kort text"
    window = quote("a " * 200 + "nyckelord " + "b " * 200, "nyckelord")
    assert "nyckelord" in window
    assert len(window) <= SNIPPET_CHARS


def test_realistic_municipal_page() -> None:
    blocks = (FILES / "bostadsanpassning.txt").read_text(encoding="utf-8").splitlines()
    findings = check_text(blocks, off=("klarsprak-rare-word",))
    by_rule: dict[str, list[str]] = {}
    for f in findings:
        assert f.source is Source.KLARSYN
        assert f.outcome is Outcome.VIOLATION
        assert f.selector == ""
        assert f.best_practice
        assert f.impact in ("minor", "moderate", "serious")
        assert f.message
        assert f.snippet
        by_rule.setdefault(f.rule, []).append(f.message)
    assert set(by_rule) == {
        "klarsprak-long-sentence",  # "Ansökan ska inkomma …" (35 words)
        "klarsprak-passive",  # handläggs, fattas, kan överklagas
        "klarsprak-nominalisation",  # "gör en bedömning av"
        "klarsprak-stiff-word",  # erhålla, inkomma, i enlighet med
        "klarsprak-abbreviation",  # BAB, never explained
        "klarsprak-capitals",  # "VIKTIGT ATT TÄNKA PÅ"
    }
    stiff = " ".join(by_rule["klarsprak-stiff-word"])
    for word in ("'erhålla'", "'inkomma'", "'i enlighet med'"):
        assert word in stiff
    assert any("'BAB'" in m for m in by_rule["klarsprak-abbreviation"])
    assert len(by_rule["klarsprak-abbreviation"]) == 1  # t.ex. and kl. are common
    assert 3 <= len(by_rule["klarsprak-passive"]) <= 5
    assert "Viktigt att tänka på" in by_rule["klarsprak-capitals"][0]


# --- Swedish text only ------------------------------------------------------------------

SWEDISH_PASSIVES = (
    "Ansökan om bygglov ska inlämnas till kommunen senast den 1 mars. "
    "Beslut fattas av nämnden efter att handlingarna har granskats."
)
FOREIGN_PASSAGES = {
    "en": "The council encouraged residents to apply for the new housing grant before the end "
    "of the decade, and the applications are processed by the planning office.",
    "fi": "Kunta tarjoaa asukkaille neuvontaa ja tukea asumiseen liittyvissä asioissa, ja "
    "hakemukset käsitellään rakennusvalvonnassa kahden viikon kuluessa siitä, kun kaikki "
    "tarvittavat liitteet ja selvitykset on toimitettu kunnan kirjaamoon sähköisesti tai postitse.",
    "ar": "تقدم البلدية للسكان المشورة والدعم في مسائل السكن، وتتم معالجة الطلبات خلال أسبوعين من "
    "تاريخ استلامها بعد أن يتم تقديم جميع المرفقات والمستندات المطلوبة إلى مكتب التسجيل في "
    "البلدية إلكترونيا أو عن طريق البريد العادي في أقرب وقت ممكن.",
}


@pytest.mark.parametrize("code", sorted(FOREIGN_PASSAGES))
def test_a_foreign_passage_on_a_swedish_page_gets_no_klarsprak_flag(code: str) -> None:
    passage = FOREIGN_PASSAGES[code]
    alone = check_text([passage], lang="sv", min_words=5)
    # A page of the passage alone is not Swedish: nothing to say about it.
    assert alone == ()
    findings = check_text([SWEDISH_PASSIVES, passage], lang="sv", min_words=5)
    quoted = [
        f
        for f in findings
        if passage[:20] in f.snippet
        or any(word in f.message for word in passage.split()[:12] if len(word) > 4)
    ]
    assert quoted == []
    # The Swedish text beside it is still checked.
    assert [f.rule for f in findings].count("klarsprak-passive") == 2


def test_the_foreign_passages_gave_flags_before_the_language_gate() -> None:
    """The passages are long and odd enough to be flagged as if they were Swedish: so the
    test above shows the gate, not passages no rule would ever touch."""
    for passage in FOREIGN_PASSAGES.values():
        page = prepare([passage])
        hits = [hit for rule in RULES.values() for hit in rule.evaluate(page)]
        assert hits, passage[:30]


def test_an_english_page_declared_swedish_gets_no_klarsprak_flag() -> None:
    speech = [
        "Thank you all for coming here today to discuss the future of our region.",
        FOREIGN_PASSAGES["en"],
        "We encouraged every municipality to publish its plans openly and in good time, "
        "because people deserve to know what is decided on their behalf.",
    ]
    assert check_text(speech, lang="sv", min_words=5) == ()


# --- abbreviations and capitals ---------------------------------------------------------


def _rule_messages(text: str, rule: str) -> list[str]:
    return [f.message for f in check_text([text], lang="sv", min_words=1) if f.rule == rule]


@pytest.mark.parametrize(
    ("text", "written_out"),
    [
        ("Bostadstillägget kan bl.a. sökas av pensionärer i kommunen.", "bland annat"),
        ("Det s.k. bostadstillägget söks hos Pensionsmyndigheten.", "så kallad"),
        ("Du kan söka stöd, dvs. pengar, hos kommunen varje år.", "det vill säga"),
        ("Taxan gäller fr.o.m. den 1 januari för alla hushåll.", "från och med"),
        ("Avgiften gäller t.o.m. den 31 december i år.", "till och med"),
        ("Skolor, förskolor m.fl. verksamheter får nya regler.", "med flera"),
    ],
)
def test_the_abbreviations_a_language_review_missed_are_written_out(
    text: str, written_out: str
) -> None:
    assert any(f"'{written_out}'" in m for m in _rule_messages(text, "klarsprak-abbreviation"))


def test_common_abbreviations_stay_accepted() -> None:
    text = "Mottagningen har öppet t.ex. på lördagar kl. 10 och tar ca 20 minuter."
    assert _rule_messages(text, "klarsprak-abbreviation") == []


def test_an_acronym_after_the_noun_it_names_is_explained() -> None:
    assert (
        _rule_messages(
            "Enligt nyhetsbyrån TT bygger kommunen en ny skola.", "klarsprak-abbreviation"
        )
        == []
    )
    # After a verb or a function word it is not: "kan", "med" say nothing of what it is.
    assert _rule_messages("Kommunen samarbetar med MSB om krisberedskap.", "klarsprak-abbreviation")


@pytest.mark.parametrize(
    "title", ["Läs mer om SKOLSKJUTS OCH RESOR här.", "ANSÖKAN OCH BESLUT OM BYGGLOV"]
)
def test_an_ordinary_word_in_capitals_is_not_an_abbreviation(title: str) -> None:
    assert _rule_messages(title, "klarsprak-abbreviation") == []
    # It is the capitals rule's, which writes the run in sentence case.
    assert _rule_messages(title, "klarsprak-capitals")


def test_acronyms_spelled_letter_by_letter_are_never_lower_cased() -> None:
    assert (
        _rule_messages("Sverige har ratificerat UNCRPD för länge sedan.", "klarsprak-capitals")
        == []
    )
    advice = _rule_messages("VIKTIGT OM UNCRPD OCH TT", "klarsprak-capitals")
    assert advice
    assert "'Viktigt om UNCRPD och TT'" in advice[0]


# --- structure before rules -------------------------------------------------------------

PROSE = TextBlock("p", "Du kan söka bygglov hos oss, och vi svarar inom fyra veckor.")


def test_a_short_table_cell_is_data_not_prose() -> None:
    cells = [
        TextBlock("th", "VIKTIG INFORMATION"),
        TextBlock("td", "Erhålles avseende nybyggnation"),
    ]
    readability, flags = audit_text([PROSE, *cells], "sv", 5)
    assert flags == ()
    assert readability.words == 17  # readability still counts the cells' words
    # The same words as a paragraph are prose, and flagged.
    as_prose = [TextBlock("p", cell.text) for cell in cells]
    _, flags = audit_text([PROSE, *as_prose], "sv", 5)
    assert {f.rule for f in flags} == {"klarsprak-stiff-word", "klarsprak-capitals"}


def test_a_long_table_cell_is_prose() -> None:
    cell = TextBlock(
        "td",
        "Ansökan ska inlämnas senast den 1 mars, och avgiften erläggs i samband med att "
        "beslutet meddelas av nämnden.",
    )
    _, flags = audit_text([PROSE, cell], "sv", 5)
    assert "klarsprak-stiff-word" in {f.rule for f in flags}


def test_form_placeholders_are_not_capitals_or_abbreviations() -> None:
    text = "Skriv datumet som ÅÅÅÅ-MM-DD och personnumret som ÅÅMMDD-XXXX i fältet."
    assert check_text([text], lang="sv", min_words=1) == ()


def test_leftover_markup_is_not_words() -> None:
    text = "Välj <input checked> om du vill ha beslutet med e-post eller <br/> vanlig post."
    findings = check_text([text], lang="sv", min_words=1)
    assert findings == ()
    # Without the markup the sentence is the same: "checked" was the rare word.
    with_word = check_text(
        [text.replace("<input checked>", "checked")], lang="sv", min_words=1, off=()
    )
    assert [f.rule for f in with_word] == ["klarsprak-rare-word"]


RARE = "Vi hanterar ärendet enligt den fastställda processen för tvåstegsverifikationsmoduler."


def test_the_rare_word_rule_is_off_unless_switched_on() -> None:
    # Off by default: its measured precision on the reviewed sample was too low
    # (bench/bench_klarsprak.py --all-rules), as was the nominalisation rule's.
    assert {"klarsprak-rare-word", "klarsprak-nominalisation"} == DEFAULT_OFF
    assert check_text([RARE], min_words=1) == ()
    switched_on = check_text([RARE], min_words=1, off=())
    assert [f.rule for f in switched_on] == ["klarsprak-rare-word"]
    assert check_text([RARE], min_words=1, off=("klarsprak-rare-word",)) == ()


def test_klarsprak_off_is_a_setting_that_names_rules(tmp_path: Path) -> None:
    def config(line: str):
        path = tmp_path / "klarsyn.toml"
        path.write_text(f"[audit]\n{line}\n", encoding="utf-8")
        return build_config(read_config_file(path), {})

    assert build_config({}, {}).klarsprak_off == (
        "klarsprak-nominalisation",
        "klarsprak-rare-word",
    )
    assert config("klarsprak_off = []").klarsprak_off == ()
    with pytest.raises(ConfigError, match="'klarsprak_off' names no klarspråk rule: rare"):
        config('klarsprak_off = ["rare"]')


# --- passive with a named agent ---------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "active", "passive"),
    [
        ("Verksamheten styrs av lagar och förordningar som riksdagen har beslutat.",
         "lagar och förordningar styr", "styrs av lagar och förordningar"),
        ("Bidraget administreras av Statens kulturråd.",
         "Statens kulturråd administrerar", "administreras av Statens kulturråd"),
        ("Beslut fattas av nämnden efter att handlingarna har granskats.",
         "nämnden fattar", "fattas av nämnden"),
        ("Ansökan ska lämnas in av den sökande senast i mars.",
         "den sökande ska lämna in", "ska lämnas in av den sökande"),
        ("Avgiften betalas av dem som bor i huset.", "de betalar", "betalas av dem"),
        ("Brevet skickas av oss inom en vecka.", "vi skickar", "skickas av oss"),
        ("Skolan påverkas av vädret i vinter.", "vädret påverkar", "påverkas av vädret"),
        ("Protokollet justeras av ordföranden och en ledamot.",
         "ordföranden och en ledamot justerar", "justeras av ordföranden och en ledamot"),
    ],
)  # fmt: skip
def test_a_named_agent_becomes_the_subject_not_vi_or_du(
    sentence: str, active: str, passive: str
) -> None:
    advice = [f.message for f in check_text([sentence], lang="sv", min_words=1)
              if f.rule == "klarsprak-passive"]  # fmt: skip
    assert advice == [
        f"Skriv i aktiv form med den som gör det först: '{active}' i stället för '{passive}'."
    ]


def test_avser_is_advised_by_its_sense() -> None:
    def advice(text: str) -> list[str]:
        return [f.message for f in check_text([text], lang="sv", min_words=1)
                if f.rule == "klarsprak-stiff-word"]  # fmt: skip

    # "avser att" is to intend: "tänker", never "gäller att".
    intends = advice("Kommunen avser att bygga en ny skola i Norrby.")
    assert len(intends) == 1
    assert intends[0].startswith("Skriv 'tänka' i stället för 'avse att'")
    # "avser" with an object is to concern: "gäller".
    concerns = advice("Beslutet avser bygglov för ett nytt garage.")
    assert len(concerns) == 1
    assert concerns[0].startswith("Skriv 'gälla' i stället för 'avse'")


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        # "respektive" after a preposition is "varje"; alone it is precise and not flagged.
        ("Listorna sammanställs av respektive delegat.",
         "Skriv 'av varje' i stället för 'av respektive'."),
        # A document is "aktualiserat" when it is reviewed, not raised.
        ("Styrdokumenten ska aktualiseras årligen.",
         "Skriv 'se över' i stället för 'aktualisera' (här 'aktualiseras')."),
        ("Erbjudandet skall besvaras inom 14 dagar.", "Skriv 'ska' i stället för 'skall'."),
        ("Kommunen eftersträvar korta handläggningstider.",
         "Skriv 'sträva efter' i stället för 'eftersträva' (här 'eftersträvar')."),
        # "i tillämpliga fall" is a phrase of its own: "i som gäller fall" is no Swedish.
        ("Kommunen ställer i tillämpliga fall krav på arbetsvillkor.",
         "Skriv 'när det behövs' i stället för 'i tillämpliga fall'."),
        ("Samtliga inkomster beaktas.",
         "Skriv 'ta hänsyn till' i stället för 'beakta' (här 'beaktas')."),
    ],
)  # fmt: skip
def test_stiff_word_advice_fits_the_sense(text: str, starts: str) -> None:
    advice = [f.message for f in check_text([text], lang="sv", min_words=1)
              if f.rule == "klarsprak-stiff-word"]  # fmt: skip
    assert any(message.startswith(starts) for message in advice), advice


@pytest.mark.parametrize(
    "text",
    [
        "Avgiften är 100 respektive 200 kronor.",
        "Ta med legitimation samt personbevis.",
        "Tomten ligger lågt i förhållande till gatan.",
    ],
)
def test_precise_or_neutral_words_are_not_stiff(text: str) -> None:
    assert [f for f in check_text([text], min_words=1) if f.rule == "klarsprak-stiff-word"] == []


# --- quoted legal titles ------------------------------------------------------------------

GDPR = (
    "Vi behandlar uppgifterna enligt Europaparlamentets och rådets förordning (EU) 2016/679 av "
    "den 27 april 2016 om skydd för fysiska personer med avseende på behandling av "
    "personuppgifter och om det fria flödet av sådana uppgifter och om upphävande av direktiv "
    "95/46/EG (allmän dataskyddsförordning)."
)
LSS = (
    "Du kan få stöd enligt lagen (1993:387) om stöd och service till vissa funktionshindrade "
    "om du har en varaktig funktionsnedsättning som ger stora svårigheter i det dagliga livet "
    "och i ditt arbete."
)


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        (GDPR, "Europaparlamentets och rådets förordning (EU) 2016/679 av den 27 april 2016 om "
         "skydd för fysiska personer med avseende på behandling av personuppgifter och om det "
         "fria flödet av sådana uppgifter och om upphävande av direktiv 95/46/EG"),
        (LSS, "lagen (1993:387) om stöd och service till vissa funktionshindrade"),
        ("Enligt förordningen (2001:526) om de statliga myndigheternas ansvar för genomförandet "
         "av EU:s förordningar som tillämpas här.", "förordningen (2001:526) om de statliga "
         "myndigheternas ansvar för genomförandet av EU:s förordningar"),
        ("Vi följer lagen (2018:1937) om tillgänglighet till digital offentlig service, och vi "
         "rättar fel.", "lagen (2018:1937) om tillgänglighet till digital offentlig service"),
    ],
)  # fmt: skip
def test_a_quoted_legal_title_is_found_up_to_where_the_sentence_goes_on(
    sentence: str, title: str
) -> None:
    assert legal_titles(sentence) == [title]


def test_a_sentence_long_only_by_a_legal_title_is_reported_at_lower_priority() -> None:
    (gdpr,) = check_text([GDPR], min_words=1)
    assert (gdpr.rule, gdpr.impact) == ("klarsprak-long-sentence", "minor")
    assert gdpr.message.startswith("Meningen har 39 ord, men 33 av dem är titeln")
    (lss,) = check_text([LSS], min_words=1)
    assert (lss.rule, lss.impact) == ("klarsprak-long-sentence", "minor")
    # Long without its title too: reported as any long sentence.
    longer = LSS.replace("arbete.", "arbete, och om du behöver hjälp med att sköta ditt hem, "
                         "handla mat och ta dig till och från jobbet varje dag.")  # fmt: skip
    (long,) = check_text([longer], min_words=1)
    assert long.impact == "serious"


def test_words_of_a_legal_title_are_not_the_pages_words() -> None:
    # "med avseende på" is a stiff phrase, and "behandling" a verb-noun, but in the
    # GDPR's title they are the legislator's words: only the sentence's length is reported.
    assert [f.rule for f in check_text([GDPR], min_words=1)] == ["klarsprak-long-sentence"]
    mine = "Vi frågar med avseende på din ansökan."
    assert [f.rule for f in check_text([mine], min_words=1)] == ["klarsprak-stiff-word"]
