"""The Python checks that read the metric marts, on a small hand-made warehouse (no dbt): each
value rule of marts.dim_metrics judged as it says, ratios within a relative 1e-12, values of an
unknown rule reported apart, `count: once` rates outside [0, 1] found, and a per-account refresh
(run tag) checking only its accounts."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import dagster as dg
import duckdb
import pytest

from orchestration.defs.checks import (
    DIM_METRICS,
    METRIC_MEMBERS,
    METRIC_VALUES,
    TIMEFRAME_CALENDAR,
    accounts_within_cadence,
    members_reproduce_values,
    once_rates_within_unit_interval,
)
from orchestration.defs.resources import WarehouseResource

THIRD = Decimal(1) / Decimal(3)  # 0.333... as decimal(38,18) stores it


def write_warehouse(path, values, members, metrics):
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema marts")
        connection.execute(
            "create table marts.metric_values (account_id bigint, metric_id varchar, "
            "timeframe varchar, kind varchar, value decimal(38, 18), numerator decimal(38, 18), "
            "denominator bigint, previous_value decimal(38, 18))"
        )
        connection.execute(
            "create table marts.metric_members (account_id bigint, metric_id varchar, "
            "timeframe varchar, contact_id bigint, contribution decimal(38, 9))"
        )
        connection.execute(
            "create table marts.dim_metrics (account_id bigint, metric_id varchar, "
            "value_rule varchar, count_mode varchar)"
        )
        connection.executemany(
            "insert into marts.metric_values values (?, ?, 'today', ?, ?, ?, ?, ?)", values
        )
        connection.executemany(
            "insert into marts.metric_members values (?, ?, 'today', ?, ?)", members
        )
        connection.executemany("insert into marts.dim_metrics values (?, ?, ?, ?)", metrics)


def run_check(check, tags=None):
    keys = (METRIC_VALUES, METRIC_MEMBERS, DIM_METRICS, TIMEFRAME_CALENDAR)
    defs = dg.Definitions(
        assets=[dg.AssetSpec(key) for key in keys],
        asset_checks=[check],
        jobs=[dg.define_asset_job("check", selection=dg.AssetSelection.checks(check))],
        resources={"warehouse": WarehouseResource()},
    )
    # a failing blocking check fails its step (that is what stops the publish): do not raise
    result = defs.resolve_job_def("check").execute_in_process(
        tags=tags or {}, raise_on_error=False
    )
    (evaluation,) = result.get_asset_check_evaluations()
    return evaluation.passed, {key: value.value for key, value in evaluation.metadata.items()}


def listed(table: str) -> set[tuple[str, str]]:
    """(account_id, metric_id) of the rows of a check's Markdown table."""
    rows = [line.strip("|").split("|") for line in table.splitlines() if line.startswith("| ")]
    return {(cells[0].strip(), cells[1].strip()) for cells in rows[1:]}


# account 1: every rule reproduced; account 2: one of each kind of breakage
METRICS = [
    (1, "count", "member_count", None),
    (1, "sum", "contribution_sum", None),
    (1, "rate", "contribution_ratio", "once"),
    (1, "empty_rate", "contribution_ratio", "once"),
    (2, "count", "member_count", None),
    (2, "rate", "contribution_ratio", "once"),
    (2, "close_rate", "contribution_ratio", "each"),
    (2, "odd", "median_of_members", None),
]
VALUES = [
    (1, "count", "contacts_who_did", 3, None, None, None),
    (1, "sum", "total_value", Decimal("7.50"), None, None, None),
    (1, "rate", "conversion_rate", THIRD, 1, 3, Decimal("0.5")),
    (1, "empty_rate", "conversion_rate", None, 0, 0, None),
    (2, "count", "contacts_who_did", 2, None, None, None),  # 1 member
    (2, "rate", "conversion_rate", Decimal("1.5"), 3, 2, None),  # rate above 1, reproduced
    (2, "close_rate", "conversion_rate", THIRD + Decimal("1e-9"), 1, 3, None),  # off by 3e-9
    (2, "odd", "avg_value", 1, None, None, None),  # rule unknown to the check
    (2, "lost", "avg_value", 1, None, None, None),  # no dim_metrics row
]
MEMBERS = [
    (1, "count", 1, 0), (1, "count", 2, 0), (1, "count", 3, 0),
    (1, "sum", 1, Decimal("2.50")), (1, "sum", 2, Decimal("5.00")),
    (1, "rate", 1, 1), (1, "rate", 2, 0), (1, "rate", 3, 0),
    (2, "count", 1, 0),
    (2, "rate", 1, 2), (2, "rate", 2, 1),
    (2, "close_rate", 1, 1), (2, "close_rate", 2, 0), (2, "close_rate", 3, 0),
]  # fmt: skip


@pytest.fixture
def warehouse(tmp_path, monkeypatch):
    path = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("WAREHOUSE_DB", str(path))
    write_warehouse(path, VALUES, MEMBERS, METRICS)
    return path


def test_members_reproduce_values_by_the_value_rule_of_dim_metrics(warehouse):
    passed, metadata = run_check(members_reproduce_values)
    assert not passed
    assert metadata["values_checked"] == len(VALUES)
    assert metadata["values_not_reproduced"] == 2  # 2/count and 2/close_rate
    assert listed(metadata["not_reproduced"]) == {("2", "count"), ("2", "close_rate")}
    assert metadata["values_with_unknown_rule"] == 2
    assert listed(metadata["unknown_rule_values"]) == {("2", "odd"), ("2", "lost")}
    assert metadata["unknown_rules"] == "avg_value (median_of_members), avg_value (no rule)"


def test_a_refresh_of_account_1_checks_only_its_values_and_they_pass(warehouse):
    passed, metadata = run_check(
        members_reproduce_values, tags={"crm_warehouse/refresh_accounts": "1"}
    )
    assert passed, metadata
    assert metadata["values_checked"] == 4
    assert metadata["accounts"] == "account 1"


def test_a_ratio_within_a_relative_1e_12_passes(tmp_path, monkeypatch):
    path = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("WAREHOUSE_DB", str(path))
    write_warehouse(
        path,
        [(1, "rate", "conversion_rate", THIRD + Decimal("1e-16"), 1, 3, None)],
        [(1, "rate", 1, 1), (1, "rate", 2, 0), (1, "rate", 3, 0)],
        [(1, "rate", "contribution_ratio", "once")],
    )
    assert run_check(members_reproduce_values)[0]


def test_once_rates_outside_the_unit_interval_are_found_in_dim_metrics_count_mode(warehouse):
    passed, metadata = run_check(once_rates_within_unit_interval)
    assert not passed
    assert metadata["rates_checked"] == 3  # the `once` conversion rates; close_rate is `each`
    assert metadata["rates_outside_0_1"] == 1
    assert listed(metadata["outside"]) == {("2", "rate")}
    refreshed = run_check(
        once_rates_within_unit_interval, tags={"crm_warehouse/refresh_accounts": "1"}
    )
    assert refreshed[0] and refreshed[1]["rates_checked"] == 2


def test_accounts_within_cadence_judges_the_serving_file(tmp_path, monkeypatch):
    """Account 1: built 2 days ago, published 2 days ago (overdue). Account 2: built 1 hour ago,
    its publish failed (the serving file has 3 days ago): overdue. Account 3: built a minute ago
    (this run, on its way to the serving file): not overdue. Account 4: fresh everywhere."""
    now = datetime.now(UTC).replace(tzinfo=None)
    built = {1: now - timedelta(days=2), 2: now - timedelta(hours=1),
             3: now - timedelta(minutes=1), 4: now - timedelta(minutes=2)}
    published = {1: now - timedelta(days=2), 2: now - timedelta(days=3),
                  3: now - timedelta(days=3), 4: now - timedelta(minutes=2)}
    monkeypatch.setenv("WAREHOUSE_DB", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.delenv("SERVING_DB", raising=False)
    for name, computed in (("warehouse", built), ("serving", published)):
        with duckdb.connect(str(tmp_path / f"{name}.duckdb")) as connection:
            connection.execute("create schema marts")
            connection.execute("create table marts.metric_values "
                               "(account_id bigint, computed_at timestamp)")
            connection.executemany("insert into marts.metric_values values (?, ?)",
                                   list(computed.items()))
    passed, metadata = run_check(accounts_within_cadence)
    assert not passed
    assert metadata["overdue_accounts"] == 2
    assert {row[0] for row in listed(metadata["overdue"])} == {"1", "2"}
