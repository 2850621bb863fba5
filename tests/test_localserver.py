"""The local site server: a client that leaves mid-answer prints no traceback."""

from __future__ import annotations

import socket
import struct
import time

import pytest

from crawler.localserver import SiteServer

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
