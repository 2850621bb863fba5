#!/usr/bin/env bash
# Prove a change leaves klarsyn's output as it was: audit the bundled demo with the code
# of REF (default: origin/main, else HEAD) and with the working tree, then compare
# report.json and findings.csv (scripts/compare_reports.py):
#   1. the two audits, apart from their times and the order the crawl met the pages in;
#   2. one store rendered again by both (`klarsyn report`): byte for byte.
#   bash scripts/compare-demo.sh [REF]
# Needs the set-up of scripts/setup.sh (the .venv serves both trees: same dependencies).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ref="${1:-$(git -C "$root" rev-parse --verify -q origin/main || git -C "$root" rev-parse HEAD)}"
py="$root/.venv/bin/python"
work="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$root" worktree add -q --detach "$work/old" "$ref"

klarsyn() {  # klarsyn TREE ARGS...: the command line of that tree, whatever its module
    local tree="$1"; shift
    local module=klarsyn
    [ -f "$tree/klarsyn/__main__.py" ] || module=crawler.cli
    (cd "$work" && PYTHONPATH="$tree" KLARSYN_AXE_DIR="$root/node_modules/axe-core" \
        "$py" -m "$module" "$@")
}

status=0
klarsyn "$work/old" audit --out "$work/audit-old" 2>/dev/null || true
klarsyn "$root" audit --out "$work/audit-new" 2>/dev/null || true
echo "== two audits of the demo: $ref against the working tree"
"$py" "$root/scripts/compare_reports.py" "$work/audit-old" "$work/audit-new" || status=1
klarsyn "$work/old" report "$work/audit-new/klarsyn.sqlite" --out "$work/render-old" \
    2>/dev/null || true
klarsyn "$root" report "$work/audit-new/klarsyn.sqlite" --out "$work/render-new" \
    2>/dev/null || true
echo "== one store rendered by both"
"$py" "$root/scripts/compare_reports.py" --exact "$work/render-old" "$work/render-new" || status=1
exit "$status"
