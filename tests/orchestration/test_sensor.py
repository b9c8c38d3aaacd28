"""The account refresh sensor on a small hand-made warehouse and serving file in a temporary folder
(no dbt): one run for the due accounts, with refresh_accounts set and a run key that does not
launch twice. Freshness is what readers see: each account's computed_at in the serving file; an
account whose build is newer than what was published (a failed publish) is due at once."""

from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from dagster import (
    DagsterInstance,
    DagsterRun,
    DagsterRunStatus,
    RunRequest,
    SkipReason,
    build_sensor_context,
)

from crm_warehouse.refresh import REFRESH_ACCOUNTS_TAG
from orchestration.defs import sensors
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.sensors import account_refresh_sensor, refresh_run_key

NOW = datetime(2026, 3, 31, 19, 7, 0)


def write_warehouse(
    path: Path,
    computed_ago: dict[int, timedelta],
    visits_ago: dict[int, list[timedelta]],
    live_visits_ago=None,
    never_computed: tuple[int, ...] = (),
    published_ago: dict[int, timedelta | None] | None = None,
) -> None:
    """The tables the sensor reads, shaped like the marts and the landing view of a real build,
    and the serving file next to it as a publish of that build leaves it. `published_ago`
    overrides what the serving file holds for some accounts (None: the account is missing)."""
    with duckdb.connect(str(path)) as connection:
        for schema in ("marts", "landing"):
            connection.execute(f"create schema {schema}")
        connection.execute("create table marts.dim_accounts (account_id bigint)")
        connection.execute(
            "create table marts.metric_values "
            "(account_id bigint, metric_id varchar, computed_at timestamp)"
        )
        connection.execute(
            "create table marts.timeframe_calendar "
            "(account_id bigint, timeframe varchar, as_of timestamp)"
        )
        connection.execute(
            "create table marts.fct_dashboard_visits "
            "(account_id bigint, user_id bigint, visited_at timestamp)"
        )
        connection.execute(
            "create table landing.dashboard_visits "
            "(account_id varchar, user_id varchar, visited_at varchar)"
        )
        for account_id, ago in computed_ago.items():
            connection.execute("insert into marts.dim_accounts values (?)", [account_id])
            connection.execute(
                "insert into marts.metric_values values (?, 'm', ?)", [account_id, NOW - ago]
            )
        for account_id, agos in visits_ago.items():
            for ago in agos:
                connection.execute(
                    "insert into marts.fct_dashboard_visits values (?, 1, ?)",
                    [account_id, NOW - ago],
                )
        for account_id in never_computed:  # in dim_accounts, not yet in the metric marts
            connection.execute("insert into marts.dim_accounts values (?)", [account_id])
        for account_id, ago in (live_visits_ago or {}).items():
            text = (NOW - ago).strftime("%Y-%m-%dT%H:%M:%SZ")
            connection.execute(
                "insert into landing.dashboard_visits values (?, '1', ?)", [str(account_id), text]
            )
    published = {**computed_ago, **(published_ago or {})}
    write_serving(path.with_name("serving.duckdb"), published)


def write_serving(path: Path, computed_ago: dict[int, timedelta | None]) -> None:
    """The serving file's account-level marts with each account's computed_at."""
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema marts")
        connection.execute("create table marts.dim_accounts (account_id bigint)")
        connection.execute(
            "create table marts.metric_values "
            "(account_id bigint, metric_id varchar, computed_at timestamp)"
        )
        connection.execute(
            "create table marts.timeframe_calendar "
            "(account_id bigint, timeframe varchar, computed_at timestamp)"
        )
        for account_id, ago in computed_ago.items():
            if ago is None:
                continue
            connection.execute("insert into marts.dim_accounts values (?)", [account_id])
            for table in ("metric_values", "timeframe_calendar"):
                connection.execute(
                    f"insert into marts.{table} values (?, 'x', ?)", [account_id, NOW - ago]
                )


@pytest.fixture
def warehouse_path(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("WAREHOUSE_DB", str(path))
    monkeypatch.setattr(sensors, "utc_now", lambda: NOW)
    return path


def evaluate(instance: DagsterInstance):
    context = build_sensor_context(instance=instance, resources={"warehouse": WarehouseResource()})
    return account_refresh_sensor(context)


def test_one_run_for_the_due_accounts_with_refresh_accounts_set(warehouse_path):
    write_warehouse(
        warehouse_path,
        computed_ago={
            1: timedelta(minutes=20),
            2: timedelta(minutes=5),
            3: timedelta(hours=2),
            4: timedelta(hours=30),
        },
        visits_ago={1: [timedelta(hours=1)], 2: [timedelta(hours=1)], 3: [timedelta(days=4)]},
    )
    with DagsterInstance.ephemeral() as instance:
        request = evaluate(instance)
    assert isinstance(request, RunRequest)
    assert request.job_name == "refresh_accounts"
    assert request.tags[REFRESH_ACCOUNTS_TAG] == "1,4"
    assert request.run_key == refresh_run_key([1, 4], NOW) == "refresh:1,4@2026-03-31T19:00Z"


def test_a_live_visit_in_the_landing_zone_after_a_pause_is_seen_before_the_next_build(
    warehouse_path,
):
    write_warehouse(
        warehouse_path,
        computed_ago={1: timedelta(minutes=10), 2: timedelta(minutes=10)},
        visits_ago={1: [timedelta(days=5)]},
        live_visits_ago={1: timedelta(minutes=3)},
    )
    with DagsterInstance.ephemeral() as instance:
        request = evaluate(instance)
    assert isinstance(request, RunRequest)
    assert request.tags[REFRESH_ACCOUNTS_TAG] == "1"


def test_an_account_of_dim_accounts_never_computed_is_due(warehouse_path):
    write_warehouse(
        warehouse_path,
        computed_ago={1: timedelta(minutes=5), 2: timedelta(0)},
        visits_ago={},
        never_computed=(7,),
    )
    with DagsterInstance.ephemeral() as instance:
        request = evaluate(instance)
    assert isinstance(request, RunRequest)
    assert request.job_name == "refresh_accounts"
    assert request.tags[REFRESH_ACCOUNTS_TAG] == "7"
    assert "never computed" in request.tags["crm_warehouse/reason"]


def test_nothing_due_skips(warehouse_path):
    write_warehouse(warehouse_path, computed_ago={1: timedelta(minutes=5)}, visits_ago={})
    with DagsterInstance.ephemeral() as instance:
        assert isinstance(evaluate(instance), SkipReason)


def test_every_account_due_launches_one_full_refresh(warehouse_path):
    write_warehouse(
        warehouse_path, computed_ago={1: timedelta(days=2), 2: timedelta(days=3)}, visits_ago={}
    )
    with DagsterInstance.ephemeral() as instance:
        request = evaluate(instance)
    assert request.job_name == "full_refresh"
    assert REFRESH_ACCOUNTS_TAG not in request.tags


def test_a_missing_warehouse_means_a_first_full_build(warehouse_path):
    assert not warehouse_path.exists()
    with DagsterInstance.ephemeral() as instance:
        request = evaluate(instance)
    assert isinstance(request, RunRequest)
    assert request.job_name == "full_refresh"
    assert request.run_key == "first-build:2026-03-31T19:00Z"


def test_a_warehouse_run_in_progress_skips_the_tick(warehouse_path):
    write_warehouse(
        warehouse_path, computed_ago={1: timedelta(days=2), 2: timedelta(0)}, visits_ago={}
    )
    with DagsterInstance.ephemeral() as instance:
        instance.add_run(
            DagsterRun(
                job_name="refresh_accounts",
                run_id="running-refresh",
                status=DagsterRunStatus.STARTED,
            )
        )
        skipped = evaluate(instance)
    assert isinstance(skipped, SkipReason)
    assert "running-refresh" in skipped.skip_message


def test_the_sensor_does_not_keep_the_warehouse_open(warehouse_path):
    write_warehouse(
        warehouse_path, computed_ago={1: timedelta(days=2), 2: timedelta(0)}, visits_ago={}
    )
    with DagsterInstance.ephemeral() as instance:
        evaluate(instance)
    with duckdb.connect(str(warehouse_path)) as writer:  # a writer can open it right after
        writer.execute("insert into marts.dim_accounts values (3)")


def test_a_build_newer_than_the_serving_file_is_due_at_once(warehouse_path):
    """Account 2 was rebuilt 5 minutes ago but its publish failed: readers still see the
    computation of 3 hours ago. Without visits it would wait for 24 h; it is due now."""
    write_warehouse(
        warehouse_path,
        computed_ago={1: timedelta(minutes=5), 2: timedelta(minutes=5), 3: timedelta(minutes=5)},
        visits_ago={},
        published_ago={2: timedelta(hours=3)},
    )
    with DagsterInstance.ephemeral() as instance:
        request = evaluate(instance)
    assert isinstance(request, RunRequest)
    assert request.job_name == "refresh_accounts"
    assert request.tags[REFRESH_ACCOUNTS_TAG] == "2"
    assert "not published" in request.tags["crm_warehouse/reason"]


def test_an_account_built_but_missing_from_the_serving_file_is_due(warehouse_path):
    write_warehouse(
        warehouse_path,
        computed_ago={1: timedelta(minutes=5), 2: timedelta(minutes=5)},
        visits_ago={},
        published_ago={2: None},
    )
    with DagsterInstance.ephemeral() as instance:
        request = evaluate(instance)
    assert isinstance(request, RunRequest)
    assert request.tags[REFRESH_ACCOUNTS_TAG] == "2"
    assert "not in the serving file" in request.tags["crm_warehouse/reason"]


def test_no_serving_file_means_every_account_is_due(warehouse_path):
    write_warehouse(
        warehouse_path, computed_ago={1: timedelta(minutes=5), 2: timedelta(0)}, visits_ago={}
    )
    warehouse_path.with_name("serving.duckdb").unlink()
    with DagsterInstance.ephemeral() as instance:
        request = evaluate(instance)
    assert isinstance(request, RunRequest)
    assert request.job_name == "full_refresh"


def test_freshness_is_read_from_the_serving_path_setting(warehouse_path, tmp_path, monkeypatch):
    """$SERVING_DB (settings.serving_path) is the file whose freshness counts."""
    write_warehouse(
        warehouse_path, computed_ago={1: timedelta(minutes=5), 2: timedelta(minutes=5)},
        visits_ago={},
    )
    elsewhere = tmp_path / "elsewhere.duckdb"
    write_serving(elsewhere, {1: timedelta(minutes=5), 2: timedelta(hours=30)})
    monkeypatch.setenv("SERVING_DB", str(elsewhere))
    with DagsterInstance.ephemeral() as instance:
        request = evaluate(instance)
    assert request.tags[REFRESH_ACCOUNTS_TAG] == "2"
