"""File faults (docs/landing_zone.md): a table whose column cannot be read as its contract type
at all is unreadable as a whole. The build stops before any model runs, the message names the
file and the column, and it shows no row of any account. (Before: every row was quarantined, the
build reported success and every event metric silently dropped to 0.)"""

import pandas as pd
import pytest

from tests.landing.conftest import golden_warehouse_for, read_table

pytestmark = pytest.mark.slow


def test_a_parquet_column_of_the_wrong_type_stops_the_build_naming_file_and_column(
        golden_copy, tmp_path):
    events = read_table(golden_copy, "events")
    events["occurred_at"] = pd.to_datetime(events["occurred_at"]).astype("int64") // 10**9
    (golden_copy / "events.csv").unlink()
    events.to_parquet(golden_copy / "events.parquet", index=False)
    warehouse = golden_warehouse_for(tmp_path, golden_copy)
    result = warehouse.dbt("build", check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "events.parquet" in output and "'occurred_at' is BIGINT" in output
    assert "cannot be read as the contract's timestamp" in output
    assert "hudson" not in output.lower() and "E01" not in output
    assert "OK created" not in output  # stopped before any model ran
