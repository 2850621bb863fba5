"""One report's input, prepared once: what every section and every format starts from.

``prepare`` does, once per report, the work every format needs before it can count or
list anything: it gives every finding its fingerprint, decides the site's template faults
(on the whole site's rows, so an owner's report marks the same faults as the site's),
picks the owner's rows (``filter_owner``, the one place a report is limited to an owner),
narrows the diff against the previous run to what the report counts, and reads the run's
targets and the rules' texts. The sections (``reports.sections``) and the reporters
(``reports.reporters``) only read the result.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypedDict, Unpack

from audits.exceptions import Accepted, AcceptedException
from audits.fingerprint import fingerprint, fingerprints, site_key
from audits.model import ConsentBanner, DiffStatus, Finding, PageResult, RuleInfo, RunInfo
from audits.targets import NO_OWNER, Owner, owner_name
from reports.evidence import EvidenceIndex
from reports.history import Fault, RunDiff, template_keys
from reports.ruletexts import RuleTexts
from reports.runsettings import RunSettings, Targets
from reports.trends import RunPoint

if TYPE_CHECKING:
    # reports.manual reads the sample's words, whose sections import this module.
    from reports.manual import ManualReview


@dataclass(frozen=True)
class Marker:
    """Marks each finding of a run: whether it is a template fault (its site key is one of
    ``keys``) and, with a diff, its status against the previous run (by fingerprint)."""

    keys: frozenset[str]
    statuses: Mapping[str, DiffStatus]
    #: Each finding's site key, computed once: a report asks for it several times per
    #: finding, and computing it parses the snippet (most of the time of a big report).
    _site_keys: dict[Finding, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(
        cls,
        keys: Collection[str],
        diff: RunDiff | None,
        site_keys: dict[Finding, str] | None = None,
    ) -> Marker:
        """The marker of ``keys`` and ``diff``; markers of one run's findings may share
        ``site_keys`` (the cache of each finding's site key), so each is computed once."""
        statuses = diff.statuses() if diff is not None else {}
        return cls(frozenset(keys), statuses, {} if site_keys is None else site_keys)

    def template_key(self, f: Finding) -> str | None:
        """The finding's site key when it is a template fault, else None."""
        key = self._site_keys.get(f)
        if key is None:
            key = self._site_keys[f] = site_key(f)
        return key if key in self.keys else None

    def status(self, f: Finding, page_url: str) -> DiffStatus | None:
        """New, persisting or reappeared; None without a diff (or for an unknown finding)."""
        if not self.statuses:
            return None
        return self.statuses.get(print_of(f, page_url))


class FollowUp(TypedDict, total=False):
    """What a report may show beside a run's rows (every part optional): ``diff`` against
    the previous run (``reports.history``), ``history`` the trend points
    (``reports.trends.trend_points``, this run's last), ``accepted`` the findings accepted
    exceptions took out of the rows and ``expired`` the exceptions that have lapsed
    (``audits.exceptions.split_accepted`` and ``expired``), ``evidence`` the run's
    evidence pack (``reports.evidence.EvidenceIndex``), ``manual`` an auditor's
    manual verdicts (``reports.manual``) and ``sample_seed`` the seed of the sample for
    manual review (None: the run's own, ``reports.sections.sample.default_seed``)."""

    diff: RunDiff | None
    history: Sequence[RunPoint] | None
    accepted: Sequence[Accepted] | None
    expired: Sequence[AcceptedException]
    evidence: EvidenceIndex | None
    manual: ManualReview | None
    sample_seed: int | None
    consent: ConsentBanner | None


@dataclass(frozen=True)
class ReportInput:
    """Everything one report shows, prepared (see the module doc).

    ``rows`` are the ledger rows the report is about (the owner's; all of them without
    ``owner``), in ledger order, every finding fingerprinted. ``diff`` is the diff the
    report counts: the owner's faults, without the findings accepted exceptions took out.
    ``accepted`` are the owner's accepted findings (None: no exceptions file), ``expired``
    the exceptions that have lapsed.

    The findings' statuses come from three markers that differ only in how far the diff
    was narrowed before its statuses were read: ``marker`` (the HTML report) from the whole
    site's diff without the accepted findings, ``owner_marker`` (report.json) from
    ``diff``, ``given_marker`` (findings.csv) from the diff as given. For a run rendered
    from its store they agree (the diff's later run is the run itself and the stored
    findings carry their fingerprints); they are kept apart so no format's output changes.
    """

    run: RunInfo
    settings: RunSettings
    rows: tuple[PageResult, ...]
    rules: RuleTexts
    owner: str | None
    diff: RunDiff | None
    marker: Marker
    owner_marker: Marker
    given_marker: Marker
    history: Sequence[RunPoint] | None
    accepted: Sequence[Accepted] | None
    expired: Sequence[AcceptedException]
    #: The language of the report's own words (``reports.i18n.LANGUAGES``).
    lang: str = "sv"
    #: The run's evidence pack (reports/evidence.py), linked from the HTML report; None
    #: when the run kept none.
    evidence: EvidenceIndex | None = None
    #: An auditor's manual verdicts (``klarsyn report --manual``), None: none given.
    manual: ManualReview | None = None
    #: The seed of the sample for manual review (None: the run's own).
    sample_seed: int | None = None
    #: The cookie banner, audited once, open, on the start page; None: no [consent].
    consent: ConsentBanner | None = None

    @property
    def targets(self) -> Targets:
        return self.settings.targets


def prepare(
    run: RunInfo,
    pages: Sequence[PageResult],
    rules: Mapping[str, RuleInfo],
    owner: str | None = None,
    lang: str = "sv",
    **follow: Unpack[FollowUp],
) -> ReportInput:
    """The input of the report of ``run`` (or of ``owner``'s part of it), in ``lang``.

    ``pages`` are the run's ledger rows, without the findings accepted exceptions took out
    (those are ``accepted``); ``diff`` is against the previous run, ``history`` the trend
    points (``reports.trends.trend_points``). An owner the run does not know raises
    ValueError (``filter_owner``).
    """
    diff, accepted = follow.get("diff"), follow.get("accepted")
    settings = RunSettings.parse(run.settings)
    owners = settings.targets.owners
    everything = tuple(fingerprinted(pages))
    rows = everything if owner is None else tuple(filter_owner(everything, owner, owners))
    keys = template_keys(everything)
    # One cache of site keys for the three markers: the HTML, JSON and CSV reports each
    # ask for every finding's, and a 10,000-page run has hundreds of thousands.
    site_keys: dict[Finding, str] = {}
    # Every accepted finding leaves the diff, whoever owns its page: the diff names owners
    # by the settings of its own later run, which need not be this run's.
    taken_out = accepted_prints(accepted)
    site_diff = None if diff is None else narrowed(diff, accepted=taken_out)
    owner_diff = None if diff is None else narrowed(diff, owner, taken_out)
    if owner is not None and accepted is not None:
        accepted = [item for item in accepted if owner_name(item[0].url, owners) == owner]
    return ReportInput(
        run=run,
        settings=settings,
        rows=rows,
        rules=RuleTexts(rules, lang),
        owner=owner,
        diff=owner_diff,
        marker=Marker.of(keys, site_diff, site_keys),
        owner_marker=Marker.of(keys, owner_diff, site_keys),
        given_marker=Marker.of(keys, diff, site_keys),
        history=follow.get("history"),
        accepted=accepted,
        expired=follow.get("expired", ()),
        lang=lang,
        evidence=follow.get("evidence"),
        manual=follow.get("manual"),
        sample_seed=follow.get("sample_seed"),
        consent=follow.get("consent"),
    )


def filter_owner(
    pages: Iterable[PageResult], owner: str, owners: Sequence[Owner]
) -> list[PageResult]:
    """The ledger rows of one owner ("ingen ägare": the rows no owner's pattern matches).

    An owner name that is not configured raises ValueError naming the known owners.
    """
    known = [*(o.name for o in owners), NO_OWNER]
    if owner not in known:
        listed = ", ".join(repr(name) for name in known)
        raise ValueError(f"unknown owner {owner!r}; the owners of this run are: {listed}")
    return [p for p in pages if owner_name(p.url, owners) == owner]


def fingerprinted(pages: Iterable[PageResult]) -> list[PageResult]:
    """``pages`` with every finding's fingerprint set (``audits.fingerprint.fingerprints``:
    two identical elements on a page get distinct ones). Stored findings already have one;
    a page whose findings all have one is returned as it is."""
    result = []
    for page in pages:
        if all(f.fingerprint for f in page.findings):
            result.append(page)
            continue
        prints = fingerprints(page.findings, page.url)
        result.append(
            replace(
                page,
                findings=tuple(
                    replace(f, fingerprint=fp) for f, fp in zip(page.findings, prints, strict=True)
                ),
            )
        )
    return result


def print_of(f: Finding, page_url: str) -> str:
    """The finding's fingerprint: its own when set, else computed from it and its page."""
    return f.fingerprint or fingerprint(f, page_url)


def accepted_prints(accepted: Sequence[Accepted] | None) -> frozenset[str]:
    """The fingerprints of the findings accepted exceptions took out of the report."""
    return frozenset(print_of(f, page.url) for page, f, _ in accepted or ())


def narrowed(diff: RunDiff, owner: str | None = None, accepted: Collection[str] = ()) -> RunDiff:
    """The diff of one owner's faults (None: all), without the ``accepted`` fingerprints
    (findings of this run an accepted exception takes out of the report)."""
    if owner is None and not accepted:
        return diff

    def keep(f: Fault) -> bool:
        return (owner is None or f.owner == owner) and f.fingerprint not in accepted

    return replace(
        diff,
        faults=tuple(f for f in diff.faults if keep(f)),
        review=tuple(f for f in diff.review if keep(f)),
    )
