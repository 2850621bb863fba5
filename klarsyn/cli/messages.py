"""How the command speaks: one ``klarsyn: ...`` line on stderr per message, and the lines
``audit`` and ``report`` both print for a rendered run (the files written, the gate's
verdict). Standard output carries only what a command was asked to show."""

from __future__ import annotations

import sys

from klarsyn.render import Rendered


def say(message: str) -> None:
    """One line on stderr, prefixed with the command's name."""
    print(f"klarsyn: {message}", file=sys.stderr)


def say_written(rendered: Rendered) -> None:
    """Where the reports are, and which could not be made."""
    for path in rendered.written:
        say(f"wrote {path.resolve()}")
    for failure in rendered.failed:
        say(f"error: {failure}")


def say_verdict(rendered: Rendered) -> int:
    """The gate's verdict: lapsed exceptions, accepted violations, each failing reason.
    Returns the gate's code."""
    for exception in rendered.expired:
        say(
            f"the accepted exception for {exception.describe()} expired on "
            f"{exception.expires.isoformat()}: its findings count again"
        )
    if rendered.gate.accepted:
        say(
            f"{rendered.gate.accepted} WCAG violation(s) accepted by the exceptions file "
            "do not count (listed in the report)"
        )
    for reason in rendered.gate.reasons:
        say(reason)
    return rendered.gate.code
