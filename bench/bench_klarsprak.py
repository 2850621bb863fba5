"""Precision of the klarspråk flags on a reviewed sample of Swedish public-sector text.

    .venv/bin/python bench/bench_klarsprak.py [--against PATH] [--pending FILE] [--all-rules]

An editor judges the flags, not the detectors: this script runs the klarspråk rules
on the texts of ``bench/klarsprak/`` exactly as ``klarsyn text`` reads a draft
(``audits.draft.check_draft``) and looks up every flag in the review,
``bench/klarsprak/review.tsv``, where each flag is judged ``correct``, ``debatable``
or ``wrong`` with a one-line reason. It prints, for each part of the sample and each
rule, the flags, the verdicts and two ratios:

* precision = correct / judged flags;
* acceptable = (correct + debatable) / judged flags.

The sample has two parts, kept apart (see bench/klarsprak/README.md): ``tune``, the
texts the rules were adjusted on, and ``measure``, texts only measured on.

``--against PATH`` also runs the rules of another checkout (for example a worktree
of the commit before a change) on the same texts and prints its figures first: a
before-and-after from one script and one review. ``--pending FILE`` writes the flags
the review does not judge yet, with an empty verdict, for a reviewer to judge and
move into review.tsv. ``--all-rules`` also runs the rules that are off by default.
Nothing is asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.demo import html_pages  # noqa: E402 - after the path set-up above

SAMPLE = ROOT / "bench" / "klarsprak"
REVIEW = SAMPLE / "review.tsv"
POLICY = ROOT.parent / "shared" / "policy" / "kommunikationspolicy-vanersborg.txt"
PARTS = ("tune", "measure")
VERDICTS = ("correct", "debatable", "wrong")
COLUMNS = ("part", "text", "rule", "verdict", "snippet", "message", "reason")
MIN_WORDS = 50
"""As ``klarsyn text`` by default."""


@dataclass(frozen=True)
class Text:
    """One text of the sample, as ``check_draft`` takes it (plain text or HTML)."""

    part: str
    name: str
    body: str


@dataclass(frozen=True)
class Flag:
    part: str
    text: str
    rule: str
    snippet: str
    message: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.text, self.rule, self.snippet, self.message)


def load_texts() -> list[Text]:
    """The sample: the written texts of both parts, the demo site's pages and the policy.

    The demo site and the Vänersborg policy belong to ``tune``: the rules were first
    adjusted on them.
    """
    texts = [
        Text(part, f"{part}/{path.stem}", written_as_html(path.read_text(encoding="utf-8")))
        for part in PARTS
        for path in sorted((SAMPLE / "texts" / part).glob("*.txt"))
    ]
    texts += [Text("tune", f"demo{path}", body) for path, body in html_pages()]
    if POLICY.exists():
        texts.append(Text("tune", "policy/vanersborg", POLICY.read_text(encoding="utf-8")))
    else:
        print(f"note: {POLICY} is missing; the policy is left out of the sample", file=sys.stderr)
    return texts


def written_as_html(text: str) -> str:
    """A written text as a small HTML page, so that its structure and any passage's
    declared language (``[lang=en] …``) reach the rules as a crawled page's would.

    The format (bench/klarsprak/README.md): a first ``#`` line describing the text,
    then blocks separated by blank lines; ``## `` starts a heading, ``- `` a list item.
    """
    parts = ['<html lang="sv"><body><main>']
    in_list = False
    for block in text.split("\n\n"):
        block = " ".join(line for line in block.splitlines() if not line.startswith("# "))
        if not block.strip():
            continue
        lang = ""
        if block.startswith("[lang=") and "] " in block:
            marker, block = block.split("] ", 1)
            lang = f' lang="{html.escape(marker[len("[lang=") :])}"'
        is_item = block.startswith("- ")
        if is_item != in_list:
            parts.append("<ul>" if is_item else "</ul>")
            in_list = is_item
        if block.startswith("## "):
            parts.append(f"<h2{lang}>{html.escape(block[3:])}</h2>")
        elif is_item:
            parts.append(f"<li{lang}>{html.escape(block[2:])}</li>")
        else:
            parts.append(f"<p{lang}>{html.escape(block)}</p>")
    parts.append("</ul></main></body></html>" if in_list else "</main></body></html>")
    return "\n".join(parts)


# -- running the rules of a checkout ------------------------------------------------------

# Runs in the checkout measured: a checkout from before the rules could be switched off
# runs them all anyway.
WORKER = """
import inspect, json, sys
from audits.draft import check_draft
request = json.load(sys.stdin)
switch = "off" in inspect.signature(check_draft).parameters
extra = {{"off": ()}} if request["all_rules"] and switch else {{}}
out = []
for text in request["texts"]:
    _, findings = check_draft(text["body"], {min_words}, **extra)
    out += [dict(text=text["name"], rule=f.rule, snippet=f.snippet, message=f.message)
            for f in findings]
print(json.dumps(out))
"""


def run_rules(checkout: Path, texts: list[Text], *, all_rules: bool) -> list[Flag]:
    """The flags the klarspråk rules of ``checkout`` give on ``texts``, in its own process
    (so that two checkouts never share a module)."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    texts_json = [{"name": t.name, "body": t.body} for t in texts]
    payload = json.dumps({"texts": texts_json, "all_rules": all_rules})
    result = subprocess.run(
        [sys.executable, "-c", WORKER.format(min_words=MIN_WORDS)],
        input=payload,
        capture_output=True,
        text=True,
        cwd=checkout,
        env=env,
        check=False,
    )
    if result.returncode:
        sys.exit(f"the rules of {checkout} failed:\n{result.stderr}")
    part = {t.name: t.part for t in texts}
    flags = [Flag(part[f["text"]], **f) for f in json.loads(result.stdout)]
    # A demo page's template block (a contact box) stands on many pages: judged once.
    return list({(f.part, f.rule, f.snippet, f.message) if f.text.startswith("demo/")
                 else f.key: f for f in flags}.values())  # fmt: skip


# -- the review -----------------------------------------------------------------------------


def read_review(path: Path) -> dict[tuple[str, str, str, str], tuple[str, str]]:
    """(text, rule, snippet, message) → (verdict, reason)."""
    review: dict[tuple[str, str, str, str], tuple[str, str]] = {}
    if not path.exists():
        return review
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("part\t"):
            continue
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            sys.exit(f"{path}:{number}: {len(fields)} fields, expected {len(COLUMNS)}")
        row = dict(zip(COLUMNS, fields, strict=True))
        if row["verdict"] not in VERDICTS:
            sys.exit(f"{path}:{number}: verdict '{row['verdict']}' is not one of {VERDICTS}")
        review[(row["text"], row["rule"], row["snippet"], row["message"])] = (
            row["verdict"],
            row["reason"],
        )
    return review


def lookup(flag: Flag, review: dict) -> str | None:
    """The flag's verdict; a demo flag is judged once for every page it stands on."""
    if flag.key in review:
        return review[flag.key][0]
    if flag.text.startswith("demo/"):
        return next(
            (verdict for (text, rule, snippet, message), (verdict, _) in review.items()
             if text.startswith("demo/") and (rule, snippet, message) == flag.key[1:]),
            None,
        )  # fmt: skip
    return None


def table(title: str, flags: list[Flag], review: dict) -> list[str]:
    """Per part and rule: flags, verdicts, precision and acceptable share."""
    lines = [f"== {title}"]
    header = (
        f"{'part':<8} {'rule':<28} {'flags':>5} {'corr':>5} {'deb':>5} {'wrong':>5} "
        f"{'unjud':>5} {'prec':>6} {'c+d':>6}"
    )
    for part in PARTS:
        lines.append(header)
        mine = [f for f in flags if f.part == part]
        rules = sorted({f.rule for f in mine})
        for rule in [*rules, "all"]:
            chosen = [f for f in mine if rule in ("all", f.rule)]
            counts = Counter(lookup(f, review) for f in chosen)
            judged = sum(counts[v] for v in VERDICTS)
            precision = f"{counts['correct'] / judged:6.0%}" if judged else "     -"
            acceptable = (
                f"{(counts['correct'] + counts['debatable']) / judged:6.0%}" if judged else "     -"
            )
            lines.append(
                f"{part:<8} {rule.removeprefix('klarsprak-'):<28} {len(chosen):>5} "
                f"{counts['correct']:>5} {counts['debatable']:>5} {counts['wrong']:>5} "
                f"{counts[None]:>5} {precision} {acceptable}"
            )
        lines.append("")
    return lines


def write_pending(path: Path, flags: list[Flag], review: dict) -> int:
    """Append the flags the review lacks, verdict and reason empty; returns how many."""
    seen: set[tuple[str, str, str, str]] = set()
    rows = []
    for flag in flags:
        if lookup(flag, review) is None and flag.key not in seen:
            seen.add(flag.key)
            rows.append("\t".join((flag.part, flag.text, flag.rule, "", flag.snippet,
                                   flag.message, "")))  # fmt: skip
    if rows:
        new = not path.exists()
        with path.open("a", encoding="utf-8") as out:
            if new:
                out.write("\t".join(COLUMNS) + "\n")
            out.write("\n".join(rows) + "\n")
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", type=Path, help="another checkout, measured first")
    parser.add_argument("--pending", type=Path, help="append unjudged flags to this file")
    parser.add_argument("--all-rules", action="store_true", help="also the rules off by default")
    args = parser.parse_args()
    texts = load_texts()
    review = read_review(REVIEW)
    counts = Counter(t.part for t in texts)
    print(f"sample: {counts['tune']} texts to tune on, {counts['measure']} to measure on; "
          f"{len(review)} judged flags in {REVIEW.relative_to(ROOT)}")  # fmt: skip
    sides = [(args.against.resolve(), "before")] if args.against else []
    sides.append((ROOT, "this checkout"))
    every: list[Flag] = []
    for checkout, label in sides:
        flags = run_rules(checkout, texts, all_rules=args.all_rules)
        every += flags
        print("\n".join(table(f"{label} ({checkout})", flags, review)))
    if args.pending:
        print(f"{write_pending(args.pending, every, review)} unjudged flags appended to "
              f"{args.pending}")  # fmt: skip


if __name__ == "__main__":
    main()
