"""The dashboard page without data to show (fast: no dbt build): no serving file yet, no
accounts."""

from __future__ import annotations

import duckdb


def run(at):
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_no_serving_file_and_no_accounts(dashboard, tmp_path):
    at = run(dashboard(tmp_path / "missing.duckdb"))
    assert "No serving file" in at.warning[0].value
    empty = tmp_path / "empty.duckdb"
    with duckdb.connect(str(empty)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.dim_accounts (account_id bigint, account_name varchar, "
                    "timezone varchar, currency varchar)")
    at = run(dashboard(empty))
    assert at.info[0].value == "The serving file has no accounts."
