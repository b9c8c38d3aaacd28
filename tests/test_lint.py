"""Lint: the SQL of the dbt project passes sqlfluff (house style, `.sqlfluff`) and the Python passes
ruff (`pyproject.toml`), as CI checks them. sqlfluff's dbt templater compiles the project, so it
gets its own empty warehouse file and target folder: it never touches the developer's warehouse."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
SQL_PATHS = ["models", "tests/dbt"]


def run(command: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False
    )


def failure_report(result: subprocess.CompletedProcess) -> str:
    return f"exit code {result.returncode}\n{result.stdout[-20000:]}\n{result.stderr[-5000:]}"


@pytest.mark.xdist_group("lint")
def test_sql_of_models_and_dbt_tests_passes_sqlfluff(tmp_path):
    env = {
        **os.environ,
        "WAREHOUSE_DB": str(tmp_path / "lint.duckdb"),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [sys.executable, "-m", "sqlfluff", "lint", *SQL_PATHS, "--processes", "2"]
    result = run(command, env)
    assert result.returncode == 0, failure_report(result)


@pytest.mark.xdist_group("lint")
def test_python_passes_ruff():
    result = run([sys.executable, "-m", "ruff", "check", "."])
    assert result.returncode == 0, failure_report(result)
