"""The three ways the warehouse is built.

- `full_refresh`: every asset and check for every account (the daily schedule; the sensor's
  first build).
- `refresh_accounts`: the account-level models (asset tag `per_account`) and everything upstream
  of them, plus the staged dashboard visits the sensor reads, for the accounts in the run tag
  `crm_warehouse/refresh_accounts` (the sensor sets it). Tables that are not incremental by
  account (the data-quality marts) wait for the next full refresh.
- `backfill_as_of`: every asset, pinned to an as-of instant. Run config: `{as_of: "..."}`.

Each ends with the serving file (`serving/serving_file`), published after the dbt step and after
the blocking checks the job runs (orchestration/defs/checks.py): a failing one stops the publish.

Every job carries the run tag `crm_warehouse/warehouse`, limited to one run at a time by
DAGSTER_HOME/dagster.yaml (scripts/dagster_ui.sh writes it): DuckDB has a single writer.
"""

from __future__ import annotations

from typing import Any

from dagster import AssetKey, AssetSelection, ConfigMapping, Field, define_asset_job

from orchestration.constants import (
    BACKFILL_JOB,
    DBT_ASSETS_NAME,
    FULL_REFRESH_JOB,
    PER_ACCOUNT_TAG,
    REFRESH_ACCOUNTS_JOB,
    SERVING_FILE_KEY,
    STAGED_VISITS_KEY,
    WAREHOUSE_TAG,
)

WRITER_TAGS = {WAREHOUSE_TAG: "write"}
STAGED_VISITS = AssetKey(list(STAGED_VISITS_KEY))
SERVING_FILE = AssetKey(list(SERVING_FILE_KEY))

PER_ACCOUNT_SELECTION = (
    AssetSelection.tag(PER_ACCOUNT_TAG, "true") | AssetSelection.assets(STAGED_VISITS)
).upstream().materializable() | AssetSelection.assets(SERVING_FILE)

full_refresh_job = define_asset_job(
    FULL_REFRESH_JOB,
    selection=AssetSelection.all(),
    tags={**WRITER_TAGS, "crm_warehouse/scope": "all_accounts"},
    description="Rebuild every asset for every account, as of the run's start, with all checks.",
)

refresh_accounts_job = define_asset_job(
    REFRESH_ACCOUNTS_JOB,
    selection=PER_ACCOUNT_SELECTION,
    tags={**WRITER_TAGS, "crm_warehouse/scope": "some_accounts"},
    description="Recompute the account-level models for the accounts in the run tag "
    "crm_warehouse/refresh_accounts (e.g. 1,2), as of the run's start, and publish their rows; "
    "other accounts' rows are left untouched. Launched by the account_refresh_sensor.",
)


def _backfill_config(config: dict[str, Any]) -> dict[str, Any]:
    return {"ops": {DBT_ASSETS_NAME: {"config": {"as_of": config["as_of"]}}}}


backfill_as_of_job = define_asset_job(
    BACKFILL_JOB,
    selection=AssetSelection.all(),
    tags={**WRITER_TAGS, "crm_warehouse/scope": "all_accounts"},
    config=ConfigMapping(
        config_fn=_backfill_config,
        config_schema={
            "as_of": Field(str, description="ISO-8601 instant, e.g. 2026-03-31T19:00:00Z")
        },
    ),
    description="Rebuild every asset as of a given instant (run config: as_of). The next "
    "refresh brings the accounts back to the current time.",
)

JOBS = [full_refresh_job, refresh_accounts_job, backfill_as_of_job]
