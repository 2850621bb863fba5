"""manifest.json of an evidence pack: the SHA-256 of every file in it, and checking them.

The manifest is written once at the end of a run (also an interrupted one, then with
``"partial": true``) by :func:`write_manifest`, atomically, from the files on disk: what
is in the folder is what is listed. It holds::

    format      "klarsyn-evidence/1"
    run_id, partial, started, finished, written
    versions    klarsyn, axe-core, Chromium
    settings    the run's public settings, as the store keeps them (never credentials)
    bounds      the limits the pack was captured with (reports/evidence.py)
    redaction   how personnummer were kept out of it
    pages       [{url, folder}] of every page with a readable page.json
    files       {relative path: {"sha256": hex, "bytes": size}} of every file but itself

:func:`verify_pack` checks a pack: every listed file present with its hash, and no file
that is not listed (an added file is as much a change as an edited one: the pack is no
longer what klarsyn wrote). A folder without a readable manifest is an
:class:`EvidenceError` (bad input), not a failed check.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from reports.evidence import (
    ELEMENT_MARGIN,
    EVIDENCE_DIR,
    MANIFEST,
    MAX_ELEMENT_HEIGHT,
    MAX_ELEMENTS_PER_RULE,
    MAX_PAGE_HEIGHT,
    MAX_PAGE_WIDTH,
    page_records,
)
from reports.reporters.files import write_atomic

FORMAT = "klarsyn-evidence/1"
_CHUNK = 1 << 20

#: What the manifest says of personnummer (the same words as README.md).
REDACTION = (
    "page.html is the rendered DOM with every personnummer and samordningsnummer replaced "
    "by its shape (ÅÅMMDD-NNNN), as in the store (audits/personal_data.py). Before the "
    "screenshots the same numbers were replaced in the live page's text nodes and form "
    "values (the page, its open shadow roots and same-origin frames), and frames of other "
    "origins, which klarsyn cannot read, were hidden. Text inside images, canvas or CSS "
    "content is not read and not masked. No cookie, header or browser profile is kept."
)


class EvidenceError(ValueError):
    """A folder that is not a readable evidence pack: the message is one sentence."""


@dataclass(frozen=True)
class RunFacts:
    """What the manifest says of the run besides its files."""

    run_id: int
    partial: bool
    started: str
    finished: str
    versions: Mapping[str, str]
    settings: Mapping[str, Any]


def bounds() -> dict[str, int]:
    """The limits a pack is captured with."""
    return {
        "max_elements_per_rule_and_page": MAX_ELEMENTS_PER_RULE,
        "max_page_screenshot_height_px": MAX_PAGE_HEIGHT,
        "max_page_screenshot_width_px": MAX_PAGE_WIDTH,
        "max_element_screenshot_height_px": MAX_ELEMENT_HEIGHT,
        "element_margin_px": ELEMENT_MARGIN,
    }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _files(folder: Path) -> list[str]:
    """Every regular file under ``folder`` but the manifest, as sorted relative POSIX paths."""
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.relative_to(folder).as_posix() != MANIFEST
    )


def write_manifest(folder: Path, facts: RunFacts) -> Path:
    """Hash every file in the run's evidence ``folder`` and write its manifest.json
    atomically. Temporary files a killed writer left behind are removed first."""
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.rglob(".*.tmp"):
        leftover.unlink(missing_ok=True)
    files = {
        name: {"sha256": sha256_of(folder / name), "bytes": (folder / name).stat().st_size}
        for name in _files(folder)
    }
    manifest = {
        "format": FORMAT,
        "run_id": facts.run_id,
        "partial": facts.partial,
        "started": facts.started,
        "finished": facts.finished,
        "written": datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
        "versions": dict(facts.versions),
        "settings": dict(facts.settings),
        "bounds": bounds(),
        "redaction": REDACTION,
        "pages": [{"url": record.url, "folder": key} for key, record in page_records(folder)],
        "files": files,
    }
    path = folder / MANIFEST
    data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=False)
    write_atomic(path, data.encode("utf-8"))
    return path


@dataclass(frozen=True)
class Verdict:
    """A pack checked against its manifest: ``intact`` when nothing changed, went missing
    or was added."""

    folder: Path
    checked: int
    changed: tuple[str, ...]
    missing: tuple[str, ...]
    unlisted: tuple[str, ...]
    partial: bool

    @property
    def intact(self) -> bool:
        return not (self.changed or self.missing or self.unlisted)


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of the pack in ``folder``; EvidenceError when there is none to read."""
    path = folder / MANIFEST
    if not folder.is_dir():
        raise EvidenceError(f"{folder} is not a folder")
    if not path.is_file():
        runs = sorted(p.name for p in (folder / EVIDENCE_DIR).glob("run-*") if p.is_dir())
        hint = f" (its evidence folder holds {', '.join(runs)}: verify one of those)"
        hint = hint if runs else ""
        raise EvidenceError(f"there is no {MANIFEST} in {folder}{hint}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise EvidenceError(f"{path} is not readable JSON ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise EvidenceError(f"{path} is not a klarsyn evidence manifest (format {FORMAT})")
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("sha256"), str) for v in files.values()
    ):
        raise EvidenceError(f"{path} has no valid list of files and their SHA-256")
    for name in files:
        pure = PurePosixPath(name)
        if pure.is_absolute() or ".." in pure.parts or not name:
            raise EvidenceError(f"{path} lists a file outside its folder: {name!r}")
    return manifest


def verify_pack(folder: Path) -> Verdict:
    """Check every file of the pack in ``folder`` against its manifest."""
    manifest = read_manifest(folder)
    listed: dict[str, dict[str, Any]] = manifest["files"]
    changed, missing = [], []
    for name, entry in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            missing.append(name)
        elif sha256_of(path) != entry["sha256"]:
            changed.append(name)
    unlisted = [name for name in _files(folder) if name not in listed]
    return Verdict(
        folder=folder,
        checked=len(listed),
        changed=tuple(changed),
        missing=tuple(missing),
        unlisted=tuple(unlisted),
        partial=bool(manifest.get("partial")),
    )
