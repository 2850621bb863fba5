"""Reading a TOML file the user named: one clear sentence for each way it can fail."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


def read_toml(path: Path, kind: str, error: type[Exception]) -> dict[str, Any]:
    """The TOML file at ``path`` as a dict; a missing, unreadable or invalid file raises
    ``error`` with a sentence that names it as ``kind`` ("config file", …)."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise error(f"{kind} {path} does not exist") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{kind} {path} cannot be read ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{kind} {path} is not valid TOML ({exc})") from exc
