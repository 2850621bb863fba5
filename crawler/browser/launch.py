"""How a headless Chromium is started: its binaries, its flags, and the fence around the scope.

Tests and the benchmarks start Chromium with the same binaries and flags
(tests/test_untrusted.py, bench/bench_audit.py); the rest is for
crawler/browser/chromium.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from selenium import webdriver

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

#: Flags that keep Chromium quiet and working as root with no network of its own.
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--mute-audio",
    "--window-size=1280,1024",
)

#: Tests and the demo: resolve nothing but loopback, so no request can leave the machine.
LOOPBACK_ONLY_FLAG = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"

#: The renderer's JavaScript heap cap (MiB): a page that allocates without end crashes
#: its tab ("Aw, Snap") instead of swapping the machine. axe on a 100,000-element DOM
#: crashed the tab at 256 MiB; 1,024 MiB leaves it room.
JS_HEAP_MIB = 1024

#: Names the browser's own throw-away profile folder.
PROFILE_FLAG = "--user-data-dir="


def chromium_options(
    profile: str,
    *,
    loopback_only: bool,
    allowed_hosts: frozenset[str] | None,
    dead_end_port: int,
) -> webdriver.ChromeOptions:
    """The options of one headless Chromium with its profile in the folder ``profile``.

    ``allowed_hosts`` set: every other host goes through a "proxy" on 127.0.0.1 at
    ``dead_end_port``, which the caller has bound and never listens on.
    """
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"{PROFILE_FLAG}{profile}")
    options.add_argument(f"--js-flags=--max-old-space-size={JS_HEAP_MIB}")
    options.add_argument("--block-new-web-contents")
    if loopback_only:
        options.add_argument(LOOPBACK_ONLY_FLAG)
    if allowed_hosts is not None:
        # Network.setBlockedURLs (allow_patterns) stops subresources but not a frame's
        # own navigation (measured: an iframe on another port was still requested). So
        # every other host goes through a proxy that refuses all connections.
        # ``<-loopback>`` drops Chromium's implicit bypass of localhost; the scope's
        # hosts bypass the proxy.
        options.add_argument(f"--proxy-server=http://127.0.0.1:{dead_end_port}")
        bypass = ";".join(["<-loopback>", *sorted(allowed_hosts)])
        options.add_argument(f"--proxy-bypass-list={bypass}")
    options.set_capability("unhandledPromptBehavior", "dismiss")
    return options


def allow_patterns(hosts: Iterable[str]) -> list[dict[str, Any]]:
    """``Network.setBlockedURLs`` patterns: the hosts let through, everything else blocked.

    First match wins (URLPattern syntax). A host without a port matches only the
    scheme's default port, as :func:`crawler.scope.host_of` writes it.
    """
    patterns: list[dict[str, Any]] = [
        {"urlPattern": f"*://{host}/*", "block": False} for host in sorted(hosts)
    ]
    patterns.append({"urlPattern": "*://*:*/*", "block": True})
    return patterns


def profile_of(command: Iterable[str]) -> str | None:
    """The profile folder a Chromium command line names, if it names one."""
    return next(
        (arg.removeprefix(PROFILE_FLAG) for arg in command if arg.startswith(PROFILE_FLAG)), None
    )
