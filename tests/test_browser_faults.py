"""The browser on a hostile web: real headless Chromium against tests/faultpages.py.

Every page that fights the browser either is audited as itself or fails with a
ledger reason, and never stalls or poisons the page after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from audits.axe import run_options
from audits.model import Reason
from crawler.browser.chromium import ChromiumBrowser
from crawler.browser.pool import BrowserError, BrowserPool
from crawler.browser.scripts import AxeAssets
from crawler.credentials import Credentials
from crawler.localserver import Files, SiteServer
from crawler.processes import process_group_members
from crawler.scope import host_of
from tests.conftest import HTML, REPO, LoggedFiles, Run, html_page
from tests.faultpages import ELSEWHERE, PAGES, POPUP, third_party_files, third_party_page
from tests.faultserver import FaultServer

pytestmark = [pytest.mark.browser]

AXE_DIR = REPO / "node_modules" / "axe-core"


@pytest.fixture
def recording() -> Iterator[Callable[[Files], FaultServer]]:
    """Other hosts on 127.0.0.1 serving ``files`` and logging every request (FaultServer)."""
    servers: list[FaultServer] = []

    def start(files: Files) -> FaultServer:
        servers.append(FaultServer(files=dict(files), faults=(), mount_browser_pages=False).start())
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def assets() -> AxeAssets:
    return AxeAssets.load(AXE_DIR)


@pytest.fixture
def make_browser(assets: AxeAssets) -> Iterator[Callable[..., ChromiumBrowser]]:
    made: list[ChromiumBrowser] = []

    def make(**kwargs: object) -> ChromiumBrowser:
        kwargs.setdefault("page_timeout", 10)
        made.append(ChromiumBrowser(assets, run_options(), loopback_only=True, **kwargs))  # type: ignore[arg-type]
        return made[-1]

    yield make
    for browser in made:
        browser.close()


@pytest.fixture
def faults(serve: Callable[[Files], SiteServer]) -> tuple[SiteServer, LoggedFiles]:
    files = LoggedFiles(PAGES)
    return serve(files), files


def test_dialogs_never_stall_the_audit(
    make_browser: Callable[..., ChromiumBrowser], faults: tuple[SiteServer, LoggedFiles]
) -> None:
    site, _ = faults
    browser = make_browser()
    for path in (
        "/browser/alert.html",
        "/browser/confirm.html",
        "/browser/prompt.html",
        "/browser/alert-loop.html",
        "/browser/alert-interval.html",  # dialogs every 5 ms, also while axe runs
    ):
        page = browser.audit(site.base_url + path)
        assert page.final_url == site.base_url + path
        assert page.results["url"] == site.base_url + path
        assert page.results["passes"], path


def test_pop_ups_open_nothing(
    make_browser: Callable[..., ChromiumBrowser], faults: tuple[SiteServer, LoggedFiles]
) -> None:
    site, files = faults
    browser = make_browser()
    page = browser.audit(site.base_url + "/browser/popup.html")  # fails if a window opened
    assert page.final_url == site.base_url + "/browser/popup.html"
    assert POPUP not in files.asked


@pytest.mark.parametrize("path", ["/browser/navigate-at-load.html", "/browser/meta-refresh-0.html"])
def test_a_page_that_leaves_while_loading_fails_as_navigated_away(
    make_browser: Callable[..., ChromiumBrowser],
    faults: tuple[SiteServer, LoggedFiles],
    path: str,
) -> None:
    site, _ = faults
    browser = make_browser()
    with pytest.raises(BrowserError) as failure:
        browser.audit(site.base_url + path)
    assert failure.value.reason is Reason.NAVIGATED_AWAY
    assert ELSEWHERE in str(failure.value)


@pytest.mark.parametrize(
    "path",
    [
        "/browser/navigate-after-load.html",
        "/browser/meta-refresh-2.html",
        "/browser/loop-after-load.html",
    ],
)
def test_timers_and_refreshes_after_load_are_cancelled_so_the_page_itself_is_audited(
    make_browser: Callable[..., ChromiumBrowser],
    faults: tuple[SiteServer, LoggedFiles],
    path: str,
) -> None:
    site, files = faults
    browser = make_browser()
    page = browser.audit(site.base_url + path)
    assert page.results["url"] == page.final_url == site.base_url + path
    # The next page loads after the cancelled navigation would have fired.
    browser.audit(site.base_url + "/browser/ok.html")
    assert ELSEWHERE not in files.asked


@pytest.mark.parametrize("path", ["/browser/loop-at-load.html", "/browser/loop-in-onload.html"])
def test_an_endless_script_times_out_and_does_not_poison_the_next_page(
    make_browser: Callable[..., ChromiumBrowser],
    faults: tuple[SiteServer, LoggedFiles],
    path: str,
) -> None:
    site, _ = faults
    browser = make_browser(page_timeout=3)
    with pytest.raises(BrowserError) as failure:
        browser.audit(site.base_url + path)
    assert failure.value.reason is Reason.BROWSER_TIMEOUT
    assert browser.process_group is None  # that browser is gone
    page = browser.audit(site.base_url + "/browser/ok.html")
    assert page.results["url"] == site.base_url + "/browser/ok.html"


def test_a_renderer_crash_is_detected_and_the_browser_replaced(
    make_browser: Callable[..., ChromiumBrowser], faults: tuple[SiteServer, LoggedFiles]
) -> None:
    site, _ = faults
    browser = make_browser()
    browser.audit(site.base_url + "/browser/ok.html")
    before = browser.process_group
    assert before is not None
    with pytest.raises(BrowserError) as failure:
        browser.audit(site.base_url + "/browser/crash.html")
    assert failure.value.reason is Reason.BROWSER_CRASH
    assert "crash" in str(failure.value)
    assert process_group_members(before) == []
    browser.audit(site.base_url + "/browser/ok.html")
    assert browser.process_group not in (None, before)


def test_a_call_that_never_returns_is_cut_off_by_the_watchdog(
    make_browser: Callable[..., ChromiumBrowser], faults: tuple[SiteServer, LoggedFiles]
) -> None:
    site, _ = faults
    # WebDriver's own timeouts are far away: only the watchdog can end this load.
    browser = make_browser(page_timeout=600, hard_deadline=3)
    browser.audit(site.base_url + "/browser/ok.html")
    wedged = browser.process_group
    assert wedged is not None
    assert process_group_members(wedged)
    with pytest.raises(BrowserError) as failure:
        browser.audit(site.base_url + "/browser/loop-at-load.html")
    assert failure.value.reason is Reason.BROWSER_TIMEOUT
    assert "killed" in str(failure.value)
    assert process_group_members(wedged) == []  # chromedriver and every Chromium process
    page = browser.audit(site.base_url + "/browser/ok.html")
    assert page.results["url"] == site.base_url + "/browser/ok.html"


def test_the_pool_retries_a_timed_out_page_once_on_a_fresh_browser(
    assets: AxeAssets, faults: tuple[SiteServer, LoggedFiles]
) -> None:
    site, files = faults
    pool = BrowserPool(
        lambda: ChromiumBrowser(assets, run_options(), page_timeout=3, loopback_only=True), 1
    )
    try:
        with pytest.raises(BrowserError) as failure:
            pool.audit(site.base_url + "/browser/loop-at-load.html")
        assert failure.value.reason is Reason.BROWSER_TIMEOUT
        assert files.asked.count("/browser/loop-at-load.html") == 2
        assert pool.audit(site.base_url + "/browser/ok.html").final_url.endswith("/ok.html")
    finally:
        pool.close()


def test_a_huge_dom_is_audited_or_fails_with_a_reason(
    make_browser: Callable[..., ChromiumBrowser], faults: tuple[SiteServer, LoggedFiles]
) -> None:
    site, _ = faults
    browser = make_browser(page_timeout=20)
    outcome: Reason | str
    try:
        outcome = browser.audit(site.base_url + "/browser/big-dom.html").results["url"]
    except BrowserError as exc:
        outcome = exc.reason
    assert outcome in (
        site.base_url + "/browser/big-dom.html",
        Reason.BROWSER_TIMEOUT,
        Reason.BROWSER_CRASH,
    )
    assert browser.audit(site.base_url + "/browser/ok.html").results["passes"]


def test_a_browser_restarts_after_its_page_budget(
    make_browser: Callable[..., ChromiumBrowser], faults: tuple[SiteServer, LoggedFiles]
) -> None:
    site, _ = faults
    browser = make_browser(max_pages=2)
    groups = []
    for _ in range(4):
        browser.audit(site.base_url + "/browser/ok.html")
        groups.append(browser.process_group)
    # Closed after pages 2 and 4; a new process group for pages 3 and 4.
    assert groups[1] is None
    assert groups[3] is None
    assert groups[0] != groups[2]


def _third_party_site(
    serve: Callable[[Files], SiteServer], other: FaultServer
) -> tuple[SiteServer, str]:
    site = serve({"/": (third_party_page(other.base_url), HTML)})
    return site, site.base_url + "/"


def test_resources_from_other_hosts_are_listed_and_only_subresources_are_requested(
    make_browser: Callable[..., ChromiumBrowser],
    serve: Callable[[Files], SiteServer],
    recording: Callable[[Files], FaultServer],
) -> None:
    other = recording(third_party_files())
    _, url = _third_party_site(serve, other)
    page = make_browser().audit(url)
    other_host = host_of(other.base_url)
    assert other_host in {host_of(u) for u in page.resources}
    asked = sorted(set(other.paths()))
    # A visitor's browser loads these; a linked page and a form target are never asked for.
    assert asked == [
        "/tp/bild.png",
        "/tp/data.json",
        "/tp/ram.html",
        "/tp/skript.js",
        "/tp/stil.css",
    ]


def test_blocking_third_parties_sends_them_nothing(
    make_browser: Callable[..., ChromiumBrowser],
    serve: Callable[[Files], SiteServer],
    recording: Callable[[Files], FaultServer],
) -> None:
    other = recording(third_party_files())
    site, url = _third_party_site(serve, other)
    browser = make_browser(allowed_hosts=frozenset({host_of(site.base_url)}))
    page = browser.audit(url)
    assert other.hits == []
    # Blocked requests are still listed, so the report can name the host.
    assert host_of(other.base_url) in {host_of(u) for u in page.resources}


def test_credentials_go_to_the_site_only(
    make_browser: Callable[..., ChromiumBrowser],
    recording: Callable[[Files], FaultServer],
) -> None:
    other = recording(third_party_files())
    site = recording({"/tp.html": (third_party_page(other.base_url), HTML)})
    credentials = Credentials(
        cookies=(("intranet_session", "kaka-hemlig"),),
        headers=(("Authorization", "Basic aGVtbGlnOmhlbWxpZw=="),),
    )
    browser = make_browser(
        allowed_hosts=frozenset({host_of(site.base_url)}), credentials=credentials
    )
    browser.audit(site.base_url + "/tp.html")
    assert site.hits, "the site was not loaded"
    for hit in site.hits:
        assert hit.headers.get("Authorization") == "Basic aGVtbGlnOmhlbWxpZw=="
        assert "intranet_session=kaka-hemlig" in hit.headers.get("Cookie", "")
    assert other.hits == []


def test_credentials_without_a_scope_are_refused(assets: AxeAssets) -> None:
    with pytest.raises(ValueError, match="allowed_hosts"):
        ChromiumBrowser(assets, run_options(), credentials=Credentials(cookies=(("a", "b"),)))


def test_a_crawl_records_hostile_pages_in_the_ledger(
    serve: Callable[[Files], SiteServer],
    recording: Callable[[Files], FaultServer],
    klarsyn: Callable[..., Run],
    tmp_path: Path,
) -> None:
    other = recording(third_party_files())
    links = "".join(
        f"<a href='{path}'>{path}</a> "
        for path in (
            "/browser/crash.html",
            "/browser/navigate-after-load.html",
            "/browser/alert-loop.html",
            "/browser/loop-at-load.html",
            "/browser/meta-refresh-2.html",
            "/tp.html",
        )
    )
    files = dict(PAGES)
    files["/"] = (html_page("Start", f"<p>{links}</p>"), HTML)
    files["/tp.html"] = (third_party_page(other.base_url), HTML)
    site = serve(files)
    # 6 s: the crash page fills its heap in about 1 s on a quiet machine, several under load.
    run = klarsyn("audit", site.base_url + "/", "--loopback-only", "--page-timeout", "6")
    pages = run.pages()
    outcome = {
        url.removeprefix(site.base_url): (p["outcome"], p["reason"]) for url, p in pages.items()
    }
    assert outcome["/browser/crash.html"] == ("failed", "browser_crash")
    assert outcome["/browser/loop-at-load.html"] == ("failed", "browser_timeout")
    assert outcome["/browser/navigate-after-load.html"][0] == "audited"
    assert outcome["/browser/alert-loop.html"][0] == "audited"
    # A timed refresh is not a redirect to Scrapy: the page is audited and axe flags it.
    refresh = pages[site.base_url + "/browser/meta-refresh-2.html"]
    assert refresh["outcome"] == "audited"
    assert refresh["final_url"] == site.base_url + "/browser/meta-refresh-2.html"
    assert "meta-refresh" in {f["rule"] for f in refresh["findings"]}
    assert outcome["/tp.html"][0] == "audited"
    assert host_of(other.base_url) in pages[site.base_url + "/tp.html"]["third_party"]["hosts"]
    # The meta-refresh violation fails the gate (2); the unscanned pages are said too.
    assert run.code == 2, run.stderr
    assert "2 page(s) could not be scanned" in run.stderr
    # Scrapy never follows the link off-site; the browser loads subresources only.
    assert set(other.paths()) <= {
        "/tp/bild.png",
        "/tp/data.json",
        "/tp/ram.html",
        "/tp/skript.js",
        "/tp/stil.css",
    }


def test_a_browser_that_cannot_start_leaves_no_process_behind(
    make_browser: Callable[..., ChromiumBrowser], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Chromium that dies at start fails the page with a reason; chromedriver, started
    for it, is killed and reaped even when Selenium's own clean-up cannot stop it (as on
    a full disk): no process of it is left, not even a zombie child of klarsyn's."""
    import os

    from selenium.webdriver.chrome.service import Service

    from crawler.browser import launch
    from crawler.processes import descendants

    monkeypatch.setattr(launch, "CHROMIUM", "/bin/false")
    monkeypatch.setattr(Service, "stop", lambda self: None)  # Selenium's clean-up fails
    before = {p.pid for p in descendants(os.getpid())}
    browser = make_browser()
    with pytest.raises(BrowserError) as failed:
        browser.audit("http://127.0.0.1:9/")
    assert failed.value.reason is Reason.BROWSER_ERROR
    left = [p for p in descendants(os.getpid()) if p.pid not in before]
    assert left == []
