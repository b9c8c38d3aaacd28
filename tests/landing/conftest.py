import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.warehouse import GOLDEN_DIR, Warehouse


def read_table(landing: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(landing / f"{table}.csv", dtype=str, keep_default_na=False)


def write_table(landing: Path, table: str, frame: pd.DataFrame) -> None:
    frame.to_csv(landing / f"{table}.csv", index=False)


def append_rows(landing: Path, table: str, rows: list[dict]) -> None:
    frame = read_table(landing, table)
    write_table(
        landing, table, pd.concat([frame, pd.DataFrame(rows, dtype=str)], ignore_index=True)
    )


@pytest.fixture
def golden_copy(tmp_path) -> Path:
    """A writable copy of the golden landing zone."""
    if not GOLDEN_DIR.is_dir():
        pytest.skip(f"the spec's golden example is not at {GOLDEN_DIR}")
    landing = tmp_path / "landing"
    shutil.copytree(GOLDEN_DIR / "landing", landing)
    return landing


def golden_warehouse_for(tmp_path: Path, landing: Path) -> Warehouse:
    return Warehouse(
        tmp_path / "build",
        landing_zone=landing,
        metrics_path=GOLDEN_DIR / "metrics.yml",
        as_of=(GOLDEN_DIR / "as_of.txt").read_text().strip(),
    )
