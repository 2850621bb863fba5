"""Swedish segmentation and LIX, checked against hand counts.

Every expected (words, sentences, long words) below was counted by hand from
the conventions in audits/readability.py; the comment beside a case says what
it is about. A long word has more than six letters.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections.abc import Iterator

import pytest
import textstat

from audits.nominal import nominal_ratio
from audits.readability import (
    ABBREVIATIONS,
    FINAL_ABBREVIATIONS,
    LONG_SENTENCE_WORDS,
    OVIX_MIN_WORDS,
    Sentence,
    analyse,
    is_long_word,
    letter_count,
    lix_band,
    ovix,
    segment,
    split_sentences,
    tokenize_words,
)
from reports.labels import BAND_LABELS_SV

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


# (blocks, expected quoted texts): each sentence's text quotes exactly the sentence.
SEGMENT_TEXTS: dict[str, tuple[list[str], list[str]]] = {
    "glued": (
        ["Vi arbetar för klimatet.Därför cyklar vi."],
        ["Vi arbetar för klimatet.", "Därför cyklar vi."],
    ),
    "abbreviations_inside": (
        ["Du kan t.ex. ansöka hos oss, bl.a. via e-tjänsten. Ring kl. 8."],
        ["Du kan t.ex. ansöka hos oss, bl.a. via e-tjänsten.", "Ring kl. 8."],
    ),
    "final_abbreviation": (
        ["Vi lånar ut böcker, filmer m.m. Välkommen in!"],
        ["Vi lånar ut böcker, filmer m.m.", "Välkommen in!"],
    ),
    "initials": (
        ["Boken är skriven av A. I. Rabin. Den handlar om barn."],
        ["Boken är skriven av A. I. Rabin.", "Den handlar om barn."],
    ),
    # List numbers are word-less "sentences": dropped, and not quoted.
    "list_numbers": (
        ["1. Fyll i blanketten. 2. Skicka den."],
        ["Fyll i blanketten.", "Skicka den."],
    ),
    # Quotes and brackets stay with their sentence; whitespace is collapsed.
    "quotes": (
        ['"Vi har öppet  hela\nsommaren",  säger Anna. "Välkommen!"'],
        ['"Vi har öppet hela sommaren", säger Anna.', '"Välkommen!"'],
    ),
    "colon_quote": (["Hon sa: 'Vi kommer i morgon.'"], ["Hon sa:", "'Vi kommer i morgon.'"]),
    "ellipsis": (["Vi väntar ... Sedan går vi."], ["Vi väntar ...", "Sedan går vi."]),
    # A number that starts a sentence is part of it, though it is not a word.
    "leading_number": (["Klart. 2026 öppnar badet igen."], ["Klart.", "2026 öppnar badet igen."]),
    # A leading dash (dialogue) is quoted with its sentence.
    "dash": (["– Hej, sa hon. (Se sid. 4.)"], ["– Hej, sa hon.", "(Se sid. 4.)"]),
    "url": (
        ["Läs mer på vanersborg.se. Du kan också ringa."],
        ["Läs mer på vanersborg.se.", "Du kan också ringa."],
    ),
    "soft_hyphen": (
        ["Gå till informations\u00adcentret."],
        ["Gå till informationscentret."],
    ),
}


@pytest.mark.parametrize("case", SEGMENT_TEXTS)
def test_segment_quotes_each_sentence_exactly(case: str) -> None:
    blocks, texts = SEGMENT_TEXTS[case]
    assert [sentence.text for sentence in segment(blocks)] == texts


def test_segment_gives_block_index_and_words() -> None:
    nfd = unicodedata.normalize("NFD", "Välkommen till Vänern.")
    assert segment(["Ring oss kl. 8.00. Vi svarar!", "", "123", "Rubrik", nfd]) == [
        Sentence(0, "Ring oss kl. 8.00.", ("Ring", "oss", "kl.")),
        Sentence(0, "Vi svarar!", ("Vi", "svarar")),
        Sentence(3, "Rubrik", ("Rubrik",)),
        Sentence(4, "Välkommen till Vänern.", ("Välkommen", "till", "Vänern")),
    ]


@pytest.mark.parametrize("case", HAND_COUNTED)
def test_split_sentences_is_segment_words(case: str) -> None:
    blocks = HAND_COUNTED[case][0]
    assert split_sentences(blocks) == [list(sentence.words) for sentence in segment(blocks)]
    # Quotes never overlap and keep the text's order within a block.
    for sentence in segment(blocks):
        assert sentence.text == " ".join(sentence.text.split())
        assert sentence.text in " ".join(
            unicodedata.normalize("NFC", blocks[sentence.block]).replace("\u00ad", "").split()
        )


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


# ---------------------------------------------------------------------------
# The other scores: OVIX, sentence length, long sentences, long words, NQ.


def distinct_words(count: int) -> list[str]:
    """``count`` different three-letter words ("aaa", "aab", …): no link, no abbreviation."""
    return [
        "".join(letters)
        for letters in itertools.islice(itertools.product("bdfgk", repeat=3), count)
    ]


def test_ovix_formula_by_hand() -> None:
    # O = 100, U = 50: log(100) / log(2 - log(50)/log(100)) = 32.84…
    words = distinct_words(50) * 2
    assert ovix(words) == 32.8
    assert ovix(words) == round(math.log(100) / math.log(2 - math.log(50) / math.log(100)), 1)


def test_ovix_case_folds_word_forms() -> None:
    # "Bdd" and "bdd" are one form, so U = 50 as above.
    words = [word.capitalize() for word in distinct_words(50)] + distinct_words(50)
    assert ovix(words) == 32.8


def test_ovix_needs_a_hundred_words() -> None:
    assert OVIX_MIN_WORDS == 100
    assert ovix(distinct_words(45) * 2 + distinct_words(9)) is None  # 99 words
    assert ovix(distinct_words(50) * 2) is not None


def test_ovix_is_none_when_no_word_repeats() -> None:
    # U == O makes log(2 - 1) = 0 and OVIX infinite: documented as None, not a cap.
    assert ovix(distinct_words(100)) is None
    # One repeat is enough for a (very high) finite value.
    assert ovix([*distinct_words(99), "bbb"]) == 2112.4


def test_analyse_gives_every_score_from_min_words_up() -> None:
    block = "Du kan söka bygglov hos kommunen."  # 6 words, 1 sentence, 2 long
    result = analyse([block] * 10, min_words=60)
    assert result.mean_sentence_length == 6.0
    assert result.long_sentence_share == 0.0
    assert result.long_word_share == 0.333
    # Pronoun "Du", verbs "kan" and "söka", nouns "bygglov" and "kommunen",
    # preposition "hos": (2 + 1) / (1 + 2).
    assert result.nominal_ratio == 1.0
    assert result.ovix is None  # 60 words: too few for OVIX


def test_analyse_ovix_needs_min_words_and_a_hundred_words() -> None:
    block = "Du kan söka bygglov hos kommunen. Vi hjälper dig med ansökan om bygglov."
    assert analyse([block] * 8, min_words=1).ovix == ovix(tokenize_words(block) * 8)
    assert analyse([block] * 8, min_words=1).words == 104
    assert analyse([block] * 7, min_words=1).ovix is None  # 91 words
    assert analyse([block] * 8, min_words=200).ovix is None


def test_long_sentences_have_more_than_twenty_five_words() -> None:
    assert LONG_SENTENCE_WORDS == 25
    words_25 = " ".join(["ord"] * 25) + "."
    words_26 = " ".join(["ord"] * 26) + "."
    result = analyse([words_25, words_26, "Kort mening här."], min_words=1)
    assert result.sentences == 3
    assert result.long_sentence_share == 0.333
    assert result.mean_sentence_length == round(54 / 3, 1) == 18.0


def test_scores_are_none_not_zero_under_min_words() -> None:
    result = analyse(["Ansök om bygglov i e-tjänsten."])
    assert (result.words, result.sentences, result.long_words) == (5, 1, 2)
    assert result.lix is None
    assert result.ovix is None
    assert result.mean_sentence_length is None
    assert result.long_sentence_share is None
    assert result.long_word_share is None
    assert result.nominal_ratio is None


def test_analyse_nominal_ratio_is_the_nominal_module_rounded() -> None:
    blocks = [
        "Ansökan om bygglov ska lämnas in till byggnadsnämnden för prövning.",
        "Du som vill bygga ett hus behöver söka bygglov. Vi hjälper dig gärna.",
    ]
    expected = nominal_ratio(split_sentences(blocks))
    assert expected is not None
    assert analyse(blocks, min_words=1).nominal_ratio == round(expected, 2)
