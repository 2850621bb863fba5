"""The output folder of an audit or a rendering: created, and proven writable before any work."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from klarsyn.errors import UsageError


def prepare_out(out: Path | None) -> Path:
    """``out`` created if missing, or a new ``klarsyn-rapport-<stamp>`` folder for None.

    A file is written and removed in it first, so a folder that cannot take the reports
    fails here, as a UsageError, not after the crawl.
    """
    if out is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        out = Path(f"klarsyn-rapport-{stamp}")
        n = 1
        while out.exists():
            n += 1
            out = Path(f"klarsyn-rapport-{stamp}-{n}")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".klarsyn-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"cannot write to the output folder {out} ({exc.strerror})") from exc
    return out
