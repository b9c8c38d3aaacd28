#!/usr/bin/env bash
# One command for a fresh machine: set everything up, then run every test (pytest: Python tests,
# dbt builds of the golden example and generated data, dbt tests, lint). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
# The dashboard's browser test drives Debian's chromium (never a downloaded browser build).
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing chromium for the dashboard's browser test"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
        >/dev/null 2>&1 || echo "Could not install chromium: the browser test will be skipped" >&2
fi
.venv/bin/python -m pytest -n 2 --dist loadgroup "$@"
