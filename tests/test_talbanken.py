"""Calibrate klarsyn's Swedish segmentation against gold data.

UD Swedish-Talbanken's dev set (CC BY-SA 4.0) gives, for 8 documents of
informative prose, gold sentence boundaries and tokens. For every document we
compute a GOLD LIX from those, and klarsyn's LIX from the raw ``# text`` lines
alone, and require them to agree within 0.5. The same goes for OVIX (gold:
from the gold word forms), and the sentences ``segment`` quotes must be the
gold sentences' texts.

Gold counting:
* words = gold tokens whose form contains a letter; long words = those forms
  with more than six letters;
* sentences = gold sentences with at least one word. A gold sentence without
  a word (none occurs in the dev set today) would not be counted, because
  klarsyn drops word-less sentences too — LIX counts sentences of words.

Input to klarsyn: each paragraph (``# newpar``) is one block, its sentences'
raw texts joined by spaces. A gold sentence without terminal punctuation is a
heading in the source brochure, so (per DESIGN.md) it becomes a block of its
own, as it would on a web page.

The data is read at run time from ``../shared/data/talbanken`` next to the
repository (CI clones the repository beside a copy of shared/); no derived copy
of the text is kept in the repository, because of the share-alike licence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from audits.readability import analyse, is_long_word, segment

TALBANKEN_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "talbanken"
CONLLU = TALBANKEN_DIR / "sv_talbanken-ud-dev.conllu"
DOC_IDS = ("P408", "P409", "P410", "P411", "P413", "P414", "P417", "P418")

# A sentence ends in . ! ? : or …, possibly followed by closing quotes or brackets
# and a footnote number ("… utveckling. 7").
_TERMINAL = re.compile(r"[.!?:…][\"'’”»)\]]*(?: \d+)?$")

pytestmark = pytest.mark.skipif(
    not TALBANKEN_DIR.is_dir(),
    reason=f"Talbanken gold data not found at {TALBANKEN_DIR} (shared/ must sit next to the repo)",
)


@dataclass(frozen=True)
class GoldSentence:
    text: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class GoldDocument:
    id: str
    paragraphs: tuple[tuple[GoldSentence, ...], ...]


def read_conllu(path: Path) -> dict[str, GoldDocument]:
    """Documents of a CoNLL-U file: paragraphs of sentences with raw text and gold forms.

    Multi-word token ranges ("1-2") and empty nodes ("19.1") are not surface
    tokens and are skipped.
    """
    documents: dict[str, list[list[GoldSentence]]] = {}
    paragraphs: list[list[GoldSentence]] = []
    text = ""
    forms: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("# newdoc id = "):
            paragraphs = documents.setdefault(line.removeprefix("# newdoc id = ").strip(), [])
        elif line.startswith("# newpar"):
            paragraphs.append([])
        elif line.startswith("# text = "):
            text = line.removeprefix("# text = ")
        elif line and not line.startswith("#"):
            token_id, form = line.split("\t")[:2]
            if token_id.isdigit():
                forms.append(form)
        elif not line and text:
            paragraphs[-1].append(GoldSentence(text, tuple(forms)))
            text, forms = "", []
    return {
        doc_id: GoldDocument(doc_id, tuple(tuple(par) for par in pars if par))
        for doc_id, pars in documents.items()
    }


@dataclass(frozen=True)
class Counts:
    words: int
    sentences: int
    long_words: int

    @property
    def lix(self) -> float:
        return self.words / self.sentences + 100 * self.long_words / self.words


def gold_counts(document: GoldDocument) -> Counts:
    words = sentences = long_words = 0
    for paragraph in document.paragraphs:
        for sentence in paragraph:
            sentence_words = [form for form in sentence.forms if any(c.isalpha() for c in form)]
            if sentence_words:
                sentences += 1
                words += len(sentence_words)
                long_words += sum(1 for form in sentence_words if is_long_word(form))
    return Counts(words, sentences, long_words)


def blocks_of(document: GoldDocument) -> Iterator[str]:
    """The raw text as a web page would give it: paragraphs, headings apart."""
    for paragraph in document.paragraphs:
        pending: list[str] = []
        for sentence in paragraph:
            if _TERMINAL.search(sentence.text):
                pending.append(sentence.text)
                continue
            if pending:
                yield " ".join(pending)
                pending = []
            yield sentence.text
        if pending:
            yield " ".join(pending)


@pytest.fixture(scope="module")
def documents() -> dict[str, GoldDocument]:
    return read_conllu(CONLLU)


def test_the_dev_set_has_the_documents_we_calibrate_on(documents: dict[str, GoldDocument]) -> None:
    assert tuple(documents) == DOC_IDS
    assert sum(len(par) for doc in documents.values() for par in doc.paragraphs) == 504


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_lix_matches_gold(documents: dict[str, GoldDocument], doc_id: str) -> None:
    document = documents[doc_id]
    gold = gold_counts(document)
    ours = analyse(list(blocks_of(document)), min_words=1)
    assert ours.lix is not None
    assert abs(ours.lix - gold.lix) <= 0.5, (gold, ours)
    # Word counts are the same by construction of the rules (a token with a
    # letter); sentence counts may differ by a boundary or two per document.
    assert ours.words == gold.words
    assert ours.long_words == gold.long_words
    assert abs(ours.sentences - gold.sentences) <= max(1, round(0.02 * gold.sentences))


def test_sentence_quotes_are_the_gold_sentences(documents: dict[str, GoldDocument]) -> None:
    quoted = matched = 0
    for document in documents.values():
        gold = {" ".join(s.text.split()) for paragraph in document.paragraphs for s in paragraph}
        sentences = segment(list(blocks_of(document)))
        quoted += len(sentences)
        matched += sum(1 for sentence in sentences if sentence.text in gold)
    # Measured: 498 of 503. The others differ by a footnote number, which gold
    # keeps at the end of a sentence ("… utveckling. 7") and we at the start of
    # the next, by a footnote's list number ("8. Ur …") we leave out of the
    # quote, and by one boundary drawn differently.
    assert matched / quoted >= 0.98, (matched, quoted)


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_ovix_matches_gold(documents: dict[str, GoldDocument], doc_id: str) -> None:
    document = documents[doc_id]
    forms = [
        form.casefold()
        for paragraph in document.paragraphs
        for sentence in paragraph
        for form in sentence.forms
        if any(char.isalpha() for char in form)
    ]
    total, distinct = len(forms), len(set(forms))
    gold = math.log(total) / math.log(2 - math.log(distinct) / math.log(total))
    ours = analyse(list(blocks_of(document))).ovix
    assert ours is not None
    # Tokens are the same by construction; a word form may differ where gold
    # keeps a hyphen ("kibbutz-") that we strip.
    assert abs(ours - gold) <= 0.5, (gold, ours)
