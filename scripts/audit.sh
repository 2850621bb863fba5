#!/usr/bin/env bash
# Set up (idempotently) and run an audit. Without arguments: the bundled demo site.
#   bash scripts/audit.sh                      # audit the demo municipality
#   bash scripts/audit.sh https://example.se/  # audit a real site (any `klarsyn audit` options)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
exec "$root/.venv/bin/klarsyn" audit "$@"
