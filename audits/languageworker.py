"""Lingua in a process of its own: its language models (≈ 350 MiB for the Latin-script
languages, more with Cyrillic and Arabic text) live beside the browsers, not in klarsyn's
own process, whose memory then holds only what the audit itself gathers.

The answers are lingua's own: the worker builds the same detector (high-accuracy mode,
the same languages) and sends back its confidence values unchanged; JSON carries a float
exactly (``repr`` round-trips). (lingua sums in hash order, which varies from process to
process, so any two processes, in-process or not, may differ in a value's last digit.)

The protocol is one JSON line each way: the text in, the ``[[code, value], …]`` pairs out
in lingua's order (highest first). The worker ignores Ctrl-C (the terminal sends it to
klarsyn's whole process group; klarsyn decides how to stop) and ends at end of input:
when klarsyn closes it, exits or is killed with SIGKILL, the pipe closes and so does the
worker, so it can never be left behind.

Run as ``python -m audits.languageworker CODE …`` by :class:`DetectorProcess`.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO

#: The checkout (or installed tree) whose ``audits`` package the worker imports.
_ROOT = Path(__file__).resolve().parents[1]


class LanguageWorkerError(RuntimeError):
    """The worker could not be started or died twice on the same text."""


class DetectorProcess:
    """A client of one worker process, started on first use and restarted once if it dies.

    Thread-safe: one text at a time goes through the pipe (lingua answers in under a
    millisecond once its models are loaded; a caller during the loading waits for it).
    """

    def __init__(self, languages: Sequence[str]) -> None:
        self._languages = tuple(languages)
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        # At exit the pipe would close anyway and the worker end; closed here, it is waited for.
        atexit.register(self.close)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def confidence_values(self, text: str) -> list[tuple[str, float]]:
        """lingua's ``compute_language_confidence_values(text)`` as (ISO 639-1 code,
        value) pairs, highest first."""
        request = json.dumps(text, ensure_ascii=False).encode("utf-8") + b"\n"
        with self._lock:
            for attempt in (1, 2):
                if not self.running:
                    self._stop()  # one that died: its pipes are closed, it is reaped
                process = self._process or self._start()
                stdin, stdout = process.stdin, process.stdout
                if stdin is None or stdout is None:  # never: _start opens both pipes
                    raise LanguageWorkerError("the language identification has no pipes")
                try:
                    stdin.write(request)
                    stdin.flush()
                    answer = stdout.readline()
                except OSError:
                    answer = b""
                if answer:
                    return [(code, float(value)) for code, value in json.loads(answer)]
                self._stop()
                if attempt == 2:
                    raise LanguageWorkerError("the language identification process died twice")
        raise AssertionError("unreachable")

    def close(self) -> None:
        """End the worker (its models are freed); the next text starts a new one."""
        with self._lock:
            self._stop()

    def _start(self) -> subprocess.Popen[bytes]:
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(_ROOT), path)))}
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "audits.languageworker", *self._languages],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
                cwd=_ROOT,
            )
        except OSError as exc:
            raise LanguageWorkerError(f"cannot start the language identification: {exc}") from exc
        return self._process

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve(languages: Sequence[str], requests: IO[bytes], answers: IO[bytes]) -> None:
    """Answer each JSON text line of ``requests`` on ``answers`` until end of input."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(
        *(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in languages)
    ).build()
    for line in requests:
        values = detector.compute_language_confidence_values(json.loads(line))
        pairs = [[value.language.iso_code_639_1.name.lower(), value.value] for value in values]
        answers.write(json.dumps(pairs).encode("ascii") + b"\n")
        answers.flush()


def main(argv: Sequence[str]) -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(BrokenPipeError):  # klarsyn is gone
        serve(argv, sys.stdin.buffer, sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
