"""Every dbt model and seed as a Dagster asset, built by one `dbt build` per run (dbt tests arrive
as asset checks).

The dbt vars of a run:
- `landing_zone`, `metrics_path`: from the `warehouse` resource (env LANDING_ZONE / METRICS_PATH,
  else the demo data and `metrics/`);
- `as_of`: op config `as_of` (ISO-8601 instant; the `backfill_as_of` job sets it), else the
  run's start;
- `refresh_accounts`: op config `refresh_accounts`, else the run tag
  `crm_warehouse/refresh_accounts` ("1,2"; the sensor sets it), else empty = every account.
  Only the account-level marts and their upstream models may be built for some accounts (the
  `refresh_accounts` job); a run that would rebuild another table for some accounts stops before
  dbt starts, since that table would keep only those accounts' rows.
"""

import json
import shutil
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetSpec, Config, Failure
from dagster_dbt import DbtCliResource, dbt_assets
from pydantic import Field

from crm_warehouse.publish import publish, serving_path_for
from orchestration.constants import (
    DBT_ASSETS_NAME,
    REFRESH_ACCOUNTS_TAG,
    format_account_ids,
    parse_account_ids,
)
from orchestration.project import (
    CrmDbtTranslator,
    crm_project,
    load_manifest,
    per_account_refresh_keys,
)
from orchestration.resources import WarehouseResource

RUN_TARGETS_KEPT = 20


class DbtBuildConfig(Config):
    as_of: str | None = Field(
        default=None,
        description="As-of instant, ISO-8601 (e.g. 2026-03-31T19:00:00Z); "
        "default: the run's start.",
    )
    refresh_accounts: list[int] | None = Field(
        default=None,
        description="Recompute only these accounts (default: the run tag "
        f"{REFRESH_ACCOUNTS_TAG}, else every account).",
    )


def normalize_as_of(text: str) -> str:
    """An ISO-8601 instant as UTC text `YYYY-MM-DDTHH:MM:SSZ` (naive input is UTC)."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as error:
        raise Failure(f"as_of {text!r} is not an ISO-8601 instant, "
                      "e.g. 2026-03-31T19:00:00Z") from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def refresh_accounts_for(config: DbtBuildConfig, tags: Mapping[str, str]) -> list[int]:
    if config.refresh_accounts:
        return sorted(set(config.refresh_accounts))
    text = tags.get(REFRESH_ACCOUNTS_TAG, "")
    try:
        return parse_account_ids(text)
    except ValueError as error:
        raise Failure(f"run tag {REFRESH_ACCOUNTS_TAG}={text!r}: expected account ids "
                      "such as 1,2") from error


def dbt_vars(warehouse: WarehouseResource, as_of: str, accounts: list[int]) -> dict[str, Any]:
    return {
        "landing_zone": str(warehouse.landing_zone_path()),
        "metrics_path": str(warehouse.metrics_location()),
        "as_of": as_of,
        "refresh_accounts": accounts,
    }


def _run_start(context: AssetExecutionContext) -> datetime:
    record = context.instance.get_run_record_by_id(context.run.run_id)
    if record is not None and record.start_time:
        return datetime.fromtimestamp(record.start_time, tz=UTC)
    if record is not None and record.create_timestamp:
        return record.create_timestamp.astimezone(UTC)
    return datetime.now(UTC)


def _run_target_path(run_id: str) -> Path:
    """A target folder per run under <target>/dagster_runs (the newest few are kept), seeded
    with this project's partial-parse file (else dagster-dbt copies the one in ./target)."""
    target = crm_project.project_dir / crm_project.target_path
    root = target / "dagster_runs"
    root.mkdir(parents=True, exist_ok=True)
    old = sorted((path for path in root.iterdir() if path.is_dir()),
                 key=lambda path: path.stat().st_mtime)
    for path in old[:max(0, len(old) - RUN_TARGETS_KEPT + 1)]:
        shutil.rmtree(path, ignore_errors=True)
    run_target = root / run_id
    run_target.mkdir(parents=True, exist_ok=True)
    partial_parse = target / "partial_parse.msgpack"
    if partial_parse.is_file():
        shutil.copy2(partial_parse, run_target / partial_parse.name)
    return run_target


@dbt_assets(
    manifest=load_manifest(),
    project=crm_project,
    dagster_dbt_translator=CrmDbtTranslator(),
    name=DBT_ASSETS_NAME,
)
def crm_warehouse_dbt(context: AssetExecutionContext, dbt: DbtCliResource,
                      warehouse: WarehouseResource, config: DbtBuildConfig) -> Iterator[Any]:
    """`dbt build` of the selected models, seeds and tests, with this run's vars."""
    as_of = normalize_as_of(config.as_of) if config.as_of else normalize_as_of(
        _run_start(context).isoformat())
    accounts = refresh_accounts_for(config, context.run.tags)
    if accounts:
        not_per_account = sorted(
            key.to_user_string()
            for key in context.selected_asset_keys - per_account_refresh_keys(load_manifest())
        )
        if not_per_account:
            raise Failure(
                "refresh_accounts is set, but this run also rebuilds tables that are not "
                "incremental by account (they would keep only the refreshed accounts' rows): "
                f"{', '.join(not_per_account[:10])}. Launch the refresh_accounts job instead.",
                metadata={"refresh_accounts": format_account_ids(accounts)},
            )
    variables = dbt_vars(warehouse, as_of, accounts)
    context.log.info(f"dbt vars: {json.dumps(variables)}; warehouse {warehouse.path}")
    warehouse.path.parent.mkdir(parents=True, exist_ok=True)
    # dbt's unit tests check the models' logic on fixed inputs: the code does not change between
    # runs, so they run with every full build, not with each per-account refresh.
    skip = ["--exclude-resource-type", "unit_test"] if accounts else []
    invocation = dbt.cli(["build", "--vars", json.dumps(variables), *skip], context=context,
                         target_path=_run_target_path(context.run.run_id))
    yield from invocation.stream()
    # Readers (dashboard, BI tools) see a build only once it has succeeded, all at once.
    serving = publish(warehouse.path, serving_path_for(warehouse.path), accounts=accounts)
    context.log.info(f"published the marts to {serving}")


def landing_source_specs() -> list[AssetSpec]:
    """The landing-zone tables (dbt sources) as external assets in group `landing`: files that
    the import writes and dbt reads, not built here."""
    translator = CrmDbtTranslator()
    return [
        AssetSpec(
            key=translator.get_asset_key(props),
            group_name="landing",
            description=props.get("description") or f"Landing-zone table {props['name']}.",
            tags={"layer": "landing"},
        )
        for props in load_manifest().get("sources", {}).values()
        if props.get("source_name") == "landing"
    ]
