"""Run dbt for this project: the one module that knows how to call it (the executable, profiles
folder, vars, target folder and environment). The command line (`build`, `demo`), the Dagster code
location (its manifest parse and its DbtCliResource) and the benchmark all go through here;
nothing else starts dbt."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crm_warehouse import settings

if TYPE_CHECKING:
    from dagster_dbt import DbtCliResource, DbtProject

    from crm_warehouse.refresh import RefreshScope


def dbt_executable() -> str:
    """dbt from this Python's environment (the venv), else from PATH."""
    candidate = Path(sys.executable).with_name("dbt")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("dbt")
    if not found:
        raise SystemExit("dbt is not installed: run the set-up command of the README first")
    return found


def dbt_vars(
    landing_zone: Path | str,
    metrics_path: Path | str,
    as_of: str | None,
    scope: RefreshScope | None = None,
) -> dict[str, Any]:
    """The vars of a build: landing zone and metrics folder (absolute), as-of instant ("" = the
    start of the build) and, with a `scope`, the accounts to refresh (`refresh_accounts`)."""
    variables: dict[str, Any] = {
        "landing_zone": str(Path(landing_zone).resolve()),
        "metrics_path": str(Path(metrics_path).resolve()),
        "as_of": as_of or "",
    }
    if scope is not None:
        variables.update(scope.dbt_vars())
    return variables


def build_args(variables: dict[str, Any], *, unit_tests: bool = True) -> list[str]:
    """The arguments of `dbt build` with these vars. Without `unit_tests`, dbt's unit tests (the
    models' logic on fixed inputs, unchanged between runs) are left out: per-account refreshes
    skip them, full builds run them."""
    args = ["build", "--vars", json.dumps(variables)]
    return args if unit_tests else [*args, "--exclude-resource-type", "unit_test"]


def _base_env() -> dict[str, str]:
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(settings.PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def dbt_env(warehouse: Path | None = None) -> dict[str, str]:
    """The environment of a dbt command that writes `warehouse` (default: $WAREHOUSE_DB, else
    the project's warehouse file; its folder is created)."""
    warehouse = warehouse or settings.warehouse_path()
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    return {**_base_env(), "WAREHOUSE_DB": str(warehouse)}


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


def parse(project_dir: Path, profiles_dir: Path, target_path: Path) -> None:
    """`dbt parse` of the project into `target_path` (manifest.json; logs there too). RuntimeError
    with dbt's output when it fails. (A plain subprocess: twice as fast as going through
    dagster-dbt, which first asks dbt for its version and loads the adapter.)"""
    result = subprocess.run(
        [
            dbt_executable(),
            "parse",
            "--quiet",
            "--project-dir",
            str(project_dir),
            "--profiles-dir",
            str(profiles_dir),
            "--target-path",
            str(target_path),
            "--log-path",
            str(target_path),
        ],
        cwd=project_dir,
        capture_output=True,
        text=True,
        env=_base_env(),
    )
    if result.returncode != 0 or not (target_path / "manifest.json").exists():
        raise RuntimeError(f"dbt parse failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")


def dbt_cli_resource(project: DbtProject) -> DbtCliResource:
    """The Dagster resource that runs dbt for the code location's dbt assets: the project's
    profiles folder (profiles.yml at its root) and this environment's dbt executable."""
    from dagster_dbt import DbtCliResource

    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    return DbtCliResource(project_dir=project, dbt_executable=dbt_executable())
