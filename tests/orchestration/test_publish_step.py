"""Publishing the serving file is its own step: when it fails, the run shows the dbt step
succeeded and the publish step failed, the previous serving file stays, and re-executing the run
from the failure runs the publish alone and brings the serving file. A per-account refresh
publishes only its accounts' rows, also when re-executed (with the run's tags, as the UI does).
A blocking check that fails (a value its members do not reproduce) stops the publish of its run.
On the spec's golden example, in process, on a temporary Dagster instance."""

from pathlib import Path

import duckdb
import pytest
from dagster import (
    AssetKey,
    DagsterEventType,
    DagsterInstance,
    ReexecutionOptions,
    execute_job,
    instance_for_test,
    reconstructable,
)

from tests.warehouse import GOLDEN_DIR

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("orchestration")]

AS_OF = "2026-03-31T19:00:00Z"
DBT_STEP = "crm_warehouse_dbt"
PUBLISH_STEP = "serving__serving_file"
SERVING_FILE = AssetKey(["serving", "serving_file"])
RUN_CONFIG = {
    "ops": {DBT_STEP: {"config": {"as_of": AS_OF}}},
    "execution": {"config": {"in_process": {}}},
}


def full_refresh_job():
    from orchestration.definitions import defs

    return defs.resolve_job_def("full_refresh")


def refresh_accounts_job():
    from orchestration.definitions import defs

    return defs.resolve_job_def("refresh_accounts")


def step_outcomes(instance: DagsterInstance, run_id: str) -> dict[str, str]:
    outcomes = {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type == DagsterEventType.STEP_SUCCESS:
            outcomes[event.step_key] = "success"
        elif event.event_type == DagsterEventType.STEP_FAILURE:
            outcomes[event.step_key] = "failure"
        elif event.event_type == DagsterEventType.STEP_SKIPPED:
            outcomes[event.step_key] = "skipped"
        elif event.event_type == DagsterEventType.STEP_START:
            outcomes.setdefault(event.step_key, "started")
    return outcomes


def serving_rows(path: Path) -> dict[int, list[tuple]]:
    """computed_at per account in the serving file's metric_values."""
    with duckdb.connect(str(path), read_only=True) as connection:
        rows = connection.execute(
            "select account_id, computed_at from marts.metric_values order by all"
        ).fetchall()
    by_account: dict[int, list[tuple]] = {}
    for account_id, computed_at in rows:
        by_account.setdefault(account_id, []).append(computed_at)
    return by_account


def failing_publish(*args, **kwargs):
    raise OSError("disk full (simulated)")


@pytest.fixture(scope="module")
def setting(tmp_path_factory):
    if not (GOLDEN_DIR / "landing").is_dir():
        pytest.skip(f"the spec's golden example is not at {GOLDEN_DIR} (set SPEC_DIR)")
    path = tmp_path_factory.mktemp("publish-step") / "warehouse.duckdb"
    with pytest.MonkeyPatch.context() as patch, instance_for_test() as instance:
        patch.setenv("WAREHOUSE_DB", str(path))
        patch.setenv("LANDING_ZONE", str(GOLDEN_DIR / "landing"))
        patch.setenv("METRICS_PATH", str(GOLDEN_DIR / "metrics.yml"))
        yield path, instance


def test_publish_is_a_step_that_fails_alone_is_retried_alone_and_runs_alone(setting, monkeypatch):
    """One warehouse, three phases in order (each needs the one before; one test, so that no
    test runner can split them)."""
    failed_publish_is_retried_alone(setting, monkeypatch)
    refresh_run_publishes_only_its_accounts_also_when_retried(setting, monkeypatch)
    publish_asset_runs_alone(setting)


def failed_publish_is_retried_alone(setting, monkeypatch):
    from orchestration.defs import assets

    path, instance = setting
    serving = path.with_name("serving.duckdb")
    with monkeypatch.context() as patch:
        patch.setattr(assets, "publish", failing_publish)
        failed = execute_job(reconstructable(full_refresh_job), instance, run_config=RUN_CONFIG)
    assert not failed.success
    outcomes = step_outcomes(instance, failed.run_id)
    assert outcomes[DBT_STEP] == "success"
    assert outcomes[PUBLISH_STEP] == "failure"
    assert "disk full" in str(failed.failure_data_for_node(PUBLISH_STEP).error)
    assert path.exists() and not serving.exists()

    retried = execute_job(
        reconstructable(full_refresh_job),
        instance,
        run_config=RUN_CONFIG,
        reexecution_options=ReexecutionOptions.from_failure(failed.run_id, instance),
    )
    assert retried.success
    assert step_outcomes(instance, retried.run_id) == {PUBLISH_STEP: "success"}
    materialized = {event.asset_key for event in retried.get_asset_materialization_events()}
    assert materialized == {SERVING_FILE}
    assert set(serving_rows(serving)) == {1, 2}


def refresh_run_publishes_only_its_accounts_also_when_retried(setting, monkeypatch):
    path, instance = setting
    serving = path.with_name("serving.duckdb")
    assert serving.exists()
    before = serving_rows(serving)
    tags = {"crm_warehouse/refresh_accounts": "2"}
    from orchestration.defs import assets

    with monkeypatch.context() as patch:
        patch.setattr(assets, "publish", failing_publish)
        failed = execute_job(
            reconstructable(refresh_accounts_job), instance, run_config=RUN_CONFIG, tags=tags
        )
    assert step_outcomes(instance, failed.run_id)[PUBLISH_STEP] == "failure"
    assert serving_rows(serving) == before  # the last good file keeps serving

    retried = execute_job(
        reconstructable(refresh_accounts_job),
        instance,
        run_config=RUN_CONFIG,
        tags=tags,
        reexecution_options=ReexecutionOptions.from_failure(failed.run_id, instance),
    )
    assert retried.success
    assert step_outcomes(instance, retried.run_id) == {PUBLISH_STEP: "success"}
    after = serving_rows(serving)
    assert after[1] == before[1]
    assert after[2] != before[2]
    with duckdb.connect(str(path), read_only=True) as connection:
        built = connection.execute(
            "select computed_at from marts.metric_values where account_id = 2 order by all"
        ).fetchall()
    assert after[2] == [computed_at for (computed_at,) in built]


def publish_asset_runs_alone(setting):
    from orchestration.definitions import defs

    path, _ = setting
    serving = path.with_name("serving.duckdb")
    serving.unlink(missing_ok=True)
    with DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def("full_refresh").execute_in_process(
            instance=instance, asset_selection=[SERVING_FILE]
        )
    assert result.success
    assert {event.step_key for event in result.all_node_events} == {PUBLISH_STEP}
    assert set(serving_rows(serving)) == {1, 2}


MEMBERS_CHECK_STEP = "marts__metric_values_members_reproduce_values"


def corrupt_one_value(path: Path) -> tuple:
    """Add 1 to one published-to-be value of marts.metric_values: its members no longer
    reproduce it."""
    with duckdb.connect(str(path)) as connection:
        key = connection.execute(
            "select account_id, metric_id, timeframe from marts.metric_values "
            "where value is not null order by all limit 1"
        ).fetchone()
        connection.execute(
            "update marts.metric_values set value = value + 1 "
            "where account_id = ? and metric_id = ? and timeframe = ?",
            list(key),
        )
    return key


def test_a_failing_blocking_check_stops_the_publish_of_its_run(setting, monkeypatch):
    """A passing run publishes; then a run in which one value is corrupted between the dbt step
    and the checks fails members_reproduce_values (blocking): the publish step does not run and
    the serving file is not replaced."""
    from dagster_dbt.core.dbt_cli_invocation import DbtCliInvocation

    path, instance = setting
    serving = path.with_name("serving.duckdb")
    passed = execute_job(reconstructable(full_refresh_job), instance, run_config=RUN_CONFIG)
    assert passed.success
    assert step_outcomes(instance, passed.run_id)[PUBLISH_STEP] == "success"
    with duckdb.connect(str(path), read_only=True) as connection:
        built = connection.execute(
            "select account_id, computed_at from marts.metric_values order by all"
        ).fetchall()
    assert sorted(
        (account, at) for account, ats in serving_rows(serving).items() for at in ats
    ) == built  # what the passing run built is what readers see
    before = serving.read_bytes(), serving.stat().st_ino

    original_stream = DbtCliInvocation.stream
    corrupted = []

    def stream_then_corrupt(self, *args, **kwargs):
        yield from original_stream(self, *args, **kwargs)  # dbt has finished and let go
        corrupted.append(corrupt_one_value(path))

    with monkeypatch.context() as patch:
        patch.setattr(DbtCliInvocation, "stream", stream_then_corrupt)
        failed = execute_job(reconstructable(full_refresh_job), instance, run_config=RUN_CONFIG)
    assert corrupted
    assert not failed.success
    outcomes = step_outcomes(instance, failed.run_id)
    assert outcomes[DBT_STEP] == "success"
    assert outcomes[MEMBERS_CHECK_STEP] == "failure"
    assert outcomes.get(PUBLISH_STEP) in (None, "skipped")  # never started
    evaluations = {
        evaluation.asset_check_key.name: evaluation.passed
        for evaluation in failed.get_asset_check_evaluations()
    }
    assert evaluations["members_reproduce_values"] is False
    assert SERVING_FILE not in {
        event.asset_key for event in failed.get_asset_materialization_events()
    }
    assert (serving.read_bytes(), serving.stat().st_ino) == before  # not replaced
