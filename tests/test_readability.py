"""Swedish segmentation and LIX, checked against hand counts.

Every expected (words, sentences, long words) below was counted by hand from
the conventions in audits/readability.py; the comment beside a case says what
it is about. A long word has more than six letters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import pytest
import textstat

from audits.readability import (
    ABBREVIATIONS,
    BAND_LABELS_SV,
    FINAL_ABBREVIATIONS,
    analyse,
    is_long_word,
    letter_count,
    lix_band,
    split_sentences,
    tokenize_words,
)

NFD_TEXT = unicodedata.normalize(
    "NFD", "Välkommen till Vänersborgs återvinningscentral. Här sorterar du avfall."
)

# (blocks, words, sentences, long words)
HAND_COUNTED: dict[str, tuple[list[str], int, int, int]] = {
    # t.ex., bl.a. and m.m. before a lower-case word end nothing; kommunen is long.
    "abbreviations": (
        ["Du kan t.ex. ansöka om bidrag, bl.a. för resor, mat m.m. hos kommunen."],
        13,
        1,
        1,
    ),
    # kl. 10.30: neither the abbreviation nor the time ends a sentence; "15." does.
    "clock_times": (["Receptionen öppnar kl. 10.30 och stänger kl. 15. Välkommen!"], 7, 2, 3),
    # Numbers are not words: Ansök senast den mars.
    "deadline": (["Ansök senast den 1 mars 2026."], 4, 1, 0),
    # A heading is its own block and so its own sentence.
    "heading_then_text": (["Bygglov", "Du behöver bygglov för att bygga ett nytt hus."], 10, 2, 3),
    # Each list item is a block; "Ta med:" ends at the block, not at the colon.
    "bullet_list": (["Ta med:", "legitimation", "intyg från arbetsgivaren", "kvitto"], 7, 4, 2),
    # ISO date, dotted date and time are not words; stadshuset is long.
    "dates": (
        ["Mötet hålls 2026-11-26 kl. 18.00 i stadshuset. Nästa möte är 26.11.2027."],
        8,
        2,
        1,
    ),
    # e-tjänst is one word of 7 letters (long); e-post one of 5.
    "hyphenated": (["Använd vår e-tjänst eller skicka e-post till oss."], 8, 1, 1),
    # 2-åring has 5 letters, 20-åringar 7.
    "number_compounds": (["Varje 2-åring och alla 20-åringar får ett brev."], 8, 1, 1),
    # Glued sentences are split: klimatet | Därför.
    "glued": (["Vi arbetar för klimatet.Därför cyklar vi."], 7, 2, 2),
    # A URL, a bare host name and an e-mail address are not words.
    "links": (
        [
            "Läs mer på https://www.vanersborg.se/bygglov eller mejla bygglov@vanersborg.se. "
            "Du kan också gå till vanersborg.se."
        ],
        10,
        2,
        0,
    ),
    # Numbers are not words; kostar, kronor, timmar have exactly six letters.
    "numbers": (["Det kostar 1 500 kronor för 3 timmar."], 5, 1, 0),
    # Initials are not sentence ends, and are words.
    "initials": (["Boken är skriven av A. I. Rabin. Den handlar om barn."], 11, 2, 2),
    # A colon before a capital ends a sentence ...
    "colon_capital": (["Så här gör du: Fyll i blanketten och skicka den."], 10, 2, 1),
    # ... before a quotation too ...
    "colon_quote": (["Hon sa: 'Vi kommer i morgon.'"], 6, 2, 0),
    # ... but not before a lower-case word,
    "colon_lower": (["Ta med följande: legitimation och intyg."], 6, 1, 2),
    # nor after a name, before a title (a reference).
    "colon_reference": (["Läs boken av Kajsa Ohrlander: Kvinnor som slavar."], 8, 1, 2),
    # A semicolon never ends a sentence, not even before a capital.
    "semicolon": (["Biblioteket är stängt; Stadsbiblioteket har öppet."], 6, 1, 2),
    # List numbers add no sentence of their own.
    "list_numbers": (["1. Fyll i blanketten. 2. Skicka den."], 5, 2, 1),
    # An ordinal before a lower-case word does not end a sentence.
    "ordinal": (["Vi stänger den 3. maj och öppnar igen i juni."], 9, 1, 1),
    # Decomposed å/ä/ö count as one letter each.
    "nfd": ([NFD_TEXT], 8, 2, 4),
    # Quotes: the sentence ends at "Anna." because a quoted capital follows.
    "quotes": (['"Vi har öppet hela sommaren", säger Anna. "Välkommen!"'], 8, 2, 2),
    # "?" before a lower-case word is not a sentence end (as in Talbanken).
    "question_lower": (["Vad gäller för make - maka? föräldrar - barn?"], 7, 1, 1),
    # An enumeration's m.m. ends a sentence when a capital follows.
    "final_abbreviation": (["Vi lånar ut böcker, filmer m.m. Välkommen in!"], 8, 2, 1),
    # An abbreviation may start a sentence.
    "abbreviation_first": (["T.ex. kan du ringa oss."], 5, 1, 0),
    # An ellipsis before a capital ends a sentence; a soft hyphen joins a word.
    "ellipsis_soft_hyphen": (
        ["Vi väntar ... Sedan går vi till informations\u00adcentret."],
        7,
        2,
        1,
    ),
    # Empty blocks and punctuation-only blocks add nothing.
    "empty_blocks": (["", "   ", "–", "123", "Hej."], 1, 1, 0),
}


@pytest.mark.parametrize("case", HAND_COUNTED)
def test_hand_counted_snippets(case: str) -> None:
    blocks, words, sentences, long_words = HAND_COUNTED[case]
    result = analyse(blocks, min_words=1)
    assert (result.words, result.sentences, result.long_words) == (words, sentences, long_words)
    assert result.lix == round(words / sentences + 100 * long_words / words, 1)


def test_sentences_are_lists_of_words() -> None:
    assert split_sentences(["Ring oss kl. 8.00. Vi svarar!", "Rubrik", ""]) == [
        ["Ring", "oss", "kl."],
        ["Vi", "svarar"],
        ["Rubrik"],
    ]


def test_tokenize_words_keeps_abbreviations_and_compounds() -> None:
    assert tokenize_words("(Se t.ex. e-tjänsten, sid. 5, på www.vanersborg.se.)") == [
        "Se",
        "t.ex.",
        "e-tjänsten",
        "sid.",
        "på",
    ]


def test_text_is_nfc_normalised() -> None:
    words = tokenize_words(NFD_TEXT)
    assert words[0] == "Välkommen"
    assert all(word == unicodedata.normalize("NFC", word) for word in words)


@pytest.mark.parametrize(
    ("word", "letters", "long"),
    [
        ("bygglov", 7, True),
        ("kommun", 6, False),
        ("e-tjänst", 7, True),
        ("2-åring", 5, False),
        ("t.ex.", 3, False),
        (unicodedata.normalize("NFD", "Vänern"), 6, False),
    ],
)
def test_long_words_count_letters_only(word: str, letters: int, long: bool) -> None:
    assert letter_count(word) == letters
    assert is_long_word(word) is long


def test_abbreviation_list_is_lower_case_with_periods() -> None:
    assert len(ABBREVIATIONS) >= 40
    assert FINAL_ABBREVIATIONS <= ABBREVIATIONS
    assert all(abbr == abbr.lower() and abbr.endswith(".") for abbr in ABBREVIATIONS)


def test_file_names_and_unknown_dotted_abbreviations() -> None:
    # A file name ends a sentence; an unlisted dotted abbreviation does not.
    assert len(split_sentences(["Ladda ner blankett.pdf. Fyll i den."])) == 2
    assert len(split_sentences(["Se s.a.s. Bilaga ett."])) == 1


def test_abbreviations_are_case_insensitive() -> None:
    assert len(split_sentences(["Ring Tel. 0521-72 10 00 eller skriv."])) == 1
    assert len(split_sentences(["Öppet M.M. Välkommen."])) == 2


@pytest.mark.parametrize(
    ("lix", "band"),
    [
        (0.0, "very_easy"),
        (29.9, "very_easy"),
        (30.0, "easy"),
        (39.9, "easy"),
        (40.0, "medium"),
        (49.9, "medium"),
        (50.0, "hard"),
        (59.9, "hard"),
        (60.0, "very_hard"),
        (85.0, "very_hard"),
    ],
)
def test_band_boundaries_belong_to_the_band_above(lix: float, band: str) -> None:
    assert lix_band(lix) == band


def test_every_band_has_a_swedish_label() -> None:
    assert BAND_LABELS_SV == {
        "very_easy": "mycket lätt",
        "easy": "lätt",
        "medium": "medelsvår",
        "hard": "svår",
        "very_hard": "mycket svår",
        "too_little_text": "för lite text",
    }


def test_too_little_text_keeps_the_counts_but_gives_no_score() -> None:
    result = analyse(["Ansök om bygglov i e-tjänsten."])
    assert (result.words, result.sentences, result.long_words) == (5, 1, 2)
    assert result.lix is None
    assert result.band == "too_little_text"
    assert analyse([]).band == "too_little_text"
    assert analyse([], min_words=0).lix is None


def test_score_from_min_words_up() -> None:
    block = "Du kan söka bygglov hos kommunen."  # 6 words, 1 sentence, 2 long
    result = analyse([block] * 10, min_words=60)
    assert (result.words, result.sentences, result.long_words) == (60, 10, 20)
    assert result.lix == 39.3
    assert result.band == "easy"
    assert analyse([block] * 10, min_words=61).lix is None


# textstat: same formula, wrong Swedish counting. Each snippet's expected LIX
# comes from the hand counts; textstat's differs for the reason given.
@pytest.fixture
def textstat_sv() -> Iterator[None]:
    # textstat's language is process-wide state with no public getter.
    previous = getattr(textstat.textstat, "_textstatistics__lang", "en_US")
    textstat.set_lang("sv")
    yield
    textstat.set_lang(previous)


TEXTSTAT_DISAGREES: dict[str, tuple[str, int, int, int]] = {
    # t.ex. and kl. split textstat's sentences, and "t." / "ex." fragments are dropped.
    "abbreviations": (
        "Du kan t.ex. ansöka om bidrag hos kommunen. Kontakta oss kl. 10 på måndag.",
        13,
        2,
        2,
    ),
    # textstat counts the date and the URL as two long "words".
    "date_and_url": ("Ansök senast 2026-11-26 på https://www.vanersborg.se/ansokan.", 3, 1, 0),
    # textstat drops the two-word sentence "Ring oss.".
    "short_sentence": ("Ring oss. Vi svarar gärna på frågor om e-tjänster.", 9, 2, 1),
    # textstat glues "klimatet.Därför" into one long word.
    "glued": ("Vi arbetar för klimatet.Därför cyklar vi till jobbet.", 9, 2, 2),
    # textstat counts the e-mail address as a long word.
    "email": ("Mejla bygglov@vanersborg.se om du har frågor om bygglov.", 7, 1, 1),
}


@pytest.mark.usefixtures("textstat_sv")
@pytest.mark.parametrize("case", TEXTSTAT_DISAGREES)
def test_textstat_counts_swedish_web_text_wrong(case: str) -> None:
    text, words, sentences, long_words = TEXTSTAT_DISAGREES[case]
    hand = words / sentences + 100 * long_words / words
    ours = analyse([text], min_words=1)
    assert (ours.words, ours.sentences, ours.long_words) == (words, sentences, long_words)
    assert ours.lix == round(hand, 1)
    assert abs(textstat.lix(text) - hand) > 1.0


@pytest.mark.usefixtures("textstat_sv")
def test_textstat_agrees_on_plain_text() -> None:
    # Three 4-word sentences, 12 words, one long (Vänersborg): the formula is the same.
    text = "Vi bor i Vänersborg. Staden ligger vid Vänern. Här finns många parker."
    ours = analyse([text], min_words=1)
    assert (ours.words, ours.sentences, ours.long_words) == (12, 3, 1)
    assert textstat.lix(text) == pytest.approx(12 / 3 + 100 / 12)
    assert ours.lix == round(12 / 3 + 100 / 12, 1) == 12.3
