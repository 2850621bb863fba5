#!/usr/bin/env bash
# Prove a change leaves klarsyn's output as it was: audit the bundled demo with the code
# of REF (default: origin/main, else HEAD) and with the working tree, then compare
# report.json and findings.csv (scripts/compare_reports.py):
#   1. the two audits, apart from their times and the order the crawl met the pages in;
#   2. one store rendered again by both (`klarsyn report`), byte for byte: its first run,
#      its second (a diff and trends), one owner's report, and with accepted exceptions.
#   bash scripts/compare-demo.sh [REF]
# Needs the set-up of scripts/setup.sh (the .venv serves both trees: same dependencies).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ref="${1:-$(git -C "$root" rev-parse --verify -q origin/main || git -C "$root" rev-parse HEAD)}"
py="$root/.venv/bin/python"
work="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$work/old" >/dev/null 2>&1 || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
echo "working in $work"
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
# A second audit into the same store gives run 2 a diff against run 1 and trend points;
# an exceptions file gives accepted and expired exceptions: every part of the reports.
klarsyn "$root" audit --out "$work/audit-new" 2>/dev/null || true
cat > "$work/undantag.toml" <<'TOML'
[[exception]]
rule = "list"
reason = "Mallen byts ut"
decided_by = "Test"
expires = 2099-01-01

[[exception]]
rule = "image-alt"
reason = "Gammalt beslut"
decided_by = "Test"
expires = 2020-01-01
TOML
render() {  # render NAME ARGS...: one store rendered by the old and the new code alike
    local name="$1"; shift
    for tree in old new; do
        local src="$work/old"
        [ "$tree" = new ] && src="$root"
        klarsyn "$src" report "$work/audit-new/klarsyn.sqlite" --out "$work/$name-$tree" "$@" \
            2>/dev/null || true
    done
    echo "== one store rendered by both: $name"
    "$py" "$root/scripts/compare_reports.py" --exact "$work/$name-old" "$work/$name-new" \
        || status=1
}
render first-run --run 1
render second-run
render owner --owner Kommunstyrelseförvaltningen
render exceptions --exceptions "$work/undantag.toml"
exit "$status"
