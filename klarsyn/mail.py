"""The digest by e-mail: one multipart message per owner, sent by SMTP or written as .eml.

Each message (``email.message.EmailMessage``, the default policy: UTF-8 subject and
display names encoded per RFC 2047) holds the digest's plain text and its HTML as
``multipart/alternative``; the HTML has no remote images and no scripts
(reports/templates/digest.html.j2). The recipients are the addresses in the owner's
``contact`` (comma- or semicolon-separated); an owner without one gets no message.

Each message is sent on a connection of its own, so one owner's failure (a refused
connection, a refused recipient, a timeout) is that owner's alone: it is recorded as a
:class:`Delivery` with one sentence and the others are still sent. The password is read
from the environment variable ``[mail] password_env`` names, only to log in; it is never
logged, written or put in an error message.
"""

from __future__ import annotations

import base64
import logging
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid
from pathlib import Path

from klarsyn.errors import UsageError
from klarsyn.mailsettings import MailSettings
from reports.reporters.digestreport import DIGEST_DIR, DigestMessage

log = logging.getLogger(__name__)

#: The summary of a sending, one line per owner, beside the digests.
SUMMARY_NAME = "utskick.txt"


@dataclass(frozen=True)
class Delivery:
    """What became of one owner's message: ``sent`` (to ``recipients``), ``written`` (an
    .eml of a dry run), ``skipped`` (no address to send to) or ``failed`` (``error``)."""

    owner: str
    outcome: str
    recipients: tuple[str, ...] = ()
    error: str = ""
    path: Path | None = None

    def line(self) -> str:
        """The summary file's line (Swedish): what happened to the owner's message."""
        to = ", ".join(self.recipients)
        if self.outcome == "sent":
            return f"skickat: {self.owner} → {to}"
        if self.outcome == "written":
            return f"skrivet (skickas inte): {self.owner} → {to} ({self.path})"
        if self.outcome == "skipped":
            return f"inte skickat: {self.owner} har ingen e-postadress (contact)"
        return f"MISSLYCKADES: {self.owner} → {to}: {self.error}"


def recipients(contact: str) -> tuple[Address, ...]:
    """The e-mail addresses of an owner's ``contact`` (anything that is not one is left
    out: a contact may be a web form's address)."""
    found = getaddresses([contact.replace(";", ",")])
    return tuple(Address(addr_spec=addr) for _, addr in found
                 if "@" in addr and not addr.startswith(("http:", "https:")))


def build_message(digest: DigestMessage, mail: MailSettings,
                  to: Sequence[Address]) -> EmailMessage:
    """The owner's digest as a multipart/alternative message (text, then HTML)."""
    message = EmailMessage()
    message["Subject"] = digest.subject
    message["From"] = mail.sender
    message["To"] = [Address(display_name=digest.owner, addr_spec=a.addr_spec) for a in to]
    if mail.reply_to is not None:
        message["Reply-To"] = mail.reply_to
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=mail.sender.domain)
    # RFC 3834: a machine wrote it; autoresponders must not answer it.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(digest.text)
    message.add_alternative(digest.html, subtype="html")
    return message


def deliver(
    digests: Sequence[DigestMessage],
    mail: MailSettings,
    out: Path,
    environ: Mapping[str, str],
    *,
    dry_run: bool = False,
) -> list[Delivery]:
    """Send each owner's message (``dry_run``: write it as ``digest/<owner>.eml``
    instead), then write the summary ``digest/utskick.txt``. A password variable that is
    not set is a UsageError, raised before anything is sent."""
    password = "" if dry_run else smtp_password(mail, environ)
    folder = out / DIGEST_DIR
    folder.mkdir(parents=True, exist_ok=True)
    done = []
    for digest in digests:
        to = recipients(digest.contact)
        addresses = tuple(a.addr_spec for a in to)
        if not to:
            done.append(Delivery(digest.owner, "skipped"))
            log.info("digest of %s not sent: the owner has no e-mail contact", digest.owner)
            continue
        message = build_message(digest, mail, to)
        if dry_run:
            path = folder / f"{digest.stem}.eml"
            path.write_bytes(message.as_bytes())
            done.append(Delivery(digest.owner, "written", addresses, path=path))
            continue
        try:
            _send(message, mail, password)
        except (OSError, ValueError, smtplib.SMTPException) as exc:
            error = _reason(exc)
            done.append(Delivery(digest.owner, "failed", addresses, error))
            log.warning("digest of %s to %s not delivered: %s", digest.owner,
                        ", ".join(addresses), error)
            continue
        done.append(Delivery(digest.owner, "sent", addresses))
        log.info("digest of %s sent to %s", digest.owner, ", ".join(addresses))
    (folder / SUMMARY_NAME).write_text("".join(d.line() + "\n" for d in done),
                                       encoding="utf-8")
    return done


def smtp_password(mail: MailSettings, environ: Mapping[str, str]) -> str:
    """The SMTP password from the variable ``[mail] password_env`` names ("" when no login
    is configured); a variable that is not set is a UsageError."""
    if not mail.password_env:
        return ""
    password = environ.get(mail.password_env, "")
    if not password:
        raise UsageError(
            f"the environment variable {mail.password_env} ([mail] password_env) is not "
            "set: it must hold the SMTP password"
        )
    return password


def _send(message: EmailMessage, mail: MailSettings, password: str) -> None:
    context = ssl.create_default_context(cafile=mail.ca_file)
    smtp: smtplib.SMTP
    if mail.security == "ssl":
        smtp = smtplib.SMTP_SSL(mail.host, mail.port, timeout=mail.timeout, context=context)
    else:
        smtp = smtplib.SMTP(mail.host, mail.port, timeout=mail.timeout)
    with smtp:
        if mail.security == "starttls":
            smtp.starttls(context=context)
        if mail.user:
            _login(smtp, mail.user, password)
        smtp.send_message(message)


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """Log in. smtplib encodes the credentials as ASCII, so a user or password with other
    characters ("lösen") logs in by AUTH PLAIN in UTF-8 (RFC 4616) instead."""
    if f"{user}{password}".isascii():
        smtp.login(user, password)
        return
    smtp.ehlo_or_helo_if_needed()
    if "PLAIN" not in smtp.esmtp_features.get("auth", "").upper().split():
        raise smtplib.SMTPException(
            "the server offers no AUTH PLAIN, the only way to log in with a user or password "
            "that is not ASCII"
        )
    token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode()
    code, reply = smtp.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def _reason(exc: OSError | ValueError | smtplib.SMTPException) -> str:
    """One sentence for a failed delivery: the server's reply or the connection's error
    (neither carries the password: smtplib never puts it in an exception)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = "; ".join(f"{addr}: {code} {_decoded(text)}"
                            for addr, (code, text) in exc.recipients.items())
        return f"the server refused the recipient(s) ({refused})"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"the server answered {exc.smtp_code} {_decoded(exc.smtp_error)}"
    if isinstance(exc, ConnectionRefusedError):
        return "the connection to the SMTP server was refused"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (
            "the SMTP server's TLS certificate is not trusted here: set [mail] ca_file to "
            "the certificate of the CA that signed it"
        )
    return f"{type(exc).__name__}: {exc}"


def _decoded(text: bytes | str) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else text
