"""The digest's settings and its e-mail's: the ``[digest]`` and ``[mail]`` tables of a
config file (the file ``klarsyn audit --config`` reads; see README.md, "The digest").

``[digest]``: ``follow_up`` (the owner who gets the roll-up across owners; default
Kommunstyrelseförvaltningen), ``send_empty`` (a digest for an owner with nothing new too;
default false), ``report_url`` (where the report folder is published, so the links of a
mailed digest reach the report; default "": links relative to the digest's folder).

``[mail]``: ``host`` (required), ``port`` (default 587 for starttls, 465 for ssl, 25 for
none), ``security`` ("starttls", the default, "ssl" or "none"), ``user`` and
``password_env`` (the name of the environment variable that holds the password: the
password itself is never in a file, a log or an output), ``from`` (required; a display
name may be given: "Webbredaktionen <webb@kommun.se>"), ``reply_to``, ``timeout``
(seconds, default 30) and ``ca_file`` (a PEM file of the CA that signed the server's
certificate, for a server with a certificate of the municipality's own CA; default: the
system's CAs). Unknown keys and wrong types are errors of one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from audits.tomlfile import read_toml
from crawler.config import ConfigError
from reports.digest import FOLLOW_UP

SECURITIES = ("starttls", "ssl", "none")
_DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


@dataclass(frozen=True)
class DigestSettings:
    follow_up: str = FOLLOW_UP
    send_empty: bool = False
    report_url: str = ""

    @property
    def report_base(self) -> str:
        """What a digest's links to the report start with."""
        if not self.report_url:
            return "../"
        return self.report_url if self.report_url.endswith("/") else self.report_url + "/"


@dataclass(frozen=True)
class MailSettings:
    host: str
    sender: Address
    port: int = 587
    security: str = "starttls"
    user: str = ""
    #: The name of the environment variable with the password ("": no login).
    password_env: str = ""
    reply_to: Address | None = None
    timeout: float = 30.0
    #: The CA certificates to verify the server with (None: the system's).
    ca_file: Path | None = None


@dataclass(frozen=True)
class NotifySettings:
    digest: DigestSettings
    #: None: no [mail] table, so the digest is written and never sent.
    mail: MailSettings | None


def read_notify_settings(path: Path | None) -> NotifySettings:
    """The ``[digest]`` and ``[mail]`` tables of the config file (None: the defaults)."""
    if path is None:
        return NotifySettings(DigestSettings(), None)
    data = read_toml(path, "config file", ConfigError)
    where = f"config file {path}"
    try:
        digest = _digest(_table(data, "digest"))
        mail = _mail(_table(data, "mail")) if "mail" in data else None
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    return NotifySettings(digest, mail)


def _table(data: dict[str, Any], name: str) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"[{name}] must be a table")
    return table


def _known(table: dict[str, Any], name: str, keys: set[str]) -> None:
    unknown = sorted(set(table) - keys)
    if unknown:
        raise ConfigError(f"unknown [{name}] setting(s) {', '.join(unknown)}")


def _text(table: dict[str, Any], name: str, key: str, default: str = "") -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(f"[{name}] {key} must be a string")
    return value.strip()


def _digest(table: dict[str, Any]) -> DigestSettings:
    _known(table, "digest", {"follow_up", "send_empty", "report_url"})
    send_empty = table.get("send_empty", False)
    if not isinstance(send_empty, bool):
        raise ConfigError("[digest] send_empty must be true or false")
    report_url = _text(table, "digest", "report_url")
    if report_url and not report_url.startswith(("https://", "http://")):
        raise ConfigError("[digest] report_url must be an http or https address")
    follow_up = _text(table, "digest", "follow_up", FOLLOW_UP)
    if not follow_up:
        raise ConfigError("[digest] follow_up must name an owner")
    return DigestSettings(follow_up, send_empty, report_url)


def _address(value: str, key: str) -> Address:
    name, addr = parseaddr(value)
    if "@" not in addr or any(c in addr for c in " <>,;"):
        raise ConfigError(f"[mail] {key} must be an e-mail address (got {value!r})")
    return Address(display_name=name, addr_spec=addr)


def _mail(table: dict[str, Any]) -> MailSettings:
    if "password" in table:
        raise ConfigError("[mail] takes no password: name the environment variable that "
                          "holds it with password_env")
    _known(table, "mail", {"host", "port", "security", "user", "password_env", "from",
                           "reply_to", "timeout", "ca_file"})
    host = _text(table, "mail", "host")
    if not host:
        raise ConfigError("[mail] needs a host")
    security = _text(table, "mail", "security", "starttls")
    if security not in SECURITIES:
        raise ConfigError(f"[mail] security must be one of {', '.join(SECURITIES)}")
    port = table.get("port", _DEFAULT_PORTS[security])
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise ConfigError("[mail] port must be a whole number from 1 to 65535")
    timeout = table.get("timeout", 30)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise ConfigError("[mail] timeout must be a number of seconds above 0")
    user, password_env = _text(table, "mail", "user"), _text(table, "mail", "password_env")
    if password_env and not user:
        raise ConfigError("[mail] password_env needs a user to log in as")
    sender = _text(table, "mail", "from")
    if not sender:
        raise ConfigError("[mail] needs a from address")
    reply_to = _text(table, "mail", "reply_to")
    ca_file = _text(table, "mail", "ca_file")
    if ca_file and not Path(ca_file).is_file():
        raise ConfigError(f"[mail] ca_file {ca_file} is not a file")
    return MailSettings(
        host=host,
        sender=_address(sender, "from"),
        port=port,
        security=security,
        user=user,
        password_env=password_env,
        reply_to=_address(reply_to, "reply_to") if reply_to else None,
        timeout=float(timeout),
        ca_file=Path(ca_file) if ca_file else None,
    )
