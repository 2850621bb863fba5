"""A real SMTP server on 127.0.0.1 for the digest's e-mail tests (aiosmtpd).

It keeps every message it accepts, refuses the recipients it is told to refuse (550), and
logs in only with the user and password it is given (AUTH PLAIN/LOGIN without TLS: the
test server is on loopback).
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session


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


class SmtpServer:
    """``SmtpServer(user, password).start()``: a server on a free port; ``stop()`` after."""

    def __init__(self, user: str, password: str) -> None:
        self.mailbox = Mailbox()
        self._user, self._password = user, password
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._controller = Controller(
            self.mailbox, hostname="127.0.0.1", port=self.port,
            authenticator=self._authenticate, auth_require_tls=False,
        )

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
