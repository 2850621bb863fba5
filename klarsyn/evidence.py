"""The evidence pack of a run: sealing it at the end of ``klarsyn audit --evidence``, and
``klarsyn verify``.

The crawl writes the pack's files as it goes (crawler/evidence.py); :func:`seal_pack`
writes its manifest once the run is closed (reports/manifest.py), also for a run that was
interrupted or stopped on a store error, marked partial. :func:`verify_pack` checks a pack
against its manifest. Nothing here prints.
"""

from __future__ import annotations

from pathlib import Path

from audits.model import RunInfo
from crawler.config import AuditConfig
from reports.evidence import run_folder
from reports.manifest import EvidenceError, RunFacts, Verdict, verify_pack, write_manifest

__all__ = ["EvidenceError", "Verdict", "seal_pack", "verify_pack"]


def seal_pack(out: Path, run: RunInfo, config: AuditConfig, *, partial: bool) -> Path | None:
    """Write the manifest of ``run``'s evidence in ``out`` (None: the run keeps none)."""
    if not config.evidence:
        return None
    facts = RunFacts(
        run_id=run.id,
        partial=partial,
        started=run.started,
        finished=run.finished or "",
        versions={
            "klarsyn": run.tool_version,
            "axe-core": run.axe_version,
            "chromium": run.browser_version,
        },
        # As the store keeps them: the public settings, never credentials.
        settings=run.settings,
    )
    return write_manifest(run_folder(out, run.id), facts)
