"""klarsyn's own process stays small: the language models load off the crawl's path, only
when needed and in a process of their own, and the text pass after the crawl holds one
page at a time.

Outcomes, not memory figures: bench/bench_memory.py measures the process's RSS.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
import weakref
from pathlib import Path
from typing import Any

import pytest

import reports.store.database as database
from audits import language
from audits.model import PageResult, PageStatus, TextBlock
from crawler import pipelines, textpass
from crawler.items import PageItem
from reports.store import Store

REPO = Path(__file__).resolve().parents[1]


def test_nothing_loads_the_language_models_at_import() -> None:
    """Importing the crawl, the audits and the application loads no model and starts no
    worker (a fresh process: this one's tests have started it)."""
    code = (
        "import sys\n"
        "import audits.pagepolicy, audits.plain_language, crawler.pipelines, crawler.run\n"
        "import klarsyn.audit, klarsyn.cli.audit\n"
        "from audits import language\n"
        "print('lingua' in sys.modules, language.DETECTOR.running)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert done.stdout.split() == ["False", "False"]


def test_the_crawl_does_not_wait_for_the_language_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """open_spider starts the warm-up in a thread and returns while it runs."""
    loading, finished = threading.Event(), threading.Event()

    def slow_warm_up() -> None:
        loading.wait(timeout=60)
        finished.set()

    monkeypatch.setattr(pipelines, "warm_up", slow_warm_up)
    pipeline = pipelines.TextAuditPipeline(min_words=1, klarsprak_off=())
    pipeline.open_spider()
    assert not finished.is_set()  # the crawl goes on while the models load
    loading.set()
    assert finished.wait(timeout=60)


def test_pages_waiting_for_the_language_models_hold_only_the_text_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While the models load, pages queue for their text checks in the pipeline's own
    pool of TEXT_THREADS threads, not in Twisted's (which the crawl's downloads need):
    twelve pages, more than Twisted's ten threads, take two; all are scored after."""
    loaded = threading.Event()
    answer = language.DETECTOR.confidence_values

    def loading(text: str) -> list[tuple[str, float]]:
        loaded.wait(timeout=60)
        return answer(text)

    monkeypatch.setattr(language.DETECTOR, "confidence_values", loading)
    language.identify.cache_clear()
    pipeline = pipelines.TextAuditPipeline(min_words=1, klarsprak_off=())
    pipeline.threads.start()
    english = "<p>You can apply for a building permit online. Fill in the form here.</p>"
    done: list[PageItem] = []
    before = set(threading.enumerate())
    for n in range(12):
        html = f"<html lang='sv'><title>Sida {n}</title><main>{english}</main></html>"
        item = PageItem(f"https://www.alvbyn.se/{n}", PageStatus.AUDITED, html=html)
        pipeline.threads.callInThreadWithCallback(
            lambda ok, result: done.append(result), pipeline._audit, item
        )
    started = set(threading.enumerate()) - before
    assert {t.name.split("-")[1] for t in started} == {"klarsyn"}
    assert len(started) == pipelines.TEXT_THREADS
    assert not done  # every page waits for the models
    loaded.set()
    pipeline.close_spider()
    assert sorted(item.title for item in done) == sorted(f"Sida {n}" for n in range(12))
    assert all(item.html is None for item in done)


def test_a_page_checked_during_the_warm_up_gets_the_same_answer() -> None:
    """The warm-up loads the Latin-script models in a thread; a check meanwhile waits for
    it and a text in another script loads its own models: the answers are those of
    tests/test_language.py."""
    language.identify.cache_clear()
    warm = threading.Thread(target=language.warm_up)
    warm.start()
    found = language.identify(
        "Ви можете подати заявку на дозвіл на будівництво онлайн. Заповніть форму."
    )
    english = language.identify(
        "You can apply for a building permit online. Fill in the form and attach your drawings."
    )
    warm.join()
    assert (found.language, english.language) == ("uk", "en")
    assert min(found.confidence, english.confidence) >= 0.8


def test_the_text_pass_holds_one_page_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every text block the store hands out is watched: while a page is scored, the
    blocks of at most the page before it are still alive, not the whole run's."""
    store = Store(tmp_path / "k.sqlite")
    run = store.start_run("s", "t", "v", {})
    footer = TextBlock("p", "Sidansvarig: Socialförvaltningen")
    for n in range(40):
        blocks = (TextBlock("p", f"Sida {n} handlar om bygglov och detaljplaner."), footer)
        store.add_page(
            run, PageResult(f"https://www.alvbyn.se/{n}", PageStatus.AUDITED, blocks=blocks)
        )

    alive: list[weakref.ref[TextBlock]] = []

    class Watched(TextBlock):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            alive.append(weakref.ref(self))

    most = 0
    score = textpass.scored_readability

    def scoring(blocks: tuple[TextBlock, ...], *args: Any) -> Any:
        nonlocal most
        gc.collect()
        most = max(most, sum(ref() is not None for ref in alive))
        return score(blocks, *args)

    monkeypatch.setattr(database, "TextBlock", Watched)
    monkeypatch.setattr(textpass, "scored_readability", scoring)
    assert textpass.rescore_run(store, run, min_words=1, klarsprak_off=()) == 40
    assert len(alive) >= 3 * 40  # counted, read and marked: the watch saw them all
    # This page's blocks as read and as marked, and the page before's as marked.
    assert 0 < most <= 3 * 2
    page = store.load_pages(run)[7]
    assert page.blocks[1].template
    assert not page.blocks[0].template
