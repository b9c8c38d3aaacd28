#!/usr/bin/env bash
# One command for a fresh machine: set everything up, then run every test (pytest: Python tests,
# dbt builds of the golden example and generated data, dbt tests, lint). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
.venv/bin/python -m pytest -n 2 --dist loadgroup "$@"
