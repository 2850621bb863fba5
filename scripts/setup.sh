#!/usr/bin/env bash
# Idempotent set-up of everything klarsyn needs on a Debian/Ubuntu machine:
# Debian's chromium + chromium-driver (and nodejs/npm when missing; poppler-utils for
# the test that prints the report to PDF; redis-server for the distributed audit's queue
# and its tests), a virtualenv
# at .venv with the pinned Python dependencies, and axe-core from package-lock.json.
# Sourced or run by scripts/audit.sh and scripts/test.sh; safe to run again.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

say() { printf 'klarsyn setup: %s\n' "$*" >&2; }

need_apt=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -x /usr/bin/chromedriver ] || need_apt+=(chromium-driver)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)  # the printed-report test
# The queue of a distributed audit (--queue, klarsyn worker) and the tests that start one.
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || need_apt+=(redis-server)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)

if [ "${#need_apt[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        say "installing Debian packages: ${need_apt[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq "${need_apt[@]}" >/dev/null
    else
        say "missing Debian packages: ${need_apt[*]}"
        say "run as root: apt-get install -y ${need_apt[*]}   (then run this command again)"
        exit 1
    fi
fi

python3 - <<'PY' || { say "Python 3.11 or newer is required (python3 is $(python3 -V 2>&1))"; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

# Python: a virtualenv installed from the lock file; a stamp skips the work
# when neither the lock nor pyproject.toml changed.
stamp=".venv/.klarsyn-installed"
want="$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing Python dependencies into .venv"
    [ -x .venv/bin/python ] || python3 -m venv .venv
    .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock
    .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
    echo "$want" > "$stamp"
fi

# axe-core, exactly as locked.
lockhash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f node_modules/axe-core/axe.min.js ] || [ "$(cat node_modules/.klarsyn-installed 2>/dev/null)" != "$lockhash" ]; then
    say "installing axe-core from package-lock.json"
    npm ci --silent --no-audit --no-fund >/dev/null
    echo "$lockhash" > node_modules/.klarsyn-installed
fi
