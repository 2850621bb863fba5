"""Credentials for an intranet: sent only to in-scope hosts, never written anywhere.

The loading (from environment variables or a file outside the output folder) lives
here too; see README.md, "Credentials for an intranet".
"""

from __future__ import annotations

from dataclasses import dataclass


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

    def __bool__(self) -> bool:
        return bool(self.cookies or self.headers)
