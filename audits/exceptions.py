"""Accepted exceptions: findings a named person has decided to live with, until a date.

An exceptions file is TOML with one ``[[exception]]`` table per decision::

    [[exception]]
    rule = "color-contrast"
    selector = ".hero p"          # optional: the exact selector, or "re:" and a regex
    url = "/kampanj/"             # optional: a regex searched in the page URL
    reason = "Leverantörens kampanjmodul, byts ut i mars"
    decided_by = "Anna Andersson, webbredaktör"
    expires = 2027-03-01          # a TOML date (or a quoted ISO date)

An exception matches a finding when the rule ids are equal, the selector is equal (or its
regex is found in the finding's selector) and the URL regex is found in the page URL; an
absent selector or URL matches any. It is in force up to and including the day before
``expires``: from that day on it matches nothing, so the finding counts again.

Accepted findings are never hidden: :func:`split_accepted` hands them to the report, which
shows them in their own section with the reason, who decided and until when. Nothing here
is stored; the file is read when a report is rendered or a gate evaluated, so editing it and
running ``klarsyn report`` again changes the result. Pure: no I/O except reading the file.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from audits.model import Finding, PageResult
from audits.tomlfile import read_toml

#: The prefix that makes a selector a regular expression.
REGEX_PREFIX = "re:"

_REQUIRED = ("rule", "reason", "decided_by", "expires")
_OPTIONAL = ("selector", "url")


class ExceptionsError(ValueError):
    """A bad exceptions file: the message is one sentence for the user."""


@dataclass(frozen=True)
class AcceptedException:
    """One accepted finding (or family of findings): what, where, why, who, until when."""

    rule: str
    reason: str
    decided_by: str
    expires: date
    #: The exact selector, or ``re:`` and a regex searched in the selector; "" matches any.
    selector: str = ""
    #: A regex searched in the page URL; "" matches any page.
    url: str = ""
    _selector_re: re.Pattern[str] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _url_re: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Compiled once here, so a bad regex fails when the file is read, not mid-report.
        if self.selector.startswith(REGEX_PREFIX):
            pattern = re.compile(self.selector[len(REGEX_PREFIX) :])
            object.__setattr__(self, "_selector_re", pattern)
        if self.url:
            object.__setattr__(self, "_url_re", re.compile(self.url))

    def in_force(self, today: date) -> bool:
        """Whether the decision still holds on ``today`` (it lapses on ``expires``)."""
        return today < self.expires

    def covers(self, finding: Finding, page_url: str) -> bool:
        """Whether this exception describes ``finding`` on ``page_url``, expired or not."""
        if finding.rule != self.rule:
            return False
        if self._selector_re is not None:
            if not self._selector_re.search(finding.selector):
                return False
        elif self.selector and finding.selector != self.selector:
            return False
        return self._url_re is None or self._url_re.search(page_url) is not None

    def describe(self) -> str:
        """A short English label for logs and gate lines: rule, selector and URL."""
        where = [f"selector {self.selector!r}"] if self.selector else []
        where += [f"url {self.url!r}"] if self.url else []
        return self.rule + (f" ({', '.join(where)})" if where else "")


def load_exceptions(path: Path) -> tuple[AcceptedException, ...]:
    """Read and check an exceptions file; any problem is an :class:`ExceptionsError`."""
    data = read_toml(path, "exceptions file", ExceptionsError)
    unknown = sorted(set(data) - {"exception"})
    if unknown:
        raise ExceptionsError(
            f"exceptions file {path}: unknown key(s) {', '.join(unknown)} "
            "(write each exception as an [[exception]] table)"
        )
    entries = data.get("exception", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ExceptionsError(f"exceptions file {path}: 'exception' must be [[exception]] tables")
    exceptions = []
    for number, entry in enumerate(entries, start=1):
        try:
            exceptions.append(parse_exception(entry))
        except ExceptionsError as exc:
            raise ExceptionsError(f"exceptions file {path}, exception {number}: {exc}") from exc
    return tuple(exceptions)


def parse_exception(entry: dict[str, Any]) -> AcceptedException:
    """One ``[[exception]]`` table, checked: required keys, types, regexes, the date."""
    unknown = sorted(set(entry) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise ExceptionsError(f"unknown key(s) {', '.join(unknown)}")
    missing = [key for key in _REQUIRED if key not in entry]
    if missing:
        raise ExceptionsError(f"'{missing[0]}' is missing ({_WHY[missing[0]]})")
    texts = {}
    for key in ("rule", "reason", "decided_by", *_OPTIONAL):
        value = entry.get(key, "")
        if not isinstance(value, str):
            raise ExceptionsError(f"'{key}' must be a string")
        texts[key] = value.strip()
        if key in _REQUIRED and not texts[key]:
            raise ExceptionsError(f"'{key}' is empty ({_WHY[key]})")
    selector = texts["selector"]
    if selector.startswith(REGEX_PREFIX):
        _check_regex("selector", selector[len(REGEX_PREFIX) :])
    _check_regex("url", texts["url"])
    return AcceptedException(expires=_date(entry["expires"]), **texts)


_WHY = {
    "rule": "name the rule id the exception accepts",
    "reason": "say why the finding is accepted",
    "decided_by": "say who decided to accept it",
    "expires": "give the date it must be looked at again, like 2027-03-01",
}


def _check_regex(key: str, pattern: str) -> None:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ExceptionsError(f"'{key}' is not a valid regular expression ({exc})") from exc


def _date(value: Any) -> date:
    # tomllib gives a datetime for a date with a time: that is not a day, so refuse it.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ExceptionsError("'expires' must be a date like 2027-03-01")


def match(
    finding: Finding,
    page_url: str,
    exceptions: Iterable[AcceptedException],
    today: date,
) -> AcceptedException | None:
    """The first exception in force on ``today`` that covers ``finding`` on ``page_url``.

    An expired exception never matches: the finding is back, as if never accepted.
    """
    for exception in exceptions:
        if exception.in_force(today) and exception.covers(finding, page_url):
            return exception
    return None


def expired(exceptions: Iterable[AcceptedException], today: date) -> tuple[AcceptedException, ...]:
    """The exceptions that no longer hold on ``today``, in file order."""
    return tuple(e for e in exceptions if not e.in_force(today))


Accepted = tuple[PageResult, Finding, AcceptedException]


def split_accepted(
    pages: Sequence[PageResult],
    exceptions: Sequence[AcceptedException],
    today: date,
) -> tuple[list[Accepted], list[PageResult]]:
    """Separate the accepted findings from the rest, for a report or a gate.

    Returns ``(accepted, remaining_pages)``: every accepted finding with its page and the
    exception that accepts it (in page and finding order), and the pages with those
    findings taken out (a page keeps its place, even when none of its findings remain).
    Pages are matched by their ledger URL. With no exceptions the pages come back as given.
    """
    if not exceptions:
        return [], list(pages)
    accepted: list[Accepted] = []
    remaining_pages = []
    for page in pages:
        kept = []
        for finding in page.findings:
            exception = match(finding, page.url, exceptions, today)
            if exception is None:
                kept.append(finding)
            else:
                accepted.append((page, finding, exception))
        if len(kept) == len(page.findings):
            remaining_pages.append(page)
        else:
            remaining_pages.append(dataclasses.replace(page, findings=tuple(kept)))
    return accepted, remaining_pages
