"""Run dbt for this project: the one place that knows how to call it (profiles, vars, paths)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from crm_warehouse import settings


def dbt_executable() -> str:
    """dbt from this Python's environment (the venv), else from PATH."""
    candidate = Path(sys.executable).with_name("dbt")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("dbt")
    if not found:
        raise SystemExit("dbt is not installed: run the set-up command of the README first")
    return found


def dbt_vars(landing_zone: Path | str, metrics_path: Path | str, as_of: str | None) -> dict:
    return {
        "landing_zone": str(Path(landing_zone).resolve()),
        "metrics_path": str(Path(metrics_path).resolve()),
        "as_of": as_of or "",
    }


def dbt_env(warehouse: Path | None = None) -> dict[str, str]:
    warehouse = warehouse or settings.warehouse_path()
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "WAREHOUSE_DB": str(warehouse),
        "DBT_PROFILES_DIR": str(settings.PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def run_dbt(
    args: Sequence[str],
    variables: dict,
    warehouse: Path | None = None,
    extra_args: Sequence[str] = (),
) -> int:
    """Run one dbt command in the project folder, streaming its output; returns its exit code."""
    command = [dbt_executable(), *args, "--vars", json.dumps(variables), *extra_args]
    completed = subprocess.run(command, cwd=settings.PROJECT_DIR, env=dbt_env(warehouse))
    return completed.returncode
