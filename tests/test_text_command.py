"""`klarsyn text`: an editor checks a draft before publishing."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from audits.draft import check_draft, draft_blocks
from tests.conftest import REPO, Run

DRAFT = """Ansökan om bygglov

Den som avser att erhålla bygglov ska inkomma med en ansökan till nämnden.
Beslut fattas av nämnden i enlighet med gällande regler.

- Fyll i blanketten.
- Skicka in den till oss.
"""

PLAIN = (
    "Du kan låna böcker på biblioteket. Det kostar inget. Ta med ditt lånekort. "
    "Om du inte har ett kort kan du få ett i disken. Vi hjälper dig gärna. "
) * 6


def test_plain_text_is_split_into_blocks_like_a_web_page() -> None:
    blocks, lang = draft_blocks(DRAFT)
    assert lang == "sv"
    assert [(b.kind, b.text) for b in blocks] == [
        ("h2", "Ansökan om bygglov"),
        (
            "p",
            "Den som avser att erhålla bygglov ska inkomma med en ansökan till nämnden. "
            "Beslut fattas av nämnden i enlighet med gällande regler.",
        ),
        ("li", "Fyll i blanketten."),
        ("li", "Skicka in den till oss."),
    ]


def test_tab_separated_lines_are_table_rows_not_prose() -> None:
    # A policy copied from a word processor: its table of contents and metadata table.
    draft = (
        "Kommunikationspolicy\n\nINLEDNING\t1\nSYFTE\t1\n\n"
        "Dokumenttyp Policy\tAntagen 2021-06-16 § 87\tReviderad Skriv ÅÅÅÅ-MM-DD och ev. § X.\n\n"
        "Kommunen finns till för sina invånare."
    )
    blocks, _ = draft_blocks(draft)
    assert [(b.kind, b.text) for b in blocks] == [
        ("h2", "Kommunikationspolicy"),
        ("td", "INLEDNING"),
        ("td", "1"),
        ("td", "SYFTE"),
        ("td", "1"),
        ("td", "Dokumenttyp Policy"),
        ("td", "Antagen 2021-06-16 § 87"),
        ("td", "Reviderad Skriv ÅÅÅÅ-MM-DD och ev. § X."),
        ("p", "Kommunen finns till för sina invånare."),
    ]
    # Short cells are data: no capitals, abbreviation or long-sentence flag on them.
    _, findings = check_draft(draft, 1)
    assert findings == ()


def test_html_draft_is_read_like_a_page() -> None:
    blocks, lang = draft_blocks(
        "<html lang='sv-SE'><body><nav>Meny</nav><main><h1>Rubrik</h1>"
        "<p>Text här.</p></main></body></html>"
    )
    assert lang == "sv-SE"
    assert [b.text for b in blocks] == ["Rubrik", "Text här."]


def test_json_output_has_the_metrics_and_flags(klarsyn: Callable[..., Run], tmp_path: Path) -> None:
    draft = tmp_path / "utkast.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "klarsyn", "text", str(draft), "--json", "--min-words", "10"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 2, done.stderr  # flags found
    data = json.loads(done.stdout)
    for key in ("words", "sentences", "long_words", "lix", "band", "ovix", "flags"):
        assert key in data
    assert (data["words"], data["sentences"]) == (33, 5)
    rules = {flag["rule"] for flag in data["flags"]}
    assert {"klarsprak-stiff-word", "klarsprak-passive"} <= rules
    messages = " ".join(flag["message"] for flag in data["flags"])
    assert "'få' i stället för 'erhålla'" in messages
    assert data["audience"] == "allmän information"


def test_a_plain_draft_passes_from_standard_input(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "klarsyn", "text", "--audience", "lättläst"],
        input=PLAIN,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Inga klarspråksanmärkningar." in done.stdout
    assert "Mål för lättläst: högst 30" in done.stdout
    assert "LIX: " in done.stdout


def test_bad_input(klarsyn: Callable[..., Run], tmp_path: Path) -> None:
    missing = klarsyn("text", str(tmp_path / "saknas.txt"))
    assert missing.code == 1
    assert "cannot read" in missing.stderr
    unknown = klarsyn("text", "--audience", "forskare", str(REPO / "README.md"))
    assert unknown.code == 1
    assert "unknown audience 'forskare'" in unknown.stderr
    assert "Traceback" not in missing.stderr + unknown.stderr
