"""The "Metod" section: what an auditor needs to repeat the run."""

from __future__ import annotations

from audits.axe import BEST_PRACTICE_TAG
from audits.model import IMPACTS, RunInfo
from reports.i18n import SWEDISH, Translator
from reports.labels import IMPACT_LABELS_SV
from reports.runsettings import RunSettings
from reports.sections.accessibility import IMPACT_WEIGHTS
from reports.sections.urllist import listed_settings
from reports.viewmodel.report import Method


def method(run: RunInfo, settings: RunSettings, words: Translator = SWEDISH) -> Method:
    """The run's versions and settings; ``rule_tags`` as axe-core's runOnly got them.

    Owners and audiences get tables of their own, so they are left out of ``settings``.
    """
    listed = settings.tags
    with_best = settings.best_practice and BEST_PRACTICE_TAG not in listed
    return Method(
        tool_version=run.tool_version,
        axe_version=run.axe_version,
        browser_version=run.browser_version,
        started=run.started,
        finished=run.finished,
        partial=run.partial,
        settings=listed_settings(settings, words),
        rule_tags=(*listed, BEST_PRACTICE_TAG) if with_best else listed,
        weights=tuple((words.gettext(IMPACT_LABELS_SV[i]), IMPACT_WEIGHTS[i]) for i in IMPACTS),
        owners=settings.targets.owners,
        audiences=settings.targets.audiences,
    )
