"""The browser stage with real headless Chromium and axe-core on local pages."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from audits.axe import findings_from_results, rules_from_results, run_options
from audits.model import Reason
from crawler.browser.chromium import TEMP_DIR, ChromiumBrowser
from crawler.browser.pool import BrowserError, BrowserPool
from crawler.browser.scripts import AxeAssets
from crawler.localserver import Files, SiteServer
from tests.conftest import HTML, REPO, Run, html_page

pytestmark = [pytest.mark.browser]

AXE_DIR = REPO / "node_modules" / "axe-core"


class SlowFiles(dict[str, tuple[bytes, str]]):
    """A site whose ``slow`` paths answer only after ``delay`` seconds (or on release)."""

    def __init__(self, files: Files, slow: set[str], delay: float) -> None:
        super().__init__(files)
        self.slow = slow
        self.delay = delay
        self.release = threading.Event()

    def __getitem__(self, path: str) -> tuple[bytes, str]:
        if path in self.slow:
            self.release.wait(self.delay)
        return super().__getitem__(path)


@pytest.fixture
def browser() -> ChromiumBrowser:
    assets = AxeAssets.load(AXE_DIR)
    chromium = ChromiumBrowser(assets, run_options(), page_timeout=3, loopback_only=True)
    yield chromium
    chromium.close()


def test_axe_runs_in_the_page_and_its_frames_in_swedish(
    browser: ChromiumBrowser, serve: Callable[[Files], SiteServer]
) -> None:
    site = serve(
        {
            "/": (
                html_page("Karta", "<iframe src='/ram/' title='Karta'></iframe><img src='/a.png'>"),
                HTML,
            ),
            "/ram/": (
                b"<!doctype html><html lang='sv'><title>R</title><img src='/b.png'></html>",
                HTML,
            ),
        }
    )
    results = browser.audit(site.base_url + "/").results
    selectors = sorted(f.selector for f in findings_from_results(results) if f.rule == "image-alt")
    assert selectors == ["iframe >>> img", "img"]
    rules = {r.id: r for r in rules_from_results(results)}
    assert rules["image-alt"].help == "Bilder måste ha alternativ text"
    assert browser.version.split(".")[0].isdigit()


def test_a_page_that_does_not_load_in_time_fails_and_the_browser_recovers(
    browser: ChromiumBrowser, serve: Callable[[Files], SiteServer]
) -> None:
    files = SlowFiles(
        {
            "/seg/": (html_page("Seg", "<img src='/seg.png' alt='Seg bild'>"), HTML),
            "/snabb/": (html_page("Snabb", "<p>Snabb sida.</p>"), HTML),
            "/seg.png": (b"", "image/png"),
        },
        slow={"/seg.png"},
        delay=30,
    )
    site = serve(files)
    started = time.monotonic()
    with pytest.raises(BrowserError) as failure:
        browser.audit(site.base_url + "/seg/")
    files.release.set()
    assert failure.value.reason is Reason.BROWSER_TIMEOUT
    assert time.monotonic() - started < 25  # cut off by the page timeout, not the server
    results = browser.audit(site.base_url + "/snabb/").results
    assert results["testEngine"]["version"] == "4.14.1"


def test_pool_gives_each_thread_its_own_browser() -> None:
    class Recorder:
        version = "x"

        def __init__(self) -> None:
            self.busy = False
            self.calls = 0

        def audit(self, url: str) -> dict[str, object]:
            assert not self.busy, "a browser was used by two threads at once"
            self.busy = True
            time.sleep(0.02)
            self.calls += 1
            self.busy = False
            return {"url": url}

        def close(self) -> None:
            pass

    made: list[Recorder] = []

    def factory() -> Recorder:
        made.append(Recorder())
        return made[-1]

    pool = BrowserPool(factory, size=2)
    threads = [threading.Thread(target=pool.audit, args=(f"u{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 2
    assert sum(r.calls for r in made) == 8


def test_a_timed_out_page_is_recorded_as_failed_in_the_audit(
    serve: Callable[[Files], SiteServer], klarsyn: Callable[..., Run], tmp_path: Path
) -> None:
    files = SlowFiles(
        {
            "/": (html_page("Start", "<a href='/seg/'>Seg</a>"), HTML),
            "/seg/": (html_page("Seg", "<img src='/seg.png' alt='Seg bild'>"), HTML),
            "/seg.png": (b"", "image/png"),
        },
        slow={"/seg.png"},
        delay=20,
    )
    site = serve(files)
    run = klarsyn("audit", site.base_url + "/", "--loopback-only", "--page-timeout", "2")
    files.release.set()
    pages = run.pages()
    assert (
        pages[site.base_url + "/seg/"]["outcome"],
        pages[site.base_url + "/seg/"]["reason"],
    ) == ("failed", "browser_timeout")
    assert pages[site.base_url + "/"]["outcome"] == "audited"
    # No violation, but a page that could not be scanned is never reported as a pass.
    assert run.code == 1, run.stderr
    assert "1 page(s) could not be scanned" in run.stderr


def test_the_browsers_temporary_files_live_in_its_profile_and_go_with_it(
    browser: ChromiumBrowser, serve: Callable[[Files], SiteServer]
) -> None:
    site = serve({"/": (html_page("Tillfälligt", "<p>Text.</p>"), HTML)})
    browser.audit(site.base_url + "/")
    profile = browser.profile
    assert profile is not None
    # Chromium's SingletonSocket folder: in /tmp, a killed browser left it there for good.
    assert [p.name for p in (profile / TEMP_DIR).iterdir() if p.name.startswith("org.chromium.")]
    browser.close()
    assert not profile.exists()
