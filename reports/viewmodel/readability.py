"""The "Läsbarhet och klarspråk" section: LIX bands, groups against their targets, flags."""

from __future__ import annotations

from dataclasses import dataclass

from reports.viewmodel.pages import FlagRule, PageView
from reports.viewmodel.parts import Count


@dataclass(frozen=True)
class BandRow:
    band: str
    label: str
    pages: int
    share: float


@dataclass(frozen=True)
class GroupRow:
    """Audited pages of one section, owner or audience, and their LIX against the targets.

    ``bands`` counts pages per scored band (``ReadabilityView.band_labels`` order);
    ``over_share`` is percent of the scored pages, None when none was scored;
    ``lix_target`` is set for audience rows only.
    """

    name: str
    contact: str
    audited: int
    scored: int
    median_lix: float | None
    bands: tuple[int, ...]
    over_target: int
    over_share: float | None
    flags: int
    lix_target: float | None = None


@dataclass(frozen=True)
class HardPage:
    """A page among the hardest to read, with its longest sentences (quoted)."""

    page: PageView
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class ReadabilityView:
    """The "Läsbarhet och klarspråk" section.

    ``rows``: audited pages per LIX band, ``share`` in percent of pages with a readability
    result. ``total`` is the whole site as one GroupRow; ``sections``, ``owners`` and
    ``audiences`` split it. ``targets`` lists every page with a readability result
    against its own target, the furthest over first.
    """

    rows: tuple[BandRow, ...]
    scored: int
    median_lix: float | None
    unscored: int
    band_labels: tuple[str, ...]
    total: GroupRow
    sections: tuple[GroupRow, ...]
    owners: tuple[GroupRow, ...]
    audiences: tuple[GroupRow, ...]
    targets: tuple[PageView, ...]
    hardest: tuple[HardPage, ...]
    flag_rules: tuple[FlagRule, ...]
    flags: Count
