"""Names shared by the modules of the code location (jobs, run tags, asset keys, the dbt op).

The refresh scope (which accounts a run recomputes, run tag `crm_warehouse/refresh_accounts`) has
its own module, `crm_warehouse.refresh`."""

from __future__ import annotations

DBT_ASSETS_NAME = "crm_warehouse_dbt"
"""The op of @dbt_assets: its config (as_of) lives under ops.<this name>."""

FULL_REFRESH_JOB = "full_refresh"
REFRESH_ACCOUNTS_JOB = "refresh_accounts"
BACKFILL_JOB = "backfill_as_of"
WAREHOUSE_JOBS = (FULL_REFRESH_JOB, REFRESH_ACCOUNTS_JOB, BACKFILL_JOB)

REFRESH_REASON_TAG = "crm_warehouse/reason"
WAREHOUSE_TAG = "crm_warehouse/warehouse"
"""Run tag on every job that writes the warehouse; DAGSTER_HOME/dagster.yaml limits it to one
run at a time (DuckDB allows one writer, and a writer locks out readers)."""

PER_ACCOUNT_TAG = "per_account"
"""The dbt tag of the account-level models (incremental by account: a per-account refresh
replaces only the refreshed accounts' rows), and the asset tag (value "true") they carry."""

LAYER_TAG = "layer"

MARTS_SCHEMA = "marts"
"""The first part of the asset key of every mart; the serving file copies this schema."""

STAGED_VISITS_KEY = ("marts", "fct_dashboard_visits")
"""Asset key path of the staged dashboard visits (the sensor reads them, with the live landing
view): refresh runs ingest the refreshed accounts' new visits too."""

SERVING_FILE_KEY = ("serving", "serving_file")
"""Asset key path of the serving file (`crm_warehouse.publish`), downstream of every mart."""
SERVING_GROUP = "serving"
