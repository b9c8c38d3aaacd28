"""Where things are: the project folder, the warehouse file, the serving file, the demo data and
its as-of instant. Every setting can be overridden by an environment variable (or a command-line
option). Relative paths in the variables are resolved against the project folder."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEMO_LANDING_ZONE = PROJECT_DIR / "seeds" / "demo"
DEMO_AS_OF = "2026-06-30T18:00:00Z"
DEFAULT_METRICS_PATH = PROJECT_DIR / "metrics"


def warehouse_path() -> Path:
    """The DuckDB warehouse file: $WAREHOUSE_DB, else warehouse/warehouse.duckdb in the project."""
    path = Path(os.environ.get("WAREHOUSE_DB", PROJECT_DIR / "warehouse" / "warehouse.duckdb"))
    return path if path.is_absolute() else PROJECT_DIR / path


def serving_path() -> Path:
    """The serving file readers use: $SERVING_DB, else `serving.duckdb` next to the warehouse
    file (`warehouse_path()`: warehouse/warehouse.duckdb -> warehouse/serving.duckdb).

    The one place that decides it: the CLI's publish, the Dagster publish asset, the dashboard
    and `publish.connect_serving` all call it, so they never disagree (an empty $SERVING_DB counts
    as unset)."""
    configured = os.environ.get("SERVING_DB")
    if not configured:
        return warehouse_path().with_name("serving.duckdb")
    path = Path(configured)
    return path if path.is_absolute() else PROJECT_DIR / path


def landing_zone() -> Path:
    return Path(os.environ.get("LANDING_ZONE", DEMO_LANDING_ZONE)).resolve()


def metrics_path() -> Path:
    return Path(os.environ.get("METRICS_PATH", DEFAULT_METRICS_PATH)).resolve()
