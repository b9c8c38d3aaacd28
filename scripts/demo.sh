#!/usr/bin/env bash
# One command for a fresh machine: set everything up, build the warehouse from the demo data at
# the demo's as-of instant (seeds/demo/README.md), publish it to the serving file, then serve the
# dashboard page (http://127.0.0.1:8501) and the Dagster UI (http://127.0.0.1:3000) until Ctrl-C.
#   bash scripts/demo.sh --build-only    # build and publish, serve nothing
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

serve=1
if [ "${1:-}" = "--build-only" ]; then
    serve=0
    shift
fi
.venv/bin/python -m crm_warehouse demo "$@"
[ "$serve" = "1" ] || exit 0

SKIP_SETUP=1 bash scripts/dagster_ui.sh > .dagster-ui.log 2>&1 &
dagster_pid=$!
trap 'kill "$dagster_pid" 2>/dev/null || true' EXIT INT TERM
echo "Dagster UI: http://127.0.0.1:3000 (log: .dagster-ui.log)"
echo "Dashboard:  http://127.0.0.1:8501 (Ctrl-C stops both)"
.venv/bin/python -m crm_warehouse dashboard --port 8501
