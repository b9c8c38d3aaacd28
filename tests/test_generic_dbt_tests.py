"""The project's generic dbt tests catch what they promise, on a copy of the golden warehouse:
`not_null_columns` (one test per model for all its not-null columns) fails on a null and names the
column and its number of null rows."""

import shutil

import duckdb
import pytest

from tests.warehouse import Warehouse


@pytest.fixture
def copy_of_golden(golden_warehouse, tmp_path) -> Warehouse:
    copy = Warehouse(tmp_path, golden_warehouse.landing_zone, golden_warehouse.metrics_path,
                     golden_warehouse.as_of)
    shutil.copy(golden_warehouse.path, copy.path)
    return copy


def run_not_null_columns(warehouse: Warehouse, model: str):
    return warehouse.dbt("test", "--select", f"{model},test_name:not_null_columns",
                         "--store-failures", check=False)


def test_not_null_columns_passes_on_the_golden_build(copy_of_golden):
    result = run_not_null_columns(copy_of_golden, "dim_accounts")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "PASS=2" in result.stdout  # the on-run-start hook and the test


def test_not_null_columns_fails_naming_the_column_and_its_nulls(copy_of_golden):
    with duckdb.connect(str(copy_of_golden.path)) as connection:
        connection.execute("update marts.dim_accounts set timezone = null where account_id = 1")
    result = run_not_null_columns(copy_of_golden, "dim_accounts")
    assert result.returncode != 0
    assert "Failure in test not_null_columns_dim_accounts" in result.stdout
    with duckdb.connect(str(copy_of_golden.path), read_only=True) as connection:
        audit = connection.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_name like 'not_null_columns_dim_accounts%'").fetchone()[0]
        failures = connection.execute(f"select column_name, null_rows from {audit}").fetchall()
    assert failures == [("timezone", 1)]
