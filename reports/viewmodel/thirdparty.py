"""The "Resurser från andra webbplatser" section: the other hosts the pages load from."""

from __future__ import annotations

from dataclasses import dataclass

from reports.viewmodel.parts import RulePage


@dataclass(frozen=True)
class ThirdPartyHost:
    """One other host: how many pages load from it, a few of them, and whether it was blocked."""

    host: str
    pages: int
    examples: tuple[RulePage, ...]
    blocked: bool


@dataclass(frozen=True)
class ThirdPartyView:
    """The "Resurser från andra webbplatser" section.

    ``pages``: pages that load from at least one other host; ``blocked_pages``: pages on
    which the audit blocked them; ``hosts`` most pages first, then by name.
    """

    hosts: tuple[ThirdPartyHost, ...]
    pages: int
    blocked_pages: int
