#!/usr/bin/env bash
# Set up (idempotently) and run the whole test suite: lint, then pytest
# (unit tests and integration tests with real Chromium, Scrapy and SQLite).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
cd "$root"
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
