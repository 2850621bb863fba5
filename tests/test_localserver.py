"""The local site server: a client that leaves mid-answer prints no traceback; any other
error still does."""

from __future__ import annotations

import os
import socket
import struct
import subprocess
import sys
import time

import pytest

from crawler.localserver import SiteServer
from tests.conftest import REPO

#: SO_LINGER on with a time of 0: close() resets the connection at once.
RESET_ON_CLOSE = struct.pack("ii", 1, 0)


def test_a_client_that_goes_away_mid_answer_is_not_an_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Far more than the socket buffers hold, so the server is still writing when the
    # client is gone (as when a browser stops a page's loads).
    server = SiteServer({"/stor/": (b"x" * 50_000_000, "text/plain")}).start()
    try:
        host, port = server.server_address[:2]
        for _ in range(3):
            with socket.create_connection((str(host), int(port))) as client:
                client.sendall(b"GET /stor/ HTTP/1.1\r\nHost: x\r\n\r\n")
                client.recv(1024)
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET_ON_CLOSE)
        time.sleep(0.5)  # the server's thread meets the closed socket
    finally:
        server.stop()
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "BrokenPipeError" not in err
    assert "ConnectionResetError" not in err


def test_a_client_that_hangs_up_mid_answer_prints_nothing_on_the_servers_terminal() -> None:
    """As ``klarsyn audit`` serves the demo: a process of its own, its real stderr."""
    script = (
        "import sys, time\n"
        "from crawler.localserver import SiteServer\n"
        "server = SiteServer({'/stor/': (b'x' * 50_000_000, 'text/plain')}).start()\n"
        "print(server.server_address[1], flush=True)\n"
        "sys.stdin.read()\n"
        "server.stop()\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
    )
    assert process.stdout is not None
    port = int(process.stdout.readline())
    for linger in (None, RESET_ON_CLOSE):  # a plain close (broken pipe), then a reset
        for _ in range(2):
            with socket.create_connection(("127.0.0.1", port)) as client:
                client.sendall(b"GET /stor/ HTTP/1.1\r\nHost: x\r\n\r\n")
                client.recv(1024)
                if linger:
                    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
    time.sleep(0.5)
    _, err = process.communicate("", timeout=30)
    assert process.returncode == 0
    assert err == ""


def test_any_other_error_while_answering_is_still_printed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A body that is not bytes: a programming error, which must not be silenced.
    server = SiteServer({"/fel/": ("inte bytes", "text/plain")}).start()  # type: ignore[dict-item]
    try:
        host, port = server.server_address[:2]
        with socket.create_connection((str(host), int(port))) as client:
            client.sendall(b"GET /fel/ HTTP/1.1\r\nHost: x\r\n\r\n")
            client.recv(1024)
        time.sleep(0.5)
    finally:
        server.stop()
    err = capsys.readouterr().err
    assert "Traceback" in err
    assert "TypeError" in err
