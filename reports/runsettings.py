"""The settings a run was audited with, read back from the store as one typed object.

The store keeps a run's settings as the JSON the crawler wrote (``AuditConfig``'s public
settings); reports, the gate and the history read them through :class:`RunSettings` only,
never by string keys. A setting a store lacks (an older klarsyn wrote it) takes its
default: no owners, the default audiences, no exceptions file.

Owners and audiences decide where a URL belongs (:meth:`Targets.place`), so a report
rendered again from the store groups the pages as the run did.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from audits.targets import (
    DEFAULT_AUDIENCES,
    NO_OWNER,
    Audience,
    Owner,
    audience_for,
    audiences_from,
    owner_for,
    owners_from,
    section_of,
)

#: The settings the report shows in tables of their own rather than in the method's list.
TABLE_SETTINGS = ("owners", "audiences")


@dataclass(frozen=True)
class Place:
    """Where a URL belongs: its section, its owner (None: no owner) and its audience."""

    section: str
    owner: Owner | None
    audience: Audience

    @property
    def owner_name(self) -> str:
        return self.owner.name if self.owner else NO_OWNER


@dataclass(frozen=True)
class Targets:
    """The run's owners and audiences (missing: none / the defaults)."""

    owners: tuple[Owner, ...]
    audiences: tuple[Audience, ...]

    @classmethod
    def from_settings(cls, settings: Mapping[str, object]) -> Targets:
        return RunSettings.parse(settings).targets

    def place(self, url: str) -> Place:
        owner = owner_for(url, self.owners)
        return Place(section_of(url), owner, audience_for(url, self.audiences))


@dataclass(frozen=True)
class RunSettings:
    """A run's settings: the ones klarsyn reads back, typed, and all of them as stored.

    ``tags`` are the axe-core tags the rules were chosen by; ``best_practice`` whether
    axe-core's best-practice rules were added to them; ``exceptions`` the accepted
    exceptions file the run was audited with ("" for none); ``start_urls`` the URLs the
    audit started from and ``fixed_urls`` whether they came from a ``--urls`` list (the
    audit then followed no links); ``max_age_days`` and ``reference_date`` how the run
    judged a page stale; ``edit_url`` the template of a page's link into the CMS ("" for
    none); ``stored`` every setting as the store holds it (report.json and the report's
    method section show them).
    """

    targets: Targets = field(default_factory=lambda: Targets((), DEFAULT_AUDIENCES))
    tags: tuple[str, ...] = ()
    best_practice: bool = False
    exceptions: str = ""
    start_urls: tuple[str, ...] = ()
    fixed_urls: bool = False
    #: Pages older than this many days are stale (policy-stale-page); 365 when not stored.
    max_age_days: int = 365
    #: The day the run counted ages to ("": the day it started).
    reference_date: str = ""
    #: The CMS editor's address of a page (reports/editlinks.py); "": no edit links.
    edit_url: str = ""
    stored: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def parse(cls, settings: Mapping[str, object]) -> RunSettings:
        owners = settings.get("owners")
        audiences = settings.get("audiences")
        tags = settings.get("tags", ())
        start_urls = settings.get("start_urls", ())
        max_age = settings.get("max_age_days")
        return cls(
            targets=Targets(
                owners_from(owners) if isinstance(owners, list | tuple) else (),
                audiences_from(audiences) if isinstance(audiences, list | tuple)
                else DEFAULT_AUDIENCES,
            ),
            tags=tuple(str(t) for t in tags) if isinstance(tags, list | tuple) else (),
            best_practice=settings.get("best_practice") is True,
            exceptions=str(settings.get("exceptions") or ""),
            start_urls=tuple(str(u) for u in start_urls)
            if isinstance(start_urls, list | tuple) else (),
            fixed_urls=settings.get("fixed_urls") is True,
            max_age_days=max_age if isinstance(max_age, int) and max_age > 0 else 365,
            reference_date=str(settings.get("reference_date") or ""),
            edit_url=str(settings.get("edit_url") or ""),
            stored=settings,
        )

    @property
    def listed(self) -> tuple[tuple[str, object], ...]:
        """The settings the method section lists, by name (owners and audiences apart)."""
        return tuple(sorted((k, v) for k, v in self.stored.items() if k not in TABLE_SETTINGS))
