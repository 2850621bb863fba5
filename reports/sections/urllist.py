"""A ``--urls`` list in the report: how much of it was audited, and how the method names it.

A list is audited whole unless ``max_pages`` was given (klarsyn/audit.py): only then can
the page budget leave some of its URLs out, and the summary and "Täckning" say how many
and why (:func:`list_cut`). The method section names the list by its size ("N adresser
från en lista", reports/sections/site.py) instead of listing every start URL, which with
a thousand URLs made the settings table pages long; report.json keeps the whole list.
"""

from __future__ import annotations

from collections.abc import Sequence

from audits.model import PageResult, PageStatus, Reason
from reports.i18n import SWEDISH, Translator
from reports.runsettings import RunSettings
from reports.sections.site import site_name
from reports.viewmodel.report import ListCut


def list_cut(rows: Sequence[PageResult], settings: RunSettings) -> ListCut | None:
    """How many URLs of the run's list the page budget left out; None when the run audited
    no list or left none out.

    In a list run every row is a URL of the list, once (such a run follows no links and
    reads no sitemap), and every budget-skipped row one the budget left out (a redirect
    does not count against it). So ``rows`` count the list: all of it in the site's
    report, the owner's URLs of it in an owner's report.
    """
    if not settings.fixed_urls:
        return None
    left_out = sum(1 for p in rows if p.status is PageStatus.SKIPPED and p.reason == Reason.BUDGET)
    if not left_out:
        return None
    budget = settings.stored.get("max_pages")
    return ListCut(
        listed=len(rows),
        left_out=left_out,
        max_pages=budget if isinstance(budget, int) else 0,
    )


def listed_settings(
    settings: RunSettings, words: Translator = SWEDISH
) -> tuple[tuple[str, object], ...]:
    """The settings the method section lists; a list run's start URLs as the list's size."""
    if not settings.fixed_urls:
        return settings.listed
    named = site_name(settings.start_urls, from_list=True, words=words)
    return tuple((k, named if k == "start_urls" else v) for k, v in settings.listed)
