"""A real SMTP server on 127.0.0.1 for the digest's e-mail tests (aiosmtpd).

It keeps every message it accepts, refuses the recipients it is told to refuse (550), and
logs in only with the user and password it is given (AUTH PLAIN/LOGIN; without TLS, as
the test server is on loopback, or only after STARTTLS, or over SMTPS).
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from tests.tlscerts import TlsFiles


@dataclass
class Received:
    """A message as the server accepted it: envelope recipients and the parsed message."""

    recipients: list[str]
    message: EmailMessage


@dataclass
class Mailbox:
    """The handler: what the server accepted, and whom it refuses."""

    refuse: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_RCPT(self, server: SMTPServer, session: Session, envelope: Envelope,
                          address: str, options: list[str]) -> str:
        if address in self.refuse:
            return "550 5.1.1 Mottagaren finns inte"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTPServer, session: Session,
                          envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        parsed = message_from_bytes(raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(Received(list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"


class _Refusing(SMTPServer):
    """A connection the server turns away at its greeting (554, RFC 5321 3.1): a mail
    server that takes no more connections, or not this client's."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        transport.write(b"554 5.3.2 Anslutningen nekas\r\n")
        transport.close()

    def connection_lost(self, error: Exception | None) -> None:
        pass  # nothing was started


class _Controller(Controller):
    """aiosmtpd's controller, turning away the connections whose numbers are in
    ``refused`` (1: the first after start())."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refused: set[int] = set()
        self.connections = 0

    def factory(self) -> SMTPServer:
        self.connections += 1
        if self.connections in self.refused:
            return _Refusing(self.handler, **self.SMTP_kwargs)
        return super().factory()


class SmtpServer:
    """``SmtpServer(user, password).start()``: a server on a free port; ``stop()`` after.

    With ``tls`` (a certificate of the test's CA: tests/tlscerts.py) it takes mail only
    after STARTTLS, or, with ``implicit``, speaks TLS from the first byte (SMTPS)."""

    def __init__(
        self, user: str, password: str, *, tls: TlsFiles | None = None, implicit: bool = False
    ) -> None:
        self.mailbox = Mailbox()
        self._user, self._password = user, password
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        # aiosmtpd counts only STARTTLS as TLS for AUTH: over SMTPS it must not ask for it.
        options: dict[str, Any] = {"auth_require_tls": tls is not None and not implicit}
        if tls is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(tls.cert, tls.key)
            if implicit:
                options["ssl_context"] = context
            else:
                options.update(tls_context=context, require_starttls=True)
        self._controller = _Controller(
            self.mailbox, hostname="127.0.0.1", port=self.port,
            authenticator=self._authenticate, **options,
        )

    def refuse_connection(self, number: int) -> None:
        """Turn away the ``number``-th connection from now on (1: the next) at its greeting."""
        self._controller.refused.add(self._controller.connections + number)

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                      auth_data: Any) -> AuthResult:
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == self._user
              and auth_data.password.decode() == self._password)
        if ok:
            self.mailbox.logins.append(self._user)
        return AuthResult(success=ok)

    def start(self) -> SmtpServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()
