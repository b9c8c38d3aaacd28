#!/usr/bin/env bash
# One command for a fresh machine: set everything up, then build the warehouse from the demo data
# at the demo's as-of instant (seeds/demo/README.md). Extra arguments go to `crm-warehouse demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
.venv/bin/python -m crm_warehouse demo "$@"
