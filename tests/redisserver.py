"""A real ``redis-server`` for the tests: on 127.0.0.1 and a free port, no persistence;
with TLS only (``rediss://``) when asked, its certificate signed by a CA of the test's.

Redis cannot listen on port 0 (it means "no TCP"), so a free port is found by binding
one, and the server started on it; if another process took the port in between, the
server exits at once and another port is tried.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

from tests.tlscerts import TlsFiles, make_certificates

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
#: Attempts at a free port before giving up.
_ATTEMPTS = 5


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    """``redis-server`` on loopback; ``password`` sets ``requirepass``; ``tls``: it speaks
    TLS only, clients verify it with ``tls_files.ca``. Stop it with stop()."""

    def __init__(self, password: str = "", *, tls: bool = False) -> None:
        self.password = password
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._dir = Path(tempfile.mkdtemp(prefix="klarsyn-redis-"))
        self.tls_files: TlsFiles | None = make_certificates(self._dir) if tls else None

    @property
    def url(self) -> str:
        scheme = "rediss" if self.tls_files else "redis"
        return f"{scheme}://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        for _ in range(_ATTEMPTS):
            port = _free_port()
            argv = [
                REDIS_SERVER,
                "--bind", "127.0.0.1",
                *self._listen(port),
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self._dir),
                "--protected-mode", "yes",
                "--loglevel", "warning",
            ]
            if self.password:
                argv += ["--requirepass", self.password]
            process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if self._wait_ready(process, port):
                self._process, self.port = process, port
                return self
        raise RuntimeError(f"redis-server did not start on a free port ({_ATTEMPTS} attempts)")

    def _listen(self, port: int) -> list[str]:
        if self.tls_files is None:
            return ["--port", str(port)]
        return [
            "--port", "0",  # no plain TCP at all
            "--tls-port", str(port),
            "--tls-cert-file", str(self.tls_files.cert),
            "--tls-key-file", str(self.tls_files.key),
            "--tls-ca-cert-file", str(self.tls_files.ca),
            "--tls-auth-clients", "no",
        ]

    def _wait_ready(self, process: subprocess.Popen[bytes], port: int) -> bool:
        """Whether the server answers on ``port`` (False: it exited, e.g. port taken)."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return False
            try:
                with self._connect(port) as conn:
                    conn.sendall(b"PING\r\n")
                    reply = conn.recv(64)
                # +PONG, or -NOAUTH when a password is required: either way it serves.
                if reply.startswith((b"+PONG", b"-NOAUTH")):
                    return True
            except OSError:
                pass
            time.sleep(0.05)
        process.kill()
        process.wait()
        return False

    def _connect(self, port: int) -> socket.socket:
        conn = socket.create_connection(("127.0.0.1", port), timeout=1)
        if self.tls_files is None:
            return conn
        context = ssl.create_default_context(cafile=self.tls_files.ca)
        return context.wrap_socket(conn, server_hostname="127.0.0.1")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        shutil.rmtree(self._dir, ignore_errors=True)
