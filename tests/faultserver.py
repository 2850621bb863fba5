"""A hostile web site on 127.0.0.1 for the fault, politeness, scope and soak tests.

``FaultServer`` is a threading HTTP/1.1 server on a free port. It logs every request
it gets (:class:`Hit`: method, path with query, all headers, time, connection id) and
measures the most requests it ever had in flight at once. Routes (``ROUTES`` below;
``/`` links to every one of them):

====================  =========================================================
``/``                 start page: a link to every fault below
``/slow``             sleeps ``slow_seconds`` (default 5 s) before answering;
                      the sleep ends early when the server stops
``/status/<c>/<k>``   HTTP status ``c`` (500, 503, 429 …) with ``Retry-After:
                      retry_after`` for the first ``k`` requests of this path,
                      then a 200 page (``k`` = 99: it never recovers in a crawl)
``/reset``            the connection is reset (SO_LINGER 0, then close)
``/redirect/<n>``     a chain: 302 to ``/redirect/<n-1>`` … ``/redirect/0`` is a page
``/loop/a``           302 to ``/loop/b``, which redirects back to ``/loop/a``
``/kalender?month=``  an endless calendar: each month links the next and previous
``/sok?page=N``       endless search results: each page links ``page=N+1``
``/upprepa/``         relative link ``a/``: ``/upprepa/a/a/a/…`` forever
``/langt``            a page linking to a URL of ``long_url_length`` characters
``/stor``             a 50 MB page (``big_bytes``), streamed without a length
``/binar``            random bytes (with NULs) served as ``text/html``
``/trasig``           malformed HTML (unclosed tags, stray ``</div>``, bad nesting)
``/latin1``           Swedish page in ISO-8859-1, charset in the HTTP header only
``/cp1252``           Swedish page in windows-1252, charset in a ``<meta>`` only
``/extern``           links to pages of ``other`` (another FaultServer: the
                      "other host", whose log must stay empty of crawler requests)
``/konto``            logout links in English and Swedish (``/logout``, ``/logga-ut`` …)
``/formular``         a ``method=post`` form whose target ``/skicka`` is logged if hit
``/privat/…``         disallowed in robots.txt
``/robots.txt``       ``Disallow: /privat/`` and ``Crawl-delay: crawl_delay`` (if set)
``/sitemap.xml``      a sitemap (when ``sitemap``) listing ``/bara-i-sitemap``
``/p/<n>``            ``pages`` generated pages, each linking to a few others
``tests.faultpages``  the browser-fault pages (``PAGES``), mounted when that module exists
``files``             extra ``path -> (body, content type)`` (e.g. the other host's
                      ``third_party_files()``)
====================  =========================================================

Any other path is a small 200 page (so a trap never ends in a 404), except that
``/logout``-like and ``/skicka`` paths answer too (the tests assert they are never
asked for). A soak test builds one with ``FaultServer(pages=2000, other=other)``.
"""

from __future__ import annotations

import importlib
import random
import re
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import parse_qs, quote, urlsplit

HTML = "text/html; charset=utf-8"
SWEDISH = "Förskolan på Åsen har öppet året runt. Välkommen hit med ditt barn, säger ÅÄÖ-gruppen."
CP1252_EXTRA = "“Avgiften” – 25 € i månaden."
LOGOUT_PATHS = ("/logout", "/log-out", "/signout", "/logga-ut", "/loggaut", "/logga_ut",
                "/utloggning")


@dataclass(frozen=True)
class Hit:
    """One request the server got."""

    method: str
    path: str
    headers: dict[str, str]
    time: float
    connection: int


def page(title: str, body: str, *, head: str = "") -> bytes:
    return (
        "<!doctype html><html lang='sv'><head><meta charset='utf-8'>"
        f"<title>{title}</title>{head}</head><body><main><h1>{title}</h1>{body}</main>"
        "</body></html>"
    ).encode()


def _links(*hrefs: str) -> str:
    return "<ul>" + "".join(f"<li><a href='{h}'>{h}</a></li>" for h in hrefs) + "</ul>"


class _Handler(BaseHTTPRequestHandler):
    server: FaultServer
    protocol_version = "HTTP/1.1"
    # As crawler/localserver.py: without it a body written after its headers waits for
    # the client's delayed ACK (~40-90 ms a response on a kept-alive connection).
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        self.connection_id = self.server.next_connection()

    def do_GET(self) -> None:
        self._handle("GET")

    def do_HEAD(self) -> None:
        self._handle("HEAD")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        server = self.server
        self._out = False
        self._hit = Hit(method, self.path, dict(self.headers.items()), time.time(),
                        self.connection_id)
        server.record(self._hit)
        try:
            path = urlsplit(self.path).path or "/"
            for pattern, name in ROUTES:
                match = re.fullmatch(pattern, path)
                if match:
                    getattr(self, name)(*match.groups())
                    return
            mounted = server.mounted().get(path)
            if mounted is not None:
                self.send(200, *mounted)
                return
            self.send(200, page("Sida", f"<p>{path}</p>"), HTML)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            self.out_of_flight()

    # -- helpers ---------------------------------------------------------------

    def send(self, status: int, body: bytes, content_type: str,
             headers: tuple[tuple[str, str], ...] = ()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        # Out of flight before the body goes: the client cannot start its next request
        # on the strength of this response before it is counted out.
        self.out_of_flight()
        if self.command != "HEAD":
            self.wfile.write(body)

    def out_of_flight(self) -> None:
        if not self._out:
            self._out = True
            self.server.done(self._hit)

    def query(self, name: str, default: str) -> str:
        return parse_qs(urlsplit(self.path).query).get(name, [default])[0]

    # -- routes ------------------------------------------------------------------

    def start(self) -> None:
        self.send(200, page("Felservern", _links(*self.server.start_links())), HTML)

    def slow(self) -> None:
        self.server.stopping.wait(self.server.slow_seconds)
        self.send(200, page("Långsam", "<p>Till slut.</p>"), HTML)

    def status(self, code: str, times: str) -> None:
        if self.server.count(self.path) <= int(times):
            headers = (("Retry-After", str(self.server.retry_after)),)
            self.send(int(code), page(f"Fel {code}", "<p>Försök igen.</p>"), HTML, headers)
        else:
            self.send(200, page(f"Åter efter {code}", "<p>Nu går det.</p>"), HTML)

    def reset(self) -> None:
        # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def redirect(self, hops: str) -> None:
        n = int(hops)
        if n == 0:
            self.send(200, page("Slutet på kedjan", "<p>Framme.</p>"), HTML)
        else:
            self.send(302, b"", HTML, (("Location", f"/redirect/{n - 1}"),))

    def loop(self, name: str) -> None:
        self.send(302, b"", HTML, (("Location", "/loop/b" if name == "a" else "/loop/a"),))

    def calendar(self) -> None:
        year, month = (int(x) for x in self.query("month", "2026-11").split("-"))
        index = year * 12 + month - 1
        prev, nxt = index - 1, index + 1
        body = _links(f"/kalender?month={prev // 12}-{prev % 12 + 1:02d}",
                      f"/kalender?month={nxt // 12}-{nxt % 12 + 1:02d}")
        self.send(200, page(f"Kalender {year}-{month:02d}", body), HTML)

    def search(self) -> None:
        n = int(self.query("page", "1"))
        self.send(200, page(f"Sökresultat sida {n}", _links(f"/sok?page={n + 1}")), HTML)

    def repeat(self, _rest: str) -> None:
        self.send(200, page("Upprepa", _links("a/")), HTML)

    def long(self) -> None:
        target = "/langt-mal?q=" + "x" * self.server.long_url_length
        self.send(200, page("Lång adress", _links(target)), HTML)

    def big(self) -> None:
        # No Content-Length: the client only learns the size by reading it.
        self.send_response(200)
        self.send_header("Content-Type", HTML)
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        chunk = b"<p>" + b"stor sida " * 6550 + b"</p>\n"
        sent = 0
        self.wfile.write(b"<!doctype html><html lang='sv'><title>Stor</title><body>")
        try:
            while sent < self.server.big_bytes and not self.server.stopping.is_set():
                self.wfile.write(chunk)
                sent += len(chunk)
        finally:
            self.server.big_sent = max(self.server.big_sent, sent)

    def binary(self) -> None:
        data = random.Random(4711).randbytes(64 * 1024)  # noqa: S311 - test data, not secrets
        self.send(200, b"\x00" + data, "text/html")

    def broken(self) -> None:
        body = (b"<html><head><title>Trasig sida</title><body><div><p>Text utan slut"
                b"<table><tr><td>Cell</div></span><p><b><i>fel ordning</b></i>"
                b"<a href='/trasig-mal'>en l\xc3\xa4nk<li>lista utan ul</table>")
        self.send(200, body, HTML)

    def latin1(self) -> None:
        body = page("Förskola i Åsen", f"<p>{SWEDISH}</p>").replace(b"<meta charset='utf-8'>", b"")
        self.send(200, body.decode().encode("iso-8859-1"), "text/html; charset=iso-8859-1")

    def cp1252(self) -> None:
        body = page("Avgift – 25 € i månaden", f"<p>{SWEDISH}</p><p>{CP1252_EXTRA}</p>")
        body = body.replace(b"<meta charset='utf-8'>", b"<meta charset='windows-1252'>")
        self.send(200, body.decode().encode("cp1252"), "text/html")

    def external(self) -> None:
        other = self.server.other.base_url if self.server.other else "http://127.0.0.2:9"
        body = _links(f"{other}/annan-sida", f"{other}/annan-sida?fran=felservern")
        self.send(200, page("Andra webbplatser", body), HTML)

    def account(self) -> None:
        hrefs = [*LOGOUT_PATHS, "/konto/logga-ut?next=/", "/Logout.aspx", "/user/logoff",
                 "/sign-out", "/mina-sidor/"]
        self.send(200, page("Mitt konto", _links(*hrefs)), HTML)

    def form(self) -> None:
        body = ("<form method='post' action='/skicka'><label>Namn <input name='namn'></label>"
                "<button>Skicka</button></form>"
                "<form action='/skicka-get'><input name='q'><button>Sök</button></form>")
        self.send(200, page("Formulär", body), HTML)

    def robots(self) -> None:
        lines = ["User-agent: *", "Disallow: /privat/"]
        if self.server.crawl_delay:
            lines.append(f"Crawl-delay: {self.server.crawl_delay}")
        if self.server.sitemap:
            lines.append(f"Sitemap: {self.server.base_url}/sitemap.xml")
        self.send(200, ("\n".join(lines) + "\n").encode(), "text/plain")

    def sitemap_xml(self) -> None:
        if not self.server.sitemap:
            self.send(404, page("Finns inte", ""), HTML)
            return
        base = self.server.base_url
        xml = ("<?xml version='1.0' encoding='UTF-8'?>"
               "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
               f"<url><loc>{base}/</loc></url><url><loc>{base}/bara-i-sitemap</loc></url>"
               "</urlset>")
        self.send(200, xml.encode(), "application/xml")

    def generated(self, number: str) -> None:
        n, total = int(number), max(self.server.pages, 1)
        # Every page is reached, within 8 links of /p/0 for 2,000 pages (max_depth is 10).
        targets = sorted({(n * 7 + 1) % total, (n * 13 + 5) % total, (n * 31 + 11) % total,
                          (n + 1) % total})
        faults = self.server.fault_links
        extra = [faults[n % len(faults)]] if faults else []
        body = _links(*[f"/p/{t}" for t in targets], *extra)
        self.send(200, page(f"Sida {n}", f"<p>{SWEDISH}</p>{body}"), HTML)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests read :attr:`FaultServer.hits`."""


#: (path pattern, handler method): data, so a route is one line.
ROUTES: tuple[tuple[str, str], ...] = (
    (r"/", "start"),
    (r"/slow", "slow"),
    (r"/status/(\d{3})/(\d+)", "status"),
    (r"/reset", "reset"),
    (r"/redirect/(\d+)", "redirect"),
    (r"/loop/(a|b)", "loop"),
    (r"/kalender", "calendar"),
    (r"/sok", "search"),
    (r"/upprepa/(.*)", "repeat"),
    (r"/langt", "long"),
    (r"/stor", "big"),
    (r"/binar", "binary"),
    (r"/trasig", "broken"),
    (r"/latin1", "latin1"),
    (r"/cp1252", "cp1252"),
    (r"/extern", "external"),
    (r"/konto", "account"),
    (r"/formular", "form"),
    (r"/robots.txt", "robots"),
    (r"/sitemap.xml", "sitemap_xml"),
    (r"/p/(\d+)", "generated"),
)

#: The start page's links: one entry into every fault.
FAULT_LINKS = (
    "/slow", "/status/500/99", "/status/503/99", "/status/429/99", "/status/503/1",
    "/status/429/1", "/reset", "/redirect/3", "/redirect/15", "/loop/a",
    "/kalender?month=2026-11", "/sok?page=1", "/upprepa/", "/langt", "/stor", "/binar",
    "/trasig", "/latin1", "/cp1252", "/extern", "/konto", "/formular", "/privat/sida",
)


class FaultServer(ThreadingHTTPServer):
    """Serve the hostile site until :meth:`stop`; every request is in :attr:`hits`."""

    daemon_threads = True
    # Many slow requests at once must not be refused by a short listen queue.
    request_queue_size = 128

    def __init__(
        self,
        *,
        other: FaultServer | None = None,
        pages: int = 0,
        slow_seconds: float = 5.0,
        retry_after: int = 1,
        crawl_delay: float = 0,
        sitemap: bool = False,
        big_bytes: int = 50 * 1024 * 1024,
        long_url_length: int = 2100,
        faults: tuple[str, ...] = FAULT_LINKS,
        mount_browser_pages: bool = True,
        files: dict[str, tuple[bytes, str]] | None = None,
    ) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.other = other
        self.pages = pages
        self.slow_seconds = slow_seconds
        self.retry_after = retry_after
        self.crawl_delay = crawl_delay
        self.sitemap = sitemap
        self.big_bytes = big_bytes
        self.long_url_length = long_url_length
        self.faults = faults
        self.mount_browser_pages = mount_browser_pages
        self.files = dict(files or {})
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._hits: list[Hit] = []
        self._counts: dict[str, int] = {}
        self._connections = 0
        self._in_flight = 0
        self.max_in_flight = 0
        #: (start, end, hit) of every answered request, for concurrency by client.
        self._intervals: list[tuple[float, float, Hit]] = []
        #: The most bytes of ``/stor`` written before the client stopped reading.
        self.big_sent = 0
        self._thread = threading.Thread(target=self.serve_forever, name="fault-server",
                                        daemon=True)

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: clients that drop connections (timeouts, size limits) are the point here."""

    # -- lifecycle ---------------------------------------------------------------

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what the site links -------------------------------------------------------

    @property
    def fault_links(self) -> list[str]:
        return [*self.faults, *self.mounted()]

    def start_links(self) -> list[str]:
        return [*self.fault_links, *(["/p/0"] if self.pages else [])]

    def mounted(self) -> dict[str, tuple[bytes, str]]:
        """``files``, and tests/faultpages.py's browser-fault pages once that module exists
        (with its third-party page at ``/browser/third-party.html`` when ``other`` is set)."""
        if not self.mount_browser_pages:
            return self.files
        try:
            module = importlib.import_module("tests.faultpages")
        except ImportError:
            return self.files
        pages: dict[str, tuple[bytes, str]] = dict(getattr(module, "PAGES", {}))
        if self.other is not None and hasattr(module, "third_party_page"):
            pages["/browser/third-party.html"] = (
                module.third_party_page(self.other.base_url), HTML
            )
        return {**pages, **self.files}

    # -- the log -------------------------------------------------------------------

    def record(self, hit: Hit) -> None:
        with self._lock:
            self._hits.append(hit)
            self._counts[hit.path] = self._counts.get(hit.path, 0) + 1
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)

    def done(self, hit: Hit) -> None:
        with self._lock:
            self._in_flight -= 1
            self._intervals.append((hit.time, time.time(), hit))

    def max_concurrent(self, where: Callable[[Hit], bool]) -> int:
        """The most requests matching ``where`` that were in flight at one moment."""
        with self._lock:
            intervals = [(start, end) for start, end, hit in self._intervals if where(hit)]
        # Ends sort before starts at the same instant: back-to-back is not overlap.
        events = sorted([(s, 1) for s, _ in intervals] + [(e, -1) for _, e in intervals])
        level = peak = 0
        for _, step in events:
            level += step
            peak = max(peak, level)
        return peak

    def count(self, path: str) -> int:
        """How many requests this exact path (with query) got so far."""
        with self._lock:
            return self._counts.get(path, 0)

    def next_connection(self) -> int:
        with self._lock:
            self._connections += 1
            return self._connections

    @property
    def hits(self) -> list[Hit]:
        with self._lock:
            return list(self._hits)

    def paths(self, where: Callable[[Hit], bool] = lambda hit: True) -> list[str]:
        return [hit.path for hit in self.hits if where(hit)]

    def url(self, path: str) -> str:
        return self.base_url + quote(path, safe="/?=&%-_.~:")
