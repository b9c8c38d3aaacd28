#!/usr/bin/env bash
# Start the Dagster UI (`dagster dev`: webserver + daemon) for the warehouse's code location
# (orchestration/, see docs/orchestration.md) on http://127.0.0.1:3000.
#
# The warehouse is $WAREHOUSE_DB (default: the demo warehouse warehouse/warehouse.duckdb, built by
# scripts/demo.sh); the landing zone $LANDING_ZONE and metrics $METRICS_PATH (default: the demo).
# Dagster keeps its runs in $DAGSTER_HOME (default: .dagster/ in the project, git-ignored), whose
# dagster.yaml turns telemetry off and lets one warehouse run at a time. No prompts.
#
# Environment: DAGSTER_PORT (3000), DAGSTER_HOST (127.0.0.1), SKIP_SETUP=1 to skip the .venv
# check of scripts/setup.sh. Extra arguments go to `dagster dev`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_SETUP:-}" != "1" ]; then
    source scripts/setup.sh
fi

export DAGSTER_HOME="${DAGSTER_HOME:-$PWD/.dagster}"
export DAGSTER_DISABLE_TELEMETRY=1
export DBT_PROFILES_DIR="$PWD"
export DBT_SEND_ANONYMOUS_USAGE_STATS=false
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export PATH="$PWD/.venv/bin:$PATH"

mkdir -p "$DAGSTER_HOME"
if [ ! -f "$DAGSTER_HOME/dagster.yaml" ]; then
    cat > "$DAGSTER_HOME/dagster.yaml" <<'YAML'
# Written by scripts/dagster_ui.sh.
telemetry:
  enabled: false
concurrency:
  runs:
    # DuckDB has a single writer (and a writer locks readers out): one warehouse run at a time.
    tag_concurrency_limits:
      - key: crm_warehouse/warehouse
        limit: 1
YAML
fi

# The code location parses the dbt project itself when it loads (orchestration/project.py, through
# crm_warehouse/dbt.py, the one place that runs dbt): at every load under `dagster dev`.
exec .venv/bin/dagster dev --port "${DAGSTER_PORT:-3000}" --host "${DAGSTER_HOST:-127.0.0.1}" "$@"
