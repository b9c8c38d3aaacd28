"""In-process runs on the spec's golden example (warehouse in a temporary folder, ephemeral Dagster
instance): the full refresh materializes every asset with every check passing; a per-account
refresh of account 2 leaves account 1's rows byte-identical and changes only account 2's
computed_at; running the same refresh again changes nothing but that computed_at."""

from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance, ExecuteInProcessResult

from tests.warehouse import GOLDEN_DIR

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("orchestration")]

AS_OF = "2026-03-31T19:00:00Z"
ACCOUNT_MARTS = ("metric_values", "metric_members", "timeframe_calendar")
Rows = list[tuple]


@pytest.fixture(scope="module")
def warehouse_path(tmp_path_factory):
    if not (GOLDEN_DIR / "landing").is_dir():
        pytest.skip(f"the spec's golden example is not at {GOLDEN_DIR} (set SPEC_DIR)")
    path = tmp_path_factory.mktemp("orchestration-golden") / "warehouse.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WAREHOUSE_DB", str(path))
        patch.setenv("LANDING_ZONE", str(GOLDEN_DIR / "landing"))
        patch.setenv("METRICS_PATH", str(GOLDEN_DIR / "metrics.yml"))
        yield path


def run_job(
    defs, job_name: str, tags: dict[str, str] | None = None, as_of: str = AS_OF
) -> ExecuteInProcessResult:
    job = defs.resolve_job_def(job_name)
    with DagsterInstance.ephemeral() as instance:
        return job.execute_in_process(
            instance=instance,
            run_config={"ops": {"crm_warehouse_dbt": {"config": {"as_of": as_of}}}},
            tags=tags or {},
            raise_on_error=False,
        )


def snapshot(path: Path) -> dict[str, dict[int, Rows]]:
    """Every row of the account-level marts, per account, as exact Python values."""
    with duckdb.connect(str(path), read_only=True) as connection:
        result = {}
        for mart in ACCOUNT_MARTS:
            rows = connection.execute(f"select * from marts.{mart} order by all").fetchall()
            columns = [column[0] for column in connection.description]
            result[mart] = {"columns": columns}
            for row in rows:
                result[mart].setdefault(row[columns.index("account_id")], []).append(row)
        return result


def without_computed_at(mart: dict, account_id: int) -> Rows:
    columns = mart["columns"]
    keep = [index for index, column in enumerate(columns) if column != "computed_at"]
    return [tuple(row[index] for index in keep) for row in mart[account_id]]


def computed_at(mart: dict, account_id: int) -> set:
    if "computed_at" not in mart["columns"]:
        return set()
    index = mart["columns"].index("computed_at")
    return {row[index] for row in mart[account_id]}


def assert_succeeded_with_passing_checks(result: ExecuteInProcessResult) -> None:
    failures = [event.message for event in result.all_events if event.is_failure]
    assert result.success, "\n".join(failures)
    failed = [
        (evaluation.asset_check_key.name, evaluation.metadata)
        for evaluation in result.get_asset_check_evaluations()
        if not evaluation.passed
    ]
    assert failed == []


@pytest.fixture(scope="module")
def full_refresh(defs, warehouse_path):
    result = run_job(defs, "full_refresh")
    return result, snapshot(warehouse_path)


@pytest.fixture(scope="module")
def refreshed_twice(defs, warehouse_path, full_refresh):
    tags = {"crm_warehouse/refresh_accounts": "2"}
    first = run_job(defs, "refresh_accounts", tags)
    after_first = snapshot(warehouse_path)
    second = run_job(defs, "refresh_accounts", tags)
    return (first, after_first), (second, snapshot(warehouse_path))


def test_full_refresh_materializes_every_asset_with_every_check_passing(
    defs, full_refresh, warehouse_path
):
    result, marts = full_refresh
    assert_succeeded_with_passing_checks(result)
    job = defs.get_repository_def().get_job("full_refresh")
    materialized = {event.asset_key for event in result.get_asset_materialization_events()}
    assert materialized == set(job.asset_layer.selected_asset_keys)
    evaluated = {evaluation.asset_check_key for evaluation in result.get_asset_check_evaluations()}
    assert evaluated == set(job.asset_layer.asset_graph.asset_check_keys)
    assert {"reference_reproduces_sample", "members_reproduce_values"} <= {
        key.name for key in evaluated
    }
    assert set(marts["metric_values"]) - {"columns"} == {1, 2}
    # a successful run publishes the marts to the serving file next to the warehouse
    serving = warehouse_path.with_name("serving.duckdb")
    with duckdb.connect(str(serving), read_only=True) as connection:
        published = connection.execute(
            "select count(distinct account_id) from marts.dim_metrics"
        ).fetchone()[0]
    assert published == 2


def test_refreshing_account_2_leaves_account_1_byte_identical(full_refresh, refreshed_twice):
    _, before = full_refresh
    (result, after), _ = refreshed_twice
    assert_succeeded_with_passing_checks(result)
    assert result.dagster_run.tags["crm_warehouse/refresh_accounts"] == "2"
    for mart in ACCOUNT_MARTS:
        assert after[mart]["columns"] == before[mart]["columns"]
        assert after[mart][1] == before[mart][1], f"{mart}: account 1 changed"
        assert without_computed_at(after[mart], 2) == without_computed_at(before[mart], 2)
    for mart in ("metric_values", "metric_members"):
        assert len(computed_at(after[mart], 2)) == 1
        assert computed_at(after[mart], 2) != computed_at(before[mart], 2)
        assert computed_at(after[mart], 1) == computed_at(before[mart], 1)


def test_the_same_refresh_twice_changes_nothing_but_computed_at(refreshed_twice):
    (_, first), (result, second) = refreshed_twice
    assert_succeeded_with_passing_checks(result)
    for mart in ACCOUNT_MARTS:
        assert second[mart][1] == first[mart][1]
        assert without_computed_at(second[mart], 2) == without_computed_at(first[mart], 2)
    assert computed_at(second["metric_values"], 2) != computed_at(first["metric_values"], 2)
