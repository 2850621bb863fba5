"""Credentials for an intranet: sent only to in-scope hosts, never written anywhere.

Sources (both may be used; their values add up):

- ``--credentials FILE``, a TOML file outside the output folder::

      cookie = ["session=abc123", "lang=sv"]    # a string or a list of "name=value"
      header = "X-Api-Key: s3cret"              # a string or a list of "Name: value"
      basic = "user:password"                   # becomes "Authorization: Basic …"

- environment variables: ``KLARSYN_COOKIE`` ("name=value", several joined by "; "),
  ``KLARSYN_HEADER`` ("Name: value", several on separate lines), ``KLARSYN_BASIC_AUTH``
  ("user:password").

A problem gets one sentence that names the file, key or variable, never the value. The
values travel in the Scrapy setting ``KLARSYN_CREDENTIALS`` (never in the run's config,
which the store and the reports show); crawler/auth.py sends them to in-scope hosts only.
"""

from __future__ import annotations

import base64
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from crawler.config import ConfigError

ENV_COOKIE = "KLARSYN_COOKIE"
ENV_HEADER = "KLARSYN_HEADER"
ENV_BASIC = "KLARSYN_BASIC_AUTH"
FILE_KEYS = ("cookie", "header", "basic")

# RFC 9110 token characters: a header or cookie name.
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
# No control characters in a value (CR/LF would inject headers); tab is allowed in headers.
_BAD_VALUE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# Headers the HTTP stack owns, or that have a key of their own here.
_RESERVED = {"host", "content-length", "transfer-encoding", "connection", "cookie"}
_TOML_PLACE = re.compile(r"\(at line \d+, column \d+\)|\(at end of document\)")


class CredentialsError(ConfigError):
    """Bad credentials: one sentence naming where the problem is, never the secret."""


@dataclass(frozen=True)
class Credentials:
    """Cookies and request headers for the site; basic auth is an ``Authorization`` header.

    ``repr`` never shows a value, so a credential cannot reach a log by accident.
    """

    cookies: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()

    def __repr__(self) -> str:
        names = [name for name, _ in self.cookies] + [name for name, _ in self.headers]
        return f"Credentials(<{len(names)} value(s) hidden: {', '.join(names)}>)"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self.cookies or self.headers)

    def __add__(self, other: Credentials) -> Credentials:
        return Credentials(self.cookies + other.cookies, self.headers + other.headers)

    def secrets(self) -> tuple[str, ...]:
        """Every value as it may appear on the wire or in a file (for tests and checks)."""
        values = [v for _, v in self.cookies] + [v for _, v in self.headers]
        return tuple(v for v in values if v)


def load_credentials(
    path: Path | None, out: Path, environ: Mapping[str, str]
) -> Credentials:
    """The credentials of ``path`` (TOML) and of the environment, checked.

    Raises CredentialsError when the file is inside ``out`` (it would sit next to the
    reports someone may publish), cannot be read, or holds something malformed; and when
    two sources set ``Authorization`` twice.
    """
    found = Credentials()
    if path is not None:
        found += _from_file(path, out)
    found += _from_environment(environ)
    names = [name.lower() for name, _ in found.headers]
    if len(names) != len(set(names)):
        raise CredentialsError("a credential header is given more than once (basic auth "
                               "counts as the Authorization header)")
    return found


def _from_file(path: Path, out: Path) -> Credentials:
    resolved = path.expanduser().resolve()
    if resolved.is_relative_to(out.resolve()):
        raise CredentialsError(
            f"the credentials file {path} is inside the output folder {out}; keep it outside, "
            "where reports are not shared")
    try:
        text = resolved.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise CredentialsError(f"cannot read the credentials file {path} ({why})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # The parser's message may quote the file; only its position is repeated.
        place = _TOML_PLACE.search(str(exc))
        where = f" {place.group(0)}" if place else ""
        raise CredentialsError(
            f"the credentials file {path} is not valid TOML{where}") from None
    unknown = sorted(set(data) - set(FILE_KEYS))
    if unknown:
        raise CredentialsError(
            f"the credentials file {path} has an unknown key {unknown[0]!r} "
            f"(known: {', '.join(FILE_KEYS)})")
    where = f"the credentials file {path}"
    basic = data.get("basic")
    if basic is not None and not isinstance(basic, str):
        raise CredentialsError(f"{where}: 'basic' must be one string \"user:password\"")
    return Credentials(
        cookies=tuple(_cookie(c, f"{where}, 'cookie'") for c in _strings(data, "cookie", where)),
        headers=tuple(_header(h, f"{where}, 'header'") for h in _strings(data, "header", where))
        + ((_basic(basic, f"{where}, 'basic'"),) if basic is not None else ()),
    )


def _strings(data: Mapping[str, object], key: str, where: str) -> list[str]:
    value = data.get(key, [])
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise CredentialsError(f"{where}: {key!r} must be a string or a list of strings")
    return values


def _from_environment(environ: Mapping[str, str]) -> Credentials:
    cookies = [c for c in environ.get(ENV_COOKIE, "").split(";") if c.strip()]
    headers = [h for h in environ.get(ENV_HEADER, "").splitlines() if h.strip()]
    basic = environ.get(ENV_BASIC, "")
    return Credentials(
        cookies=tuple(_cookie(c, f"the variable {ENV_COOKIE}") for c in cookies),
        headers=tuple(_header(h, f"the variable {ENV_HEADER}") for h in headers)
        + ((_basic(basic, f"the variable {ENV_BASIC}"),) if basic else ()),
    )


def _cookie(text: str, where: str) -> tuple[str, str]:
    name, sep, value = text.strip().partition("=")
    name, value = name.strip(), value.strip()
    if not sep or not _TOKEN.match(name):
        raise CredentialsError(f"{where}: a cookie must be written name=value")
    if _BAD_VALUE.search(value) or ";" in value or "\t" in value:
        raise CredentialsError(f"{where}: the value of cookie {name!r} has a character a "
                               "cookie cannot hold (a semicolon or a control character)")
    return name, value


def _header(text: str, where: str) -> tuple[str, str]:
    name, sep, value = text.strip().partition(":")
    name, value = name.strip(), value.strip()
    if not sep or not _TOKEN.match(name) or not value:
        raise CredentialsError(f"{where}: a header must be written \"Name: value\"")
    if name.lower() in _RESERVED:
        hint = "; use a cookie entry instead" if name.lower() == "cookie" else ""
        raise CredentialsError(f"{where}: the header {name!r} cannot be set{hint}")
    if _BAD_VALUE.search(value):
        raise CredentialsError(
            f"{where}: the value of header {name!r} has a control character")
    return name, value


def _basic(text: str, where: str) -> tuple[str, str]:
    user, sep, _ = text.partition(":")
    if not sep or not user or _BAD_VALUE.search(text):
        raise CredentialsError(f"{where}: basic auth must be written user:password")
    token = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return "Authorization", f"Basic {token}"
