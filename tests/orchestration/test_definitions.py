"""The code location loads from its defs folder: every dbt model an asset grouped by layer, the
serving file an asset downstream of every mart, dbt tests and Python checks as asset checks, the
three jobs, the daily schedule and the refresh sensor."""

from datetime import UTC, datetime

import pytest
from dagster import AssetKey, Definitions, Failure, validate_run_config

SERVING_FILE = AssetKey(["serving", "serving_file"])

METRIC_MARTS = {
    AssetKey(["marts", name]) for name in ("metric_values", "metric_members", "timeframe_calendar")
}


@pytest.fixture(scope="module")
def repository(defs):
    return defs.get_repository_def()


def test_definitions_validate(defs):
    Definitions.validate_loadable(defs)


def test_definitions_load_from_the_defs_folder_as_dg_does(defs):
    """`dg.load_from_defs_folder` (pyproject [tool.dg]) finds every module of orchestration/defs:
    the resources of defs/resources.py, the jobs, schedule, sensor and checks of the others."""
    import tomllib

    from crm_warehouse import settings

    config = tomllib.loads((settings.PROJECT_DIR / "pyproject.toml").read_text())
    assert config["tool"]["dagster"]["module_name"] == "orchestration.definitions"
    assert config["tool"]["dg"]["project"]["defs_module"] == "orchestration.defs"
    assert set(defs.resources) == {"dbt", "warehouse"}
    modules = {path.stem for path in (settings.PROJECT_DIR / "orchestration" / "defs").glob("*.py")}
    assert modules == {"__init__", "assets", "checks", "jobs", "resources", "schedules", "sensors"}


def test_every_dbt_model_and_seed_is_an_asset_grouped_by_layer(repository):
    from orchestration.project import CrmDbtTranslator, load_manifest

    manifest = load_manifest()
    translator = CrmDbtTranslator()
    dbt_nodes = [
        node for node in manifest["nodes"].values() if node["resource_type"] in ("model", "seed")
    ]
    graph = repository.asset_graph
    assert graph.materializable_asset_keys - {SERVING_FILE} == {
        translator.get_asset_key(node) for node in dbt_nodes
    }
    groups = {graph.get(key).group_name for key in graph.materializable_asset_keys}
    assert {"staging", "intermediate", "marts_metrics", "marts_core", "reference"} <= groups
    assert graph.get(AssetKey(["marts", "metric_values"])).group_name == "marts_metrics"
    assert graph.get(AssetKey(["staging", "stg_landing__events"])).group_name == "staging"


def test_the_serving_file_is_an_asset_downstream_of_every_mart_in_every_job(repository):
    graph = repository.asset_graph
    node = graph.get(SERVING_FILE)
    assert node.group_name == "serving"
    marts = {key for key in graph.materializable_asset_keys if key.path[0] == "marts"}
    assert AssetKey(["marts", "metric_values"]) in marts
    assert set(node.parent_keys) == marts
    for name in ("full_refresh", "refresh_accounts", "backfill_as_of"):
        assert SERVING_FILE in repository.get_job(name).asset_layer.selected_asset_keys, name
    # the Python checks stay on the marts
    assert {
        key.asset_key for key in graph.asset_check_keys if key.name == "members_reproduce_values"
    } == {AssetKey(["marts", "metric_values"])}


def test_dbt_tests_and_python_checks_are_asset_checks(repository):
    names = {key.name for key in repository.asset_graph.asset_check_keys}
    assert {
        "landing_rows_accounted_for",
        "members_reproduce_values",
        "reference_reproduces_sample",
        "accounts_within_cadence",
        "once_rates_within_unit_interval",
    } <= names
    assert any(name.startswith("unique_") for name in names)  # from dbt tests


def test_jobs_schedule_and_sensor_are_present(repository):
    assert {"full_refresh", "refresh_accounts", "backfill_as_of"} <= set(repository.job_names)
    schedule = repository.get_schedule_def("daily_full_refresh")
    assert schedule.job_name == "full_refresh"
    sensor = repository.get_sensor_def("account_refresh_sensor")
    assert {target.job_name for target in sensor.targets} == {"refresh_accounts", "full_refresh"}


def test_the_refresh_job_builds_the_account_level_marts_and_their_inputs_only(repository):
    refresh = set(repository.get_job("refresh_accounts").asset_layer.selected_asset_keys)
    full = set(repository.get_job("full_refresh").asset_layer.selected_asset_keys)
    assert METRIC_MARTS <= refresh < full
    assert AssetKey(["marts", "fct_events"]) in refresh
    assert AssetKey(["marts", "fct_dashboard_visits"]) in refresh
    assert AssetKey(["marts", "landing_row_counts"]) not in refresh
    graph = repository.asset_graph
    per_account = {
        key
        for key in graph.materializable_asset_keys
        if graph.get(key).tags.get("per_account") == "true"
    }
    assert METRIC_MARTS <= per_account <= refresh
    for key in full - refresh:  # left for the full refresh: not incremental by account
        assert graph.get(key).tags.get("per_account") != "true"


def test_per_account_models_are_those_with_the_dbt_tag(repository):
    """The asset tag `per_account` comes from the dbt tag of the same name in the manifest (and
    the base models, incremental by account, carry it too)."""
    from orchestration.project import CrmDbtTranslator, dbt_tags, is_per_account, load_manifest

    models = [
        node for node in load_manifest()["nodes"].values() if node["resource_type"] == "model"
    ]
    tagged = {
        CrmDbtTranslator().get_asset_key(node) for node in models if "per_account" in dbt_tags(node)
    }
    graph = repository.asset_graph
    per_account = {
        key
        for key in graph.materializable_asset_keys
        if graph.get(key).tags.get("per_account") == "true"
    }
    assert per_account == tagged
    assert AssetKey(["marts", "fct_dashboard_visits"]) in tagged
    assert AssetKey(["staging", "base_landing__events"]) in tagged
    assert AssetKey(["marts", "landing_row_counts"]) not in tagged
    # the tag is read from the node's config, not from its SQL
    untagged = {
        "resource_type": "model",
        "raw_code": "{{ account_incremental_config() }}",
        "config": {"tags": []},
        "tags": [],
    }
    assert not is_per_account(untagged)
    assert is_per_account({"resource_type": "model", "config": {"tags": ["per_account"]}})


def test_the_backfill_job_takes_an_as_of_instant(repository):
    job = repository.get_job("backfill_as_of")
    assert validate_run_config(job, {"as_of": "2026-03-31T19:00:00Z"})
    with pytest.raises(Exception, match="as_of"):
        validate_run_config(job, {})


def test_as_of_is_normalized_to_utc_and_refresh_accounts_read_from_the_run_tag_only(defs):
    from orchestration.defs.assets import DbtBuildConfig, normalize_as_of, refresh_scope

    assert normalize_as_of("2026-03-31T21:00:00+02:00") == "2026-03-31T19:00:00Z"
    assert normalize_as_of("2026-03-31 19:00") == "2026-03-31T19:00:00Z"
    assert normalize_as_of(datetime(2026, 3, 31, 19, tzinfo=UTC).isoformat()) == (
        "2026-03-31T19:00:00Z"
    )
    with pytest.raises(Failure, match="ISO-8601"):
        normalize_as_of("yesterday")
    assert refresh_scope({"crm_warehouse/refresh_accounts": "3, 1,3"}).accounts == (1, 3)
    assert refresh_scope({}).is_all_accounts
    with pytest.raises(Failure, match="account ids"):
        refresh_scope({"crm_warehouse/refresh_accounts": "all"})
    # one channel: the op config has no second way in
    assert set(DbtBuildConfig.model_fields) == {"as_of"}
    job = defs.resolve_job_def("refresh_accounts")
    with pytest.raises(Exception, match="refresh_accounts"):
        validate_run_config(
            job, {"ops": {"crm_warehouse_dbt": {"config": {"refresh_accounts": [1]}}}}
        )


BLOCKING_CHECKS = {
    "landing_rows_accounted_for",  # raw = staged + quarantined
    "members_reproduce_values",
    "once_rates_within_unit_interval",  # rates in [0, 1]
}
PUBLISH_STEP = "serving__serving_file"


def test_the_blocking_checks_run_before_the_publish_in_every_job(defs):
    """A failing blocking check stops the publish of the same run: in every job the publish step
    waits for each blocking check the job runs (refresh_accounts does not rebuild
    marts/landing_row_counts, so it runs the two checks of marts/metric_values)."""
    from dagster._core.execution.api import create_execution_plan

    from orchestration.defs.checks import CHECKS

    specs = [spec for check in CHECKS for spec in check.check_specs]
    assert {spec.name for spec in specs if spec.blocking} == BLOCKING_CHECKS
    step_of = {spec.name: f"{spec.asset_key.to_python_identifier()}_{spec.name}" for spec in specs}
    expected = {
        "full_refresh": BLOCKING_CHECKS,
        "backfill_as_of": BLOCKING_CHECKS,
        "refresh_accounts": BLOCKING_CHECKS - {"landing_rows_accounted_for"},
    }
    for job_name, blocking in expected.items():
        config = {"as_of": "2026-03-31T19:00:00Z"} if job_name == "backfill_as_of" else None
        plan = create_execution_plan(defs.resolve_job_def(job_name), run_config=config)
        steps = {step.key for step in plan.get_all_steps_in_topo_order()}
        assert {step_of[name] for name in blocking} <= steps, job_name
        waits_for = plan.get_step_by_key(PUBLISH_STEP).get_execution_dependency_keys()
        assert {step_of[name] for name in blocking} <= waits_for, job_name
        assert "crm_warehouse_dbt" in waits_for
