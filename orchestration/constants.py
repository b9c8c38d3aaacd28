"""Names shared by the modules of the code location (jobs, run tags, the dbt op)."""

from __future__ import annotations

DBT_ASSETS_NAME = "crm_warehouse_dbt"
"""The op of @dbt_assets: its config (as_of, refresh_accounts) lives under ops.<this name>."""

FULL_REFRESH_JOB = "full_refresh"
REFRESH_ACCOUNTS_JOB = "refresh_accounts"
BACKFILL_JOB = "backfill_as_of"
WAREHOUSE_JOBS = (FULL_REFRESH_JOB, REFRESH_ACCOUNTS_JOB, BACKFILL_JOB)

REFRESH_ACCOUNTS_TAG = "crm_warehouse/refresh_accounts"
"""Run tag: comma-separated account ids to recompute (absent = every account)."""
REFRESH_REASON_TAG = "crm_warehouse/reason"
WAREHOUSE_TAG = "crm_warehouse/warehouse"
"""Run tag on every job that writes the warehouse; DAGSTER_HOME/dagster.yaml limits it to one
run at a time (DuckDB allows one writer, and a writer locks out readers)."""

PER_ACCOUNT_TAG = "per_account"
"""Asset tag (value "true") of the account-level marts: incremental by account, they replace
only the refreshed accounts' rows."""

LAYER_TAG = "layer"

STAGED_VISITS_KEY = ("staging", "stg_landing__dashboard_visits")
"""Asset key path of the staged dashboard visits (the sensor reads them, with the live landing
view): refresh runs ingest the refreshed accounts' new visits too."""


def parse_account_ids(text: str) -> list[int]:
    """Account ids from the run tag: "1,2", "[1, 2]" or "1 2" (ValueError otherwise)."""
    cleaned = text.replace("[", " ").replace("]", " ").replace(",", " ").split()
    return sorted({int(part) for part in cleaned})


def format_account_ids(accounts: list[int]) -> str:
    """The run tag's format: sorted, comma-separated ids."""
    return ",".join(str(account) for account in sorted(set(accounts)))
