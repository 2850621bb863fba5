"""Make a run's digest per owner, write it, and send it: ``klarsyn digest`` and
``klarsyn audit --digest``.

The digest (reports/digest.py) compares the run with the previous run of its site and
leaves out the findings the run's accepted exceptions cover, as its report does; the
files are ``digest/<owner>.html`` and ``.txt`` (reports/reporters/digestreport.py) in the
output folder; with a ``[mail]`` table in the config file each is mailed to its owner's
contact, or written as ``.eml`` with ``dry_run`` (klarsyn/mail.py). Nothing here prints:
the result is data (:class:`Digested`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from audits.exceptions import ExceptionsError, load_exceptions
from klarsyn.errors import UsageError
from klarsyn.mail import Delivery, deliver
from klarsyn.mailsettings import NotifySettings
from reports.digest import NoPreviousRun, build_digest
from reports.reporters.digestreport import digest_messages, write_digests
from reports.runsettings import RunSettings
from reports.store import Store


@dataclass(frozen=True)
class Digested:
    """What came of a run's digest."""

    run_id: int
    #: The previous run compared with (None: the site's first run, so no digest).
    previous: int | None
    written: tuple[Path, ...] = ()
    #: One per message, when there is a [mail] table (sent, written as .eml, failed …).
    deliveries: tuple[Delivery, ...] = ()

    @property
    def failed(self) -> tuple[Delivery, ...]:
        return tuple(d for d in self.deliveries if d.outcome == "failed")


def make_digest(
    store: Store,
    run_id: int,
    out: Path,
    settings: NotifySettings,
    environ: Mapping[str, str],
    *,
    dry_run: bool = False,
    today: date | None = None,
    report_owner: str | None = None,
) -> Digested:
    """Write (and with ``[mail]``, send) the digest of ``run_id`` into ``out/digest``.
    A site's first run has no digest (``Digested.previous`` None). ``dry_run`` without a
    ``[mail]`` table is a UsageError: there is no message to write without a sender.
    ``report_owner``: the report in the folder is that owner's alone (``audit --owner``)."""
    if dry_run and settings.mail is None:
        raise UsageError("--dry-run writes the e-mail messages, which need a [mail] table in "
                         "the config file (--config)")
    exceptions_file = RunSettings.parse(store.load_run(run_id).settings).exceptions
    try:
        exceptions = load_exceptions(Path(exceptions_file)) if exceptions_file else ()
    except ExceptionsError as exc:
        raise UsageError(str(exc)) from exc
    try:
        digest = build_digest(store, run_id, exceptions=exceptions, today=today,
                              follow_up=settings.digest.follow_up, report_owner=report_owner)
    except NoPreviousRun:
        return Digested(run_id, None)
    messages = digest_messages(digest, settings.digest.report_base,
                               send_empty=settings.digest.send_empty)
    written = write_digests(messages, out)
    deliveries: list[Delivery] = []
    if settings.mail is not None:
        deliveries = deliver(messages, settings.mail, out, environ, dry_run=dry_run)
    return Digested(run_id, digest.previous.id, tuple(written), tuple(deliveries))
