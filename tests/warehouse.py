"""Build a warehouse with dbt in a temporary place, for tests: its own DuckDB file and target
folder, so tests never touch the developer's warehouse and can run side by side."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd

PROJECT_DIR = Path(__file__).resolve().parents[1]
SPEC_DIR = Path(os.environ.get("SPEC_DIR", PROJECT_DIR.parent / "shared" / "spec"))
if (SPEC_DIR / "golden").is_dir() is False and SPEC_DIR.name == "golden":
    SPEC_DIR = SPEC_DIR.parent
GOLDEN_DIR = SPEC_DIR / "golden"


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


class Warehouse:
    """A DuckDB warehouse file built by `dbt` from a landing zone at a pinned as-of instant."""

    def __init__(self, workdir: Path, landing_zone: Path, metrics_path: Path, as_of: str):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.path = self.workdir / "warehouse.duckdb"
        self.landing_zone = Path(landing_zone)
        self.metrics_path = Path(metrics_path)
        self.as_of = as_of

    def dbt(self, *args: str, check: bool = True, extra_vars: dict | None = None):
        variables = {
            "landing_zone": str(self.landing_zone.resolve()),
            "metrics_path": str(self.metrics_path.resolve()),
            "as_of": self.as_of,
            **(extra_vars or {}),
        }
        env = {
            **os.environ,
            "WAREHOUSE_DB": str(self.path),
            "DBT_PROFILES_DIR": str(PROJECT_DIR),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }
        command = [
            dbt_executable(),
            *args,
            "--project-dir",
            str(PROJECT_DIR),
            "--target-path",
            str(self.workdir / "target"),
            "--log-path",
            str(self.workdir / "logs"),
            "--vars",
            json.dumps(variables),
        ]
        result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=PROJECT_DIR)
        if check and result.returncode != 0:
            raise AssertionError(
                f"{' '.join(args)} failed:\n{result.stdout[-6000:]}\n{result.stderr}"
            )
        return result

    def build(self, *selectors: str):
        args = ["build"]
        if selectors:
            args += ["--select", *selectors, "--indirect-selection", "cautious"]
        return self.dbt(*args)

    def query(self, sql: str, parameters: list | None = None) -> pd.DataFrame:
        with duckdb.connect(str(self.path), read_only=True) as connection:
            return connection.execute(sql, parameters or []).df()
