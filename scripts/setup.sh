#!/usr/bin/env bash
# Set up everything this project needs on a fresh machine with Python 3.11: a virtual environment
# in .venv with the pinned packages of pyproject.toml (and the project itself, editable).
# Safe to run again: it reinstalls only when pyproject.toml changed.
#
# Run it or source it, from any folder:
#   bash scripts/setup.sh                # set up <project>/.venv
#   source scripts/setup.sh              # the same, and export the variables at the end into
#                                        # the current shell
#   bash scripts/setup.sh --check-only   # print the project root, its .venv and whether it is
#                                        # ready (root=..., venv=..., state=...); install nothing
# The project root is found from this file's own path (BASH_SOURCE), never from the current folder
# or $0 (when sourced, $0 is the shell or the calling script). Sourced, it leaves the caller's
# folder and shell options as they were, and a failure is its return status (it never exits the
# caller's shell). Errors are checked one by one, not with `set -e`, which bash ignores inside a
# sourced file when the `source` itself is part of an `&&` / `||` list or an `if`.

_crm_setup() {
    local root="$1" check_only="$2" python_bin candidate stamp state
    stamp="$root/.venv/.installed-$(sha1sum < "$root/pyproject.toml" | cut -c1-16)"
    if [ "$check_only" = "1" ]; then
        if [ ! -x "$root/.venv/bin/python" ]; then
            state="missing"
        elif [ ! -f "$stamp" ]; then
            state="outdated"
        else
            state="ready"
        fi
        echo "root=$root"
        echo "venv=$root/.venv"
        echo "state=$state"
        return 0
    fi

    if [ ! -x "$root/.venv/bin/python" ]; then
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
            return 1
        fi
        echo "Creating $root/.venv with $python_bin"
        "$python_bin" -m venv "$root/.venv" || return 1
    fi

    if [ ! -f "$stamp" ]; then
        echo "Installing Python packages into $root/.venv (first run takes a few minutes)"
        "$root/.venv/bin/python" -m pip install --quiet --upgrade pip || return 1
        (cd "$root" && .venv/bin/python -m pip install --quiet -e ".[dev]") || return 1
        rm -f "$root"/.venv/.installed-* || return 1
        touch "$stamp" || return 1
    fi
}

_crm_setup_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_crm_setup_check_only=0
if [ "${1:-}" = "--check-only" ]; then
    _crm_setup_check_only=1
fi
if [ -n "$_crm_setup_root" ] && _crm_setup "$_crm_setup_root" "$_crm_setup_check_only"; then
    export DBT_PROFILES_DIR="$_crm_setup_root"
    export DBT_SEND_ANONYMOUS_USAGE_STATS=false
    export DAGSTER_DISABLE_TELEMETRY=1
    unset -f _crm_setup
    unset _crm_setup_root _crm_setup_check_only
else
    echo "Setup failed (project: ${_crm_setup_root:-not found})." >&2
    unset -f _crm_setup
    unset _crm_setup_root _crm_setup_check_only
    return 1 2>/dev/null || exit 1
fi
