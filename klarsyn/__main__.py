"""``python -m klarsyn``: the ``klarsyn`` command."""

from __future__ import annotations

import sys

from klarsyn.cli import main

if __name__ == "__main__":
    sys.exit(main())
