"""The landing zone (raw_contract.md): any of its three forms, absent optional tables, and a
clear stop when a required table or column is missing."""

import duckdb
import pytest

from crm_warehouse.reference import FRAME_KEYS, read_expected_csv
from crm_warehouse.reference.compare import compare_frames
from tests.landing.conftest import golden_warehouse_for, read_table, write_table
from tests.warehouse import GOLDEN_DIR

pytestmark = pytest.mark.slow


def test_a_missing_required_table_stops_the_build_naming_it(golden_copy, tmp_path):
    (golden_copy / "events.csv").unlink()
    result = golden_warehouse_for(tmp_path, golden_copy).dbt("build", check=False)
    assert result.returncode != 0
    assert "the required table 'events' is missing" in result.stdout
    assert "events.parquet, events.csv and events/*.parquet" in result.stdout


def test_a_missing_required_column_stops_the_build_naming_table_and_column(golden_copy, tmp_path):
    write_table(
        golden_copy,
        "transactions",
        read_table(golden_copy, "transactions").drop(columns=["status"]),
    )
    result = golden_warehouse_for(tmp_path, golden_copy).dbt("build", check=False)
    assert result.returncode != 0
    assert "table 'transactions' has no column 'status'" in result.stdout


def test_absent_optional_tables_and_columns_are_empty(golden_copy, tmp_path):
    (golden_copy / "tickets.csv").unlink()
    write_table(
        golden_copy, "accounts", read_table(golden_copy, "accounts").drop(columns=["currency"])
    )
    warehouse = golden_warehouse_for(tmp_path, golden_copy)
    warehouse.build("+stg_landing__tickets", "+dim_accounts")
    assert warehouse.query("select count(*) as n from staging.stg_landing__tickets")["n"][0] == 0
    currencies = warehouse.query("select distinct currency from marts.dim_accounts")["currency"]
    assert list(currencies) == ["USD"]


def test_parquet_files_and_partitioned_folders_give_the_same_numbers(golden_copy, tmp_path):
    """Typed Parquet (one file per table, events as a folder of two parts) reproduces the golden
    metric values exactly, like the CSV form."""
    parquet = tmp_path / "parquet_landing"
    parquet.mkdir()
    connection = duckdb.connect()
    types = {
        "account_id": "bigint",
        "contact_id": "bigint",
        "object_id": "bigint",
        "page_id": "bigint",
        "transaction_id": "bigint",
        "product_id": "bigint",
        "affiliate_id": "bigint",
        "order_id": "bigint",
        "broadcast_id": "bigint",
        "message_id": "bigint",
        "ticket_id": "bigint",
        "calendar_event_id": "bigint",
        "booking_id": "bigint",
        "capacity": "integer",
        "satisfaction": "integer",
        "amount": "decimal(18,2)",
        "affiliate_commission": "decimal(18,2)",
        "price": "decimal(18,2)",
    }
    for csv in sorted(golden_copy.glob("*.csv")):
        columns = read_table(golden_copy, csv.stem).columns
        casts = []
        for column in columns:
            if column.endswith("_at"):
                utc = f"cast({column} as timestamptz) at time zone 'UTC'"
                casts.append(f"cast({utc} as timestamp) as {column}")
            else:
                casts.append(f"cast({column} as {types.get(column, 'varchar')}) as {column}")
        select = f"select {', '.join(casts)} from read_csv('{csv}', all_varchar = true)"
        if csv.stem == "events":
            (parquet / "events").mkdir()
            connection.execute(
                f"copy ({select} where account_id = 1) to '{parquet}/events/part-1.parquet'"
            )
            connection.execute(
                f"copy ({select} where account_id = 2) to '{parquet}/events/part-2.parquet'"
            )
        else:
            connection.execute(f"copy ({select}) to '{parquet}/{csv.stem}.parquet'")
    warehouse = golden_warehouse_for(tmp_path, parquet)
    warehouse.build("+metric_values")
    expected = read_expected_csv(GOLDEN_DIR / "expected" / "metric_values.csv")
    actual = warehouse.query("select * from marts.metric_values")[list(expected.columns)]
    assert (
        compare_frames(actual, expected, FRAME_KEYS["metric_values"], check_column_order=False)
        == []
    )
