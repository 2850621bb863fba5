"""The one error of klarsyn's own: bad input from the user.

The application layer raises it; the command line prints its message as
``klarsyn: error: MESSAGE`` and exits 1, as it does for ``ConfigError`` and ``StoreError``.
"""

from __future__ import annotations


class UsageError(Exception):
    """Bad input from the user: the message is one clear sentence."""
