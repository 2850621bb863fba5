"""The language answers of one checkout, to compare two (before and after a change).

Run from the repository root::

    PYTHONPATH=/path/to/checkout-A .venv/bin/python bench/language_answers.py --out a.jsonl
    PYTHONPATH=/path/to/checkout-B .venv/bin/python bench/language_answers.py --out b.jsonl
    .venv/bin/python bench/language_answers.py --compare a.jsonl b.jsonl

The texts are those the tests give the detector: tests/test_language.py's paragraphs and
short blocks, Talbanken's 6- and 12-word chunks, plus every text of ``--texts FILE``
(one JSON string a line, e.g. recorded from a test run or an audit of the demo site). For
each, the checkout's ``audits.language`` gives ``identify`` (language, confidence to 6
places, script), ``is_foreign`` and ``text_language`` of the text alone; ``--compare``
prints every text whose answers differ and the count. It also prints the RSS of the
process and the seconds the detector took, so the two sides' cost is seen beside them.

A script, not a test: the tests pin the cases that matter (tests/test_language.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TALBANKEN = ROOT.parent / "shared" / "data" / "talbanken" / "sv_talbanken-ud-dev.conllu"


def _talbanken_chunks(min_words: int) -> list[str]:
    """Talbanken's running text in chunks of at least ``min_words`` words (as the tests)."""
    if not TALBANKEN.exists():
        return []
    chunks, current = [], []
    for line in TALBANKEN.read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = "):
            current.append(line.removeprefix("# text = ").strip())
            if len(" ".join(current).split()) >= min_words:
                chunks.append(" ".join(current))
                current = []
    return chunks


def _texts(extra: list[Path]) -> list[str]:
    import tests.test_language as cases

    texts = {text for _, text in cases.PARAGRAPHS}
    texts |= {text for _, text in getattr(cases, "SHORT_BLOCKS", [])}
    texts |= set(_talbanken_chunks(12)) | set(_talbanken_chunks(6))
    for path in extra:
        texts |= {json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()}
    return sorted(texts)


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def dump(out: Path, extra: list[Path]) -> None:
    from audits import language

    texts = _texts(extra)
    start = time.perf_counter()
    with out.open("w", encoding="utf-8") as f:
        for text in texts:
            found = language.identify(text)
            answer = {
                "text": text,
                "language": found.language,
                "confidence": round(found.confidence, 6),
                "script": found.script,
                "is_foreign": language.is_foreign(text),
                "text_language": language.text_language([text]),
            }
            f.write(json.dumps(answer, ensure_ascii=False) + "\n")
    seconds = time.perf_counter() - start
    print(f"{len(texts)} texts, {seconds:.1f} s, peak RSS {_rss_mib()} MiB -> {out}")


def compare(a: Path, b: Path) -> int:
    def load(path: Path) -> dict[str, dict[str, object]]:
        lines = path.read_text(encoding="utf-8").splitlines()
        return {row["text"]: row for row in map(json.loads, lines)}

    left, right = load(a), load(b)
    differ = 0
    for text in sorted(left.keys() & right.keys()):
        if left[text] != right[text]:
            differ += 1
            changed = {k: (left[text][k], right[text][k]) for k in left[text] if k != "text"}
            print(f"DIFF {text[:80]!r}: {changed}")
    print(f"{len(left.keys() & right.keys())} texts in both, {differ} with other answers")
    return 1 if differ else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--texts", type=Path, nargs="*", default=[])
    parser.add_argument("--compare", type=Path, nargs=2)
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(*args.compare))
    dump(args.out or Path("language-answers.jsonl"), args.texts)


if __name__ == "__main__":
    main()
