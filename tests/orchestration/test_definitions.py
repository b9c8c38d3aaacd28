"""The code location loads: every dbt model an asset grouped by layer, dbt tests and Python checks
as asset checks, the three jobs, the daily schedule and the refresh sensor."""

from datetime import UTC, datetime

import pytest
from dagster import AssetKey, Definitions, Failure, validate_run_config

METRIC_MARTS = {AssetKey(["marts", name])
                for name in ("metric_values", "metric_members", "timeframe_calendar")}


@pytest.fixture(scope="module")
def repository(defs):
    return defs.get_repository_def()


def test_definitions_validate(defs):
    Definitions.validate_loadable(defs)


def test_every_dbt_model_and_seed_is_an_asset_grouped_by_layer(repository):
    from orchestration.project import load_manifest

    manifest = load_manifest()
    dbt_nodes = [node for node in manifest["nodes"].values()
                 if node["resource_type"] in ("model", "seed")]
    graph = repository.asset_graph
    assert len(graph.materializable_asset_keys) == len(dbt_nodes)
    groups = {graph.get(key).group_name for key in graph.materializable_asset_keys}
    assert {"staging", "intermediate", "marts_metrics", "marts_core", "reference"} <= groups
    assert graph.get(AssetKey(["marts", "metric_values"])).group_name == "marts_metrics"
    assert graph.get(AssetKey(["staging", "stg_landing__events"])).group_name == "staging"


def test_dbt_tests_and_python_checks_are_asset_checks(repository):
    names = {key.name for key in repository.asset_graph.asset_check_keys}
    assert {"landing_rows_accounted_for", "members_reproduce_values",
            "reference_reproduces_sample", "accounts_within_cadence",
            "once_rates_within_unit_interval"} <= names
    assert any(name.startswith("unique_") for name in names)  # from dbt tests


def test_jobs_schedule_and_sensor_are_present(repository):
    assert {"full_refresh", "refresh_accounts", "backfill_as_of"} <= set(repository.job_names)
    schedule = repository.get_schedule_def("daily_full_refresh")
    assert schedule.job_name == "full_refresh"
    sensor = repository.get_sensor_def("account_refresh_sensor")
    assert {target.job_name for target in sensor.targets} == {"refresh_accounts",
                                                              "full_refresh"}


def test_the_refresh_job_builds_the_account_level_marts_and_their_inputs_only(repository):
    refresh = set(repository.get_job("refresh_accounts").asset_layer.selected_asset_keys)
    full = set(repository.get_job("full_refresh").asset_layer.selected_asset_keys)
    assert METRIC_MARTS <= refresh < full
    assert AssetKey(["marts", "fct_events"]) in refresh
    assert AssetKey(["staging", "stg_landing__dashboard_visits"]) in refresh
    assert AssetKey(["marts", "landing_row_counts"]) not in refresh
    graph = repository.asset_graph
    per_account = {key for key in graph.materializable_asset_keys
                   if graph.get(key).tags.get("per_account") == "true"}
    assert METRIC_MARTS <= per_account <= refresh
    for key in full - refresh:  # left for the full refresh: not incremental by account
        assert graph.get(key).tags.get("per_account") != "true"


def test_the_backfill_job_takes_an_as_of_instant(repository):
    job = repository.get_job("backfill_as_of")
    assert validate_run_config(job, {"as_of": "2026-03-31T19:00:00Z"})
    with pytest.raises(Exception, match="as_of"):
        validate_run_config(job, {})


def test_as_of_is_normalized_to_utc_and_refresh_accounts_read_from_tags(defs):
    from orchestration.assets import DbtBuildConfig, normalize_as_of, refresh_accounts_for

    assert normalize_as_of("2026-03-31T21:00:00+02:00") == "2026-03-31T19:00:00Z"
    assert normalize_as_of("2026-03-31 19:00") == "2026-03-31T19:00:00Z"
    assert normalize_as_of(datetime(2026, 3, 31, 19, tzinfo=UTC).isoformat()) == (
        "2026-03-31T19:00:00Z")
    with pytest.raises(Failure, match="ISO-8601"):
        normalize_as_of("yesterday")
    tags = {"crm_warehouse/refresh_accounts": "3, 1,3"}
    assert refresh_accounts_for(DbtBuildConfig(), tags) == [1, 3]
    assert refresh_accounts_for(DbtBuildConfig(refresh_accounts=[2]), tags) == [2]
    assert refresh_accounts_for(DbtBuildConfig(), {}) == []
    with pytest.raises(Failure, match="account ids"):
        refresh_accounts_for(DbtBuildConfig(), {"crm_warehouse/refresh_accounts": "all"})
