"""The browsers' throw-away profiles: each marked with the klarsyn process that owns it, and
the orphans of a klarsyn that died without closing them reaped at the next start.

Every Chromium klarsyn starts (an audit's, crawler/browser/chromium.py; the PDF printer's,
crawler/browser/printer.py) lives in a fresh folder ``klarsyn-<kind>-*`` of the temporary
directory: Chromium's ``--user-data-dir`` is that folder or one inside it, and chromedriver
and every Chromium process run with ``TMPDIR`` inside it. :func:`make_profile` writes the
owner into the folder (:data:`OWNER_FILE`: the pid of the klarsyn process and the time it
started, so a reused pid is not taken for the owner) before any browser starts.

A klarsyn killed with SIGKILL cannot close its browsers: chromedriver leads a session of
its own and outlives it with its Chromium. :func:`reap_orphans` finds the profiles whose
owner is dead and, for each, kills the processes that name it (its ``--user-data-dir`` on
the command line, or ``TMPDIR`` in the environment), never processes picked by name, and
removes the folder. A profile whose owner lives is another klarsyn's, running now: it and
its browsers are left alone, and so is a folder without a readable mark (being made this
instant, or made by a klarsyn from before the mark).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from crawler.browser.launch import profile_of
from crawler.processes import (
    KILL_WAIT,
    environment_value,
    kill,
    process_table,
    read_process,
    start_ticks,
)

#: The prefixes of the profile folders klarsyn makes: an audit's browser, the PDF printer's.
PROFILE_PREFIXES = ("klarsyn-chromium-", "klarsyn-print-")
#: The mark in a profile folder: "<pid> <start ticks>" of the klarsyn process that owns it.
OWNER_FILE = "klarsyn-owner"


@dataclass(frozen=True)
class Owner:
    """A process for good: its pid and when it started (``crawler.processes.start_ticks``)."""

    pid: int
    started: int

    @classmethod
    def this_process(cls) -> Owner:
        pid = os.getpid()
        started = start_ticks(pid)
        if started is None:  # no /proc: cannot happen on Linux, where klarsyn runs
            raise OSError("cannot read this process's start time from /proc")
        return cls(pid, started)

    def alive(self) -> bool:
        process = read_process(self.pid)
        return process is not None and process.alive and start_ticks(self.pid) == self.started


def make_profile(prefix: str, root: Path | None = None) -> Path:
    """A new profile folder ``<root>/<prefix>*`` marked as this process's (root: the
    temporary directory). The mark is complete or absent, never half-written."""
    if not prefix.startswith(PROFILE_PREFIXES):
        raise ValueError(f"{prefix!r} is not a klarsyn profile prefix")
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=root))
    owner = Owner.this_process()
    partial = folder / f".{OWNER_FILE}"
    partial.write_text(f"{owner.pid} {owner.started}\n", encoding="ascii")
    partial.rename(folder / OWNER_FILE)
    return folder


def owner_of(profile: Path) -> Owner | None:
    """The owner marked in ``profile``; None when there is no readable mark."""
    try:
        pid, started = (profile / OWNER_FILE).read_text(encoding="ascii").split()
        return Owner(int(pid), int(started))
    except (OSError, ValueError):
        return None


def orphaned_profiles(root: Path | None = None) -> list[Path]:
    """klarsyn's profile folders in ``root`` (the temporary directory) whose owner is dead."""
    root = Path(tempfile.gettempdir()) if root is None else root
    try:
        folders = [p for p in root.iterdir() if p.name.startswith(PROFILE_PREFIXES)]
    except OSError:
        return []
    orphans = []
    for folder in sorted(folders):
        owner = owner_of(folder)
        if folder.is_dir() and not folder.is_symlink() and owner is not None and not owner.alive():
            orphans.append(folder)
    return orphans


def processes_using(profiles: Iterable[Path]) -> dict[Path, list[int]]:
    """The live processes of each profile: those whose ``--user-data-dir`` or ``TMPDIR``
    is the folder or inside it."""
    found: dict[Path, list[int]] = {Path(p): [] for p in profiles}
    if not found:
        return found
    for process in process_table().values():
        if not process.alive:
            continue
        paths = [profile_of(process.command), environment_value(process.pid, "TMPDIR")]
        for profile, pids in found.items():
            if any(path and _inside(Path(path), profile) for path in paths):
                pids.append(process.pid)
    return found


def reap_orphans(root: Path | None = None) -> list[Path]:
    """Kill the browsers of every orphaned profile in ``root`` (the temporary directory)
    and remove the folders; the folders reaped. Never raises for a process or folder
    that is gone meanwhile or cannot be touched."""
    orphans = orphaned_profiles(root)
    remove_profiles(orphans)
    return orphans


def remove_profiles(folders: Iterable[Path]) -> None:
    """Remove profile folders for good, with every process still using them killed first
    (at most ``KILL_WAIT`` seconds). Never raises. A folder whose processes outlive the
    wait is left whole, owner mark and all, for the next klarsyn to reap.

    Rounds, not one pass: a Chromium may fork a process between the process snapshot and
    the kill, and a Chromium that is shutting down writes its network state and cache
    index into the profile while the folder is being removed; rmtree then stops at
    "directory not empty" and leaves a folder without its owner mark, which no later
    klarsyn would reap. So the folders are removed only in a round that finds no live
    process naming them; a round that finds some kills them and waits for them to die."""
    left = [Path(folder) for folder in folders]
    deadline = time.monotonic() + KILL_WAIT
    while left and time.monotonic() < deadline:
        pids = [pid for found in processes_using(left).values() for pid in found]
        if not pids:
            # Nothing alive names them: once gone, nothing can write them back.
            for folder in left:
                shutil.rmtree(folder, ignore_errors=True)
            left = [folder for folder in left if folder.exists()]
            time.sleep(0.02 if left else 0)
            continue
        kill(pids)
        # SIGKILL lands when a process next runs: remove the folders once nothing uses them.
        while time.monotonic() < deadline and any(_running(pid) for pid in pids):
            time.sleep(0.02)


def _running(pid: int) -> bool:
    process = read_process(pid)
    return process is not None and process.alive


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
