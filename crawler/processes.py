"""The machine's processes, read from /proc, and killing them.

The one place that walks the process table. A browser is chromedriver and the
Chromium processes it starts, in a process group of their own (crawler/browser/chromium.py); a
forced stop kills every process below klarsyn's own (crawler/run.py). Both need the
same few facts of a process: its parent, its group, whether it is a zombie, its
command line. :func:`process_table` reads them for every process in one pass; the
helpers below answer from such a read.

A process may exit while it is being read: it is then left out, as if it had exited
just before.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Process:
    """One process, from ``/proc/<pid>/stat`` and ``/proc/<pid>/cmdline``."""

    pid: int
    parent: int
    group: int
    #: The state letter of ``stat``: ``R``, ``S``, ``Z`` (zombie)...
    state: str
    #: CPU time used so far, user and system, in clock ticks.
    cpu_ticks: int
    command: tuple[str, ...]

    @property
    def alive(self) -> bool:
        """Whether it still runs: a zombie has exited and only waits to be reaped."""
        return self.state != "Z"


def read_process(pid: int) -> Process | None:
    """The process ``pid`` now; None when there is none (any more)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            # The command name may hold spaces and parentheses: split after the last ")".
            fields = stat.read().rsplit(b")", 1)[1].split()
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            arguments = cmdline.read().decode("utf-8", "replace")
        return Process(
            pid=pid,
            parent=int(fields[1]),
            group=int(fields[2]),
            state=fields[0].decode("ascii", "replace"),
            cpu_ticks=int(fields[11]) + int(fields[12]),
            # Arguments end with a NUL each; a kernel thread has none.
            command=tuple(arguments.removesuffix("\0").split("\0")) if arguments else (),
        )
    except (OSError, IndexError, ValueError):
        return None  # gone meanwhile


def start_ticks(pid: int) -> int | None:
    """When ``pid`` started, in clock ticks after boot (``stat``'s field 22); None when
    there is no such process. With the pid it names one process for good: a pid is
    reused, a (pid, start) pair is not."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return int(stat.read().rsplit(b")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def environment_value(pid: int, name: str) -> str | None:
    """The value of ``name`` in the environment ``pid`` was started with; None when it has
    none, the process is gone, or its environment cannot be read (another user's)."""
    try:
        with open(f"/proc/{pid}/environ", "rb") as environ:
            entries = environ.read().split(b"\0")
    except OSError:
        return None
    prefix = name.encode() + b"="
    for entry in entries:
        if entry.startswith(prefix):
            return entry[len(prefix) :].decode("utf-8", "replace")
    return None


def process_table() -> dict[int, Process]:
    """Every process on the machine, by pid, read in one pass over /proc."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (process := read_process(int(entry))) is not None:
            table[process.pid] = process
    return table


def descendants(pid: int, table: Mapping[int, Process] | None = None) -> list[Process]:
    """Every process below ``pid`` (children, their children...), zombies included.

    ``table`` is a snapshot from :func:`process_table`; without one, /proc is read now.
    """
    table = process_table() if table is None else table
    children: dict[int, list[Process]] = {}
    for process in table.values():
        children.setdefault(process.parent, []).append(process)
    below: list[Process] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            below.append(child)
            todo.append(child.pid)
    return below


def process_group_members(group: int) -> list[int]:
    """The live (not zombie) processes of a process group."""
    return [p.pid for p in process_table().values() if p.group == group and p.alive]


def kill(pids: Iterable[int]) -> None:
    """SIGKILL every process in ``pids``, then reap those that are this process's children.

    The others are reaped by their own parents, or by init once those are gone.
    """
    pids = list(pids)
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    for pid in pids:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


#: How long a killed process group may take to be gone: SIGKILL is delivered when the
#: process next runs, which on a loaded machine can be a while after the kill.
KILL_WAIT = 5.0


def kill_process_group(group: int) -> None:
    """SIGKILL every process of a process group (one that is gone already is no error), and
    wait until none is alive (at most ``KILL_WAIT`` seconds): a caller that goes on to
    start another browser or remove a profile must not race the dying ones."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signal.SIGKILL)
    deadline = time.monotonic() + KILL_WAIT
    while process_group_members(group) and time.monotonic() < deadline:
        time.sleep(0.02)
