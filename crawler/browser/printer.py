"""Printing a report to PDF in the headless Chromium klarsyn audits with.

:class:`ChromiumPrinter` is the ``reports.reporters.pdfreport.Printer`` of klarsyn: one
Chromium per print, started with the audit's binaries and flags
(crawler/browser/launch.py), and gone with its profile afterwards. The browser reaches
nothing: the document is a file in the browser's own throw-away profile, JavaScript is
off, every host resolves to nothing but 127.0.0.1 and every connection goes through a
"proxy" on a loopback port nobody listens on, and http(s) requests are blocked as well
(the report needs none: its Content-Security-Policy allows no resource at all).

What Chromium writes (measured with Chromium 156, pdfinfo and pypdf): with
``generateTaggedPDF`` the catalogue has /StructTreeRoot and /MarkInfo /Marked true, and
/Lang from <html lang>; the document information's /Title is the <title>, and
/ViewerPreferences /DisplayDocTitle is true; ``generateDocumentOutline`` adds /Outlines
from the headings. So the PDF needs no post-step.
"""

from __future__ import annotations

import base64
import contextlib
import os
import socket
import threading
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service

from crawler.browser.launch import CHROMEDRIVER, CHROMIUM, allow_patterns, chromium_options
from crawler.browser.profiles import make_profile, reap_orphans, remove_profiles
from crawler.processes import kill_process_group
from reports.reporters.pdfreport import PrintError

#: ``Page.printToPDF``'s parameters: A4 unless the document's @page says otherwise (the
#: report's does), tagged, with an outline, and handed back as a stream (a big report's
#: PDF need not fit in one WebDriver answer).
PRINT_PARAMETERS: dict[str, Any] = {
    "preferCSSPageSize": True,
    "generateTaggedPDF": True,
    "generateDocumentOutline": True,
    "transferMode": "ReturnAsStream",
}
#: How much of the PDF one ``IO.read`` asks for.
CHUNK = 4 * 1024 * 1024


class ChromiumPrinter:
    """Prints self-contained HTML documents to tagged PDF in a fresh headless Chromium.

    ``timeout`` (seconds) bounds a whole print, start to PDF: past it a watchdog kills
    chromedriver and its Chromium (a WebDriver call has no timeout of its own). The
    demo site's report (82 pages, 180 A4 pages) prints in about 5 s. Every failure (no
    browser, a crash, the deadline) is a PrintError; the browser's processes and
    profile never outlive a call.
    """

    def __init__(
        self,
        *,
        chromium: str = CHROMIUM,
        chromedriver: str = CHROMEDRIVER,
        timeout: float = 600.0,
    ) -> None:
        self.chromium = chromium
        self.chromedriver = chromedriver
        self.timeout = timeout

    def print_pdf(self, html: bytes) -> bytes:
        # A printer killed with its klarsyn left its browser behind: gone before this one
        # starts. This one's profile is marked as this process's (crawler/browser/profiles.py).
        reap_orphans()
        profile = make_profile("klarsyn-print-")
        dead_end = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            dead_end.bind(("127.0.0.1", 0))
            document = profile / "report.html"
            document.write_bytes(html)
            return self._print(profile, document, dead_end.getsockname()[1])
        except PrintError:
            raise
        except Exception as exc:
            # Not only WebDriverException: a chromedriver that dies (or the watchdog
            # killed) fails in its HTTP client instead.
            detail = exc.msg if isinstance(exc, WebDriverException) else str(exc)
            first = (detail or type(exc).__name__).strip().splitlines()[0]
            raise PrintError(f"Chromium could not print the report: {first[:300]}") from exc
        finally:
            dead_end.close()
            remove_profiles([profile])

    def _print(self, profile: Path, document: Path, dead_end_port: int) -> bytes:
        if not Path(self.chromium).is_file() or not Path(self.chromedriver).is_file():
            raise PrintError(
                f"printing needs Chromium and chromedriver ({self.chromium}, "
                f"{self.chromedriver}): install the Debian packages chromium and "
                "chromium-driver"
            )
        options = chromium_options(
            str(profile / "browser"),
            loopback_only=True,
            allowed_hosts=frozenset(),
            dead_end_port=dead_end_port,
        )
        options.binary_location = self.chromium
        temp = profile / "tmp"
        temp.mkdir()
        service = Service(
            executable_path=self.chromedriver,
            env={**os.environ, "TMPDIR": str(temp)},
            popen_kw={"start_new_session": True},
        )
        driver = webdriver.Chrome(options=options, service=service)
        group = service.process.pid if service.process else None
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            if group is not None:
                kill_process_group(group)

        watchdog = threading.Timer(self.timeout, kill)
        watchdog.daemon = True
        watchdog.start()
        try:
            driver.set_page_load_timeout(self.timeout)
            driver.execute_cdp_cmd("Network.enable", {})
            driver.execute_cdp_cmd("Network.setBlockedURLs", {"urlPatterns": allow_patterns(())})
            driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
            driver.get(document.as_uri())
            printed = driver.execute_cdp_cmd("Page.printToPDF", PRINT_PARAMETERS)
            return _read_stream(driver, printed["stream"])
        except Exception as exc:
            if killed.is_set():
                raise PrintError(
                    f"Chromium did not finish printing within {self.timeout:g} s and was stopped"
                ) from exc
            raise
        finally:
            watchdog.cancel()
            with contextlib.suppress(Exception):  # whatever state it is in, it goes
                driver.quit()
            if group is not None:
                # Nothing of this browser may outlive the print (a renderer quit() missed).
                kill_process_group(group)


def _read_stream(driver: webdriver.Chrome, handle: str) -> bytes:
    """All of a DevTools stream (``IO.read`` until its end), then closed."""
    chunks: list[bytes] = []
    try:
        while True:
            part = driver.execute_cdp_cmd("IO.read", {"handle": handle, "size": CHUNK})
            data = part.get("data", "")
            chunks.append(base64.b64decode(data) if part.get("base64Encoded") else data.encode())
            if part.get("eof"):
                break
    finally:
        driver.execute_cdp_cmd("IO.close", {"handle": handle})
    pdf = b"".join(chunks)
    if not pdf.startswith(b"%PDF-"):
        raise PrintError("Chromium's print is not a PDF")
    return pdf
