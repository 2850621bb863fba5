"""Credentials for an intranet: sent to the site only, and written nowhere.

Two local servers log every request with its headers: the site, which answers 401
without the credential, and another host its pages link to, redirect to and load
resources from. A real audit runs with each kind of credential, from a file and from
the environment; then every output file, stdout and stderr are searched for the secret.
"""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.auth import CredentialsMiddleware
from crawler.credentials import Credentials, CredentialsError, load_credentials
from crawler.scope import Scope
from tests.conftest import HTML, REPO, html_page

# -- a server that logs every request ------------------------------------------------


@dataclass
class Logged:
    path: str
    headers: dict[str, str]
    raw: bytes

    @property
    def browser(self) -> bool:
        return "HeadlessChrome" in self.headers.get("user-agent", "")


class _LoggingHandler(BaseHTTPRequestHandler):
    server: LoggingServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        raw = f"{self.requestline}\r\n".encode("latin-1") + bytes(self.headers)
        entry = Logged(self.path, {k.lower(): v for k, v in self.headers.items()}, raw)
        with self.server.lock:
            self.server.log.append(entry)
        status, headers, body = self.server.respond(entry)
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


Response = tuple[int, list[tuple[str, str]], bytes]


class LoggingServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, respond: Callable[[Logged], Response]) -> None:
        super().__init__(("127.0.0.1", 0), _LoggingHandler)
        self.respond = respond
        self.log: list[Logged] = []
        self.lock = threading.Lock()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@dataclass
class Secret:
    """One credential: how to give it to klarsyn, how the site checks it, what must not leak."""

    file: str  # the TOML file's text (empty: given through the environment)
    env: dict[str, str]
    check: Callable[[Logged], bool]
    leaks: tuple[str, ...]
    basic: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def _secret(kind: str, source: str) -> Secret:
    value = f"hemlis{secrets.token_hex(8)}"
    if kind == "cookie":
        toml, env = f'cookie = ["intranat={value}", "lang=sv"]', {"KLARSYN_COOKIE":
                                                                  f"intranat={value}; lang=sv"}
        check = lambda e: f"intranat={value}" in e.headers.get("cookie", "")  # noqa: E731
        leaks: tuple[str, ...] = (value,)
    elif kind == "header":
        toml, env = f'header = "X-Intranat-Nyckel: {value}"', {
            "KLARSYN_HEADER": f"X-Intranat-Nyckel: {value}"}
        check = lambda e: e.headers.get("x-intranat-nyckel") == value  # noqa: E731
        leaks = (value,)
    else:
        token = base64.b64encode(f"redaktor:{value}".encode()).decode()
        toml, env = f'basic = "redaktor:{value}"', {"KLARSYN_BASIC_AUTH": f"redaktor:{value}"}
        check = lambda e: e.headers.get("authorization") == f"Basic {token}"  # noqa: E731
        leaks = (value, token)
    if source == "file":
        return Secret(toml, {}, check, leaks, kind == "basic")
    return Secret("", env, check, leaks, kind == "basic")


@dataclass
class Audit:
    code: int
    stdout: str
    stderr: str
    out: Path


def _audit(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Audit:
    out = tmp_path / "out"
    argv = [sys.executable, "-m", "klarsyn", "audit", *args, "--loopback-only",
            "--out", str(out)]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KLARSYN_")}
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300, cwd=tmp_path,
                          env=dict(clean, PYTHONPATH=str(REPO), **(env or {})), check=False)
    return Audit(done.returncode, done.stdout, done.stderr, out)


@pytest.fixture
def servers() -> Iterator[Callable[[Secret], tuple[LoggingServer, LoggingServer]]]:
    started: list[LoggingServer] = []

    def start(secret: Secret) -> tuple[LoggingServer, LoggingServer]:
        other = LoggingServer(lambda e: (200, [("Content-Type", HTML)], html_page(
            "Annan webbplats", "<p>En annan värd.</p>")))
        started.append(other)
        o = other.base

        def site_respond(entry: Logged) -> Response:
            if not secret.check(entry):
                challenge = [("WWW-Authenticate", 'Basic realm="intranät"')] if secret.basic else []
                return 401, [("Content-Type", HTML), *challenge], html_page(
                    "Logga in", "<p>Du måste logga in.</p>")
            path = urlsplit(entry.path).path
            if path == "/robots.txt":
                return 200, [("Content-Type", "text/plain")], b"User-agent: *\nAllow: /\n"
            if path == "/flyttad":
                return 302, [("Location", "/nyheter")], b""
            if path == "/till-annan":
                return 302, [("Location", f"{o}/fangst")], b""
            pages = {
                "/": html_page("Intranätet", (
                    "<p>Välkommen till kommunens intranät för medarbetare.</p>"
                    "<p><a href='/nyheter'>Nyheter</a> <a href='/flyttad'>Flyttad sida</a> "
                    f"<a href='/till-annan'>Omdirigering</a> <a href='{o}/sida'>Annan värd</a></p>"
                ), head=f"<link rel='stylesheet' href='{o}/stil.css'>") + (
                    f"<img src='{o}/bild.png' alt=''><script src='{o}/skript.js'></script>"
                ).encode(),
                "/nyheter": html_page("Nyheter", "<p>Här finns nyheter om kommunen.</p>"),
            }
            if path in pages:
                return 200, [("Content-Type", HTML)], pages[path]
            return 404, [("Content-Type", HTML)], html_page("Saknas", "<p>Finns inte.</p>")

        site = LoggingServer(site_respond)
        started.append(site)
        return site, other

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def _files_holding(folder: Path, needles: tuple[str, ...]) -> list[str]:
    hits = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path.name}: {n}" for n in needles if n.encode() in data]
    return hits


# -- a real audit with each kind of credential ---------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("source", ["file", "env"])
@pytest.mark.parametrize("kind", ["cookie", "header", "basic"])
def test_the_credential_reaches_the_site_only_and_is_written_nowhere(
    tmp_path: Path, servers: Callable[..., tuple[LoggingServer, LoggingServer]],
    kind: str, source: str,
) -> None:
    secret = _secret(kind, source)
    site, other = servers(secret)
    args = [site.base + "/"]
    if secret.file:
        credentials = tmp_path / "hemligt" / "intranat.toml"
        credentials.parent.mkdir()
        credentials.write_text(secret.file, encoding="utf-8")
        args += ["--credentials", str(credentials)]
    audit = _audit(tmp_path, *args, env=secret.env)

    assert audit.code in (0, 2), audit.stderr
    crawled = [e for e in site.log if not e.browser]
    loaded = [e for e in site.log if e.browser]
    pages = {p for p in (urlsplit(e.path).path for e in crawled)}
    assert {"/robots.txt", "/", "/nyheter", "/flyttad", "/till-annan"} <= pages
    assert {"/", "/nyheter"} <= {urlsplit(e.path).path for e in loaded}
    missing = [(e.path, e.browser) for e in site.log if not secret.check(e)]
    assert missing == [], f"requests (path, by the browser) without the credential: {missing}"
    # The other host gets nothing: Scrapy never follows its link or the redirect there,
    # and with credentials the browser blocks every other host's resources.
    leaked = [e.path for e in other.log for n in secret.leaks if n.encode() in e.raw]
    assert leaked == [], f"the other host got the credential: {leaked}"
    assert [e.path for e in other.log] == []

    assert _files_holding(audit.out, secret.leaks) == []
    for text in (audit.stdout, audit.stderr):
        assert not any(n in text for n in secret.leaks)
    report = (audit.out / "report.json").read_text(encoding="utf-8")
    assert site.base + "/nyheter" in report  # the report is there, and says what it audited


# -- the file and its content --------------------------------------------------------


def test_a_credentials_file_inside_the_output_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    inside = out / "intranat.toml"
    inside.write_text('basic = "redaktor:hemlis-i-utmappen"', encoding="utf-8")
    audit = _audit(tmp_path, "http://127.0.0.1:9/", "--credentials", str(inside))
    assert audit.code == 1
    assert "inside the output folder" in audit.stderr
    assert "Traceback" not in audit.stderr
    assert "hemlis-i-utmappen" not in audit.stderr + audit.stdout
    assert len(audit.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("text", "named"), [
    ('cookie = "hemlis-utan-namn"', "'cookie'"),
    ('header = "X-Nyckel hemlis-utan-kolon"', "'header'"),
    ('header = "X-Nyckel: hemlis\\r\\nX-Injicerad: ja"', "control character"),
    ('basic = "hemlis-utan-kolon"', "'basic'"),
    ('basic = redaktor:hemlis-ej-citerad', "not valid TOML"),
    ('losenord = "hemlis"', "unknown key 'losenord'"),
    ('header = "Cookie: a=hemlis"', "use a cookie"),
])
def test_bad_content_is_named_but_the_secret_never_is(
    tmp_path: Path, text: str, named: str
) -> None:
    path = tmp_path / "intranat.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CredentialsError) as caught:
        load_credentials(path, tmp_path / "out", {})
    message = str(caught.value)
    assert named in message
    assert "hemlis" not in message


def test_bad_environment_values_are_named_but_never_shown(tmp_path: Path) -> None:
    with pytest.raises(CredentialsError, match="KLARSYN_HEADER") as caught:
        load_credentials(None, tmp_path, {"KLARSYN_HEADER": "hemlis-utan-kolon"})
    assert "hemlis" not in str(caught.value)


def test_the_cli_says_one_sentence_for_bad_content(tmp_path: Path) -> None:
    path = tmp_path / "intranat.toml"
    path.write_text('basic = "hemlis-utan-kolon"', encoding="utf-8")
    audit = _audit(tmp_path, "http://127.0.0.1:9/", "--credentials", str(path))
    assert audit.code == 1
    assert audit.stderr.startswith("klarsyn: error: the credentials file")
    assert "hemlis" not in audit.stderr + audit.stdout


def test_file_and_environment_add_up_and_basic_becomes_a_header(tmp_path: Path) -> None:
    path = tmp_path / "intranat.toml"
    path.write_text('cookie = ["a=1", "b=2"]\nbasic = "anna:lösen"', encoding="utf-8")
    found = load_credentials(path, tmp_path / "out", {"KLARSYN_HEADER": "X-Nyckel: 3"})
    token = base64.b64encode("anna:lösen".encode()).decode()
    assert found.cookies == (("a", "1"), ("b", "2"))
    assert found.headers == (("Authorization", f"Basic {token}"), ("X-Nyckel", "3"))
    for shown in (repr(found), str(found)):
        assert "lösen" not in shown
        assert token not in shown


# -- the middleware, request by request ----------------------------------------------


def _middleware(credentials: Credentials) -> CredentialsMiddleware:
    crawler = get_crawler(settings_dict={"KLARSYN_CREDENTIALS": credentials})
    crawler.spider = type("Spider", (), {"scope": Scope.build(("http://intra.example:8080/",))})()
    return CredentialsMiddleware.from_crawler(crawler)


def test_the_middleware_adds_in_scope_and_strips_elsewhere() -> None:
    mw = _middleware(Credentials(cookies=(("sess", "k1"),), headers=(("X-Nyckel", "k2"),)))
    inside = Request("http://intra.example:8080/a", headers={"Cookie": "jar=1; sess=old"})
    mw.process_request(inside)
    assert inside.headers[b"X-Nyckel"] == b"k2"
    assert inside.headers[b"Cookie"] == b"jar=1; sess=k1"
    # A redirect copies the headers; on another port of the same host they must go.
    away = inside.replace(url="http://intra.example:9090/b")
    mw.process_request(away)
    assert b"X-Nyckel" not in away.headers
    assert away.headers[b"Cookie"] == b"jar=1"


def test_without_credentials_the_middleware_is_off() -> None:
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        _middleware(Credentials())
