#!/usr/bin/env bash
# Set up everything this project needs on a fresh machine with Python 3.11: a virtual environment
# in .venv with the pinned packages of pyproject.toml (and the project itself, editable).
# Safe to run again: it reinstalls only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."

python_bin="${PYTHON:-}"
if [ -z "$python_bin" ]; then
    for candidate in python3.11 python3 python; do
        if command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
            python_bin="$candidate"
            break
        fi
    done
fi
if [ -z "$python_bin" ]; then
    echo "Python 3.11 is required (set PYTHON=/path/to/python3.11)." >&2
    exit 1
fi

if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv with $python_bin"
    "$python_bin" -m venv .venv
fi

stamp=".venv/.installed-$(cat pyproject.toml | sha1sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    echo "Installing Python packages into .venv (first run takes a few minutes)"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".[dev]"
    rm -f .venv/.installed-*
    touch "$stamp"
fi

export DBT_PROFILES_DIR="$PWD"
export DBT_SEND_ANONYMOUS_USAGE_STATS=false
export DAGSTER_DISABLE_TELEMETRY=1
