"""lingua in its own process (audits/languageworker.py): the same answers as lingua in
klarsyn's process, and a worker that never outlives klarsyn nor dies with a Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from audits import language
from audits.languageworker import DetectorProcess
from crawler.localserver import Files, SiteServer
from crawler.processes import process_table, read_process
from tests.conftest import HTML, html_page
from tests.test_language import SHORT_BLOCKS

REPO = Path(__file__).resolve().parents[1]

#: Texts in every script the detector knows, short and long, and one it gives no answer.
TEXTS = [
    *(text for _, text in SHORT_BLOCKS),
    "Du kan ansöka om bygglov i vår e-tjänst.",
    "Kunnan kirjasto on avoinna arkisin kello yhdeksästä kahdeksaan.",
    "Ви можете подати заявку на дозвіл на будівництво онлайн. Заповніть форму.",
    "يمكنك التقدم بطلب للحصول على تصريح بناء عبر الإنترنت.",
    "Waxaad codsan kartaa ogolaanshaha dhismaha adigoo isticmaalaya adeegga internetka.",
    "Nie musisz się rejestrować, aby wypożyczyć książki w bibliotece miejskiej.",
    "ጽሕፈት ቤት",
    "",
]


def _workers() -> list[int]:
    return [
        process.pid
        for process in process_table().values()
        if process.alive and "audits.languageworker" in process.command
    ]


def test_the_worker_answers_as_lingua_in_this_process() -> None:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    here = LanguageDetectorBuilder.from_languages(
        *(
            Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper()))
            for c in language.LANGUAGES
        ),
    ).build()
    worker = DetectorProcess(tuple(language.LANGUAGES))
    try:
        for text in TEXTS:
            expected = [
                (value.language.iso_code_639_1.name.lower(), value.value)
                for value in here.compute_language_confidence_values(text)
            ]
            answer = worker.confidence_values(text)
            # Equal to the last bits lingua itself keeps: it sums in hash order, which
            # varies between processes, so two runs in-process differ in the 16th digit.
            assert dict(answer) == pytest.approx(dict(expected), abs=1e-12), text
            assert [code for code, value in answer if value > 1e-9] == [
                code for code, value in expected if value > 1e-9
            ], text
    finally:
        worker.close()
    assert not worker.running


def test_a_worker_that_dies_is_started_again() -> None:
    worker = DetectorProcess(("sv", "en"))
    try:
        first = worker.confidence_values("You can apply online.")
        process = worker._process
        assert process is not None
        process.kill()
        process.wait()
        again = worker.confidence_values("You can apply online.")
        assert [code for code, _ in again] == [code for code, _ in first]
        assert dict(again) == pytest.approx(dict(first), abs=1e-12)
        assert worker._process is not process
    finally:
        worker.close()


def test_ctrl_c_does_not_stop_the_worker() -> None:
    """The terminal sends SIGINT to klarsyn's whole process group: the worker stays for
    the text checks that a graceful stop still runs."""
    worker = DetectorProcess(("sv", "en"))
    try:
        worker.confidence_values("Du kan ansöka om bygglov i vår e-tjänst.")
        assert worker._process is not None
        os.kill(worker._process.pid, signal.SIGINT)
        time.sleep(0.5)
        assert worker.running
        assert worker.confidence_values("You can apply online.")[0][0] == "en"
    finally:
        worker.close()


def test_the_worker_ends_when_klarsyn_is_killed_with_sigkill() -> None:
    """A parent killed with SIGKILL cannot close the worker: the pipe closes with it."""
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, sys, time\n"
            "from audits.languageworker import DetectorProcess\n"
            "worker = DetectorProcess(('sv', 'en'))\n"
            "worker.confidence_values('Hej')\n"
            "print(worker._process.pid, flush=True)\n"
            "time.sleep(300)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert parent.stdout is not None
    worker_pid = int(parent.stdout.readline())
    assert read_process(worker_pid) is not None
    parent.kill()
    parent.wait()
    parent.stdout.close()
    deadline = time.monotonic() + 30
    while (found := read_process(worker_pid)) is not None and found.alive:
        assert time.monotonic() < deadline, "the worker outlived its parent"
        time.sleep(0.1)


def test_nothing_of_lingua_is_loaded_in_the_process_that_identifies() -> None:
    """klarsyn's own process asks the worker: it never imports lingua."""
    code = (
        "import sys\n"
        "from audits import language\n"
        "found = language.identify('You can apply for a building permit online today.')\n"
        "print(found.language, 'lingua' in sys.modules, language.DETECTOR.running)\n"
        "language.shut_down()\n"
        "print(language.DETECTOR.running)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert done.stdout.split() == ["en", "False", "True", "False"]


@pytest.mark.browser
def test_an_audit_identifies_languages_in_a_worker_that_ends_with_it(
    serve: Callable[[Files], SiteServer], tmp_path: Path
) -> None:
    """A real audit: its worker (the child that runs audits.languageworker) answers, so
    the English passage of a Swedish page is found, and it is gone when the audit is."""
    body = (
        "<p>Här kan du läsa om hur du ansöker om bygglov och vad det kostar att bygga.</p>"
        "<p>You can apply for a building permit online if you fill in the form and attach "
        "your drawings before you send it to the planning office.</p>"
    )
    site = serve({"/": (html_page("Bygglov", body), HTML)})
    out = tmp_path / "out"
    audit = subprocess.Popen(
        [sys.executable, "-m", "klarsyn", "audit", site.base_url + "/", "--loopback-only",
         "--format", "json", "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    seen: set[int] = set()
    while audit.poll() is None:
        seen.update(
            pid for pid in _workers() if (p := read_process(pid)) and p.parent == audit.pid
        )
        time.sleep(0.05)
    assert audit.stderr is not None
    stderr = audit.stderr.read().decode()
    audit.stderr.close()
    assert audit.returncode == 0, stderr
    assert len(seen) == 1, "the audit identified its languages in one worker"
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    rules = {f["rule"] for page in report["pages"] for f in page["findings"]}
    assert "policy-foreign-passage" in rules
    still = [pid for pid in seen if (found := read_process(pid)) and found.alive]
    assert still == []
