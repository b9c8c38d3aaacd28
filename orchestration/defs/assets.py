"""The assets: every dbt model and seed, built by one `dbt build` per run (dbt tests arrive as
asset checks), the landing-zone tables (external), and the serving file, published after them.

The dbt vars of a run:
- `landing_zone`, `metrics_path`: from the `warehouse` resource (env LANDING_ZONE / METRICS_PATH,
  else the demo data and `metrics/`);
- `as_of`: op config `as_of` (ISO-8601 instant; the `backfill_as_of` job sets it), else the
  run's start;
- `refresh_accounts`: from the run tag `crm_warehouse/refresh_accounts` ("1,2"; the sensor sets
  it), else empty = every account (`crm_warehouse.refresh.RefreshScope`, the one channel).
  Only the account-level models and their upstream models may be built for some accounts (the
  `refresh_accounts` job); a run that would rebuild another table for some accounts stops before
  dbt starts, since that table would keep only those accounts' rows.

The serving file (`serving/serving_file`) is its own asset downstream of every mart: a failed
publish shows as its own failed step and can be re-executed alone. It waits for the blocking
checks of the marts (orchestration/defs/checks.py), and does not run when one fails. It
publishes the run's scope (every mart whole, or only the refreshed accounts' rows).
"""

import json
import shutil
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets
from pydantic import Field

from crm_warehouse import dbt as dbt_invocation
from crm_warehouse import settings
from crm_warehouse.publish import publish
from crm_warehouse.refresh import RefreshScope
from orchestration.constants import (
    DBT_ASSETS_NAME,
    MARTS_SCHEMA,
    SERVING_FILE_KEY,
    SERVING_GROUP,
)
from orchestration.defs.resources import WarehouseResource
from orchestration.project import (
    CrmDbtTranslator,
    crm_project,
    load_manifest,
    per_account_refresh_keys,
)

RUN_TARGETS_KEPT = 20


class DbtBuildConfig(dg.Config):
    as_of: str | None = Field(
        default=None,
        description="As-of instant, ISO-8601 (e.g. 2026-03-31T19:00:00Z); "
        "default: the run's start. (The accounts to refresh come from the run tag "
        "crm_warehouse/refresh_accounts.)",
    )


def normalize_as_of(text: str) -> str:
    """An ISO-8601 instant as UTC text `YYYY-MM-DDTHH:MM:SSZ` (naive input is UTC)."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as error:
        raise dg.Failure(
            f"as_of {text!r} is not an ISO-8601 instant, e.g. 2026-03-31T19:00:00Z"
        ) from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def refresh_scope(tags: Mapping[str, str]) -> RefreshScope:
    """The run's refresh scope from its tags; a Failure (before dbt starts or anything is
    published) when the run tag is not a list of account ids."""
    try:
        return RefreshScope.from_tags(tags)
    except ValueError as error:
        raise dg.Failure(str(error)) from error


def _run_start(context: dg.AssetExecutionContext) -> datetime:
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
    old = sorted(
        (path for path in root.iterdir() if path.is_dir()), key=lambda path: path.stat().st_mtime
    )
    for path in old[: max(0, len(old) - RUN_TARGETS_KEPT + 1)]:
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
def crm_warehouse_dbt(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    warehouse: WarehouseResource,
    config: DbtBuildConfig,
) -> Iterator[Any]:
    """`dbt build` of the selected models, seeds and tests, with this run's vars."""
    as_of = (
        normalize_as_of(config.as_of)
        if config.as_of
        else normalize_as_of(_run_start(context).isoformat())
    )
    scope = refresh_scope(context.run.tags)
    if not scope.is_all_accounts:
        not_per_account = sorted(
            key.to_user_string()
            for key in context.selected_asset_keys - per_account_refresh_keys(load_manifest())
        )
        if not_per_account:
            raise dg.Failure(
                f"the run refreshes {scope.describe()}, but it also rebuilds tables that are not "
                "incremental by account (they would keep only the refreshed accounts' rows): "
                f"{', '.join(not_per_account[:10])}. Launch the refresh_accounts job instead.",
                metadata={"refresh_accounts": scope.to_tag()},
            )
    variables = dbt_invocation.dbt_vars(
        warehouse.landing_zone_path(), warehouse.metrics_location(), as_of, scope
    )
    context.log.info(f"dbt vars: {json.dumps(variables)}; warehouse {warehouse.path}")
    warehouse.path.parent.mkdir(parents=True, exist_ok=True)
    # dbt's unit tests check the models' logic on fixed inputs: the code does not change between
    # runs, so they run with every full build, not with each per-account refresh.
    invocation = dbt.cli(
        dbt_invocation.build_args(variables, unit_tests=scope.is_all_accounts),
        context=context,
        target_path=_run_target_path(context.run.run_id),
    )
    yield from invocation.stream()


MART_KEYS = sorted(
    (key for key in crm_warehouse_dbt.keys if key.path[0] == MARTS_SCHEMA),
    key=lambda key: key.to_user_string(),
)
"""Every mart: what the serving file copies, so the publish waits for all of them."""


@dg.asset(
    key=dg.AssetKey(list(SERVING_FILE_KEY)),
    deps=MART_KEYS,
    group_name=SERVING_GROUP,
    kinds={"duckdb"},
    description="The read-only serving file that the dashboard and BI tools read "
    "(crm_warehouse.publish): a copy of the marts, swapped in atomically after the dbt build "
    "and the blocking checks (a failing blocking check stops the publish). "
    "After a per-account refresh (run tag crm_warehouse/refresh_accounts) only those accounts' "
    "rows are replaced. A failed publish leaves the previous file serving; re-execute this "
    "step alone to retry it.",
)
def serving_file(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    scope = refresh_scope(context.run.tags)
    target = settings.serving_path()  # the one function that decides it (CLI, dashboard too)
    path = publish(warehouse.path, target, **scope.publish_kwargs())
    context.log.info(f"published {scope.describe()} of {warehouse.path} to {path}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "build_file": dg.MetadataValue.path(str(warehouse.path)),
            "accounts": scope.describe(),
            "size_bytes": path.stat().st_size,
        }
    )


def landing_source_specs() -> list[dg.AssetSpec]:
    """The landing-zone tables (dbt sources) as external assets in group `landing`: files that
    the import writes and dbt reads, not built here."""
    translator = CrmDbtTranslator()
    return [
        dg.AssetSpec(
            key=translator.get_asset_key(props),
            group_name="landing",
            description=props.get("description") or f"Landing-zone table {props['name']}.",
            tags={"layer": "landing"},
        )
        for props in load_manifest().get("sources", {}).values()
        if props.get("source_name") == "landing"
    ]


LANDING_SOURCES = landing_source_specs()
