"""Resources: where the warehouse and its inputs are, short-lived read-only access to it, and dbt.

`resources()` binds them for the code location: `warehouse` (WarehouseResource) and `dbt` (the
DbtCliResource of `crm_warehouse.dbt`, the one module that invokes dbt).

The warehouse file is `$WAREHOUSE_DB` (default `warehouse/warehouse.duckdb`), for dbt (profiles.yml
reads the same variable) and for the sensor and checks alike: there is deliberately no second
setting that could make them disagree. The serving file is `crm_warehouse.settings.serving_path()`
(the one function the publish, the CLI and the dashboard use): the sensor judges freshness by it.
The landing zone and the metrics folder are resource config, defaulting to `$LANDING_ZONE` /
`$METRICS_PATH`, else the demo data and `metrics/`.

DuckDB allows one writer, and a reader in another process blocks it: every read here opens a
read-only connection, runs its queries and closes it at once.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
from pydantic import Field

from crm_warehouse import settings
from crm_warehouse.dbt import dbt_cli_resource
from crm_warehouse.publish import connect_serving
from orchestration.cadence import VISITS_NEEDED, AccountActivity, as_utc
from orchestration.constants import STAGED_VISITS_KEY
from orchestration.project import crm_project


class WarehouseBusyError(RuntimeError):
    """Another process holds the warehouse's write lock (a dbt build is running)."""


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse ($WAREHOUSE_DB) and the inputs a build reads."""

    landing_zone: str | None = Field(
        default=None,
        description="Landing-zone folder (default: $LANDING_ZONE, else the demo data seeds/demo).",
    )
    metrics_path: str | None = Field(
        default=None,
        description="Folder or file of metric YAML (default: $METRICS_PATH, else metrics/).",
    )

    @property
    def path(self) -> Path:
        return settings.warehouse_path()

    def landing_zone_path(self) -> Path:
        return Path(self.landing_zone).resolve() if self.landing_zone else settings.landing_zone()

    def metrics_location(self) -> Path:
        return Path(self.metrics_path).resolve() if self.metrics_path else settings.metrics_path()

    def exists(self) -> bool:
        return self.path.is_file()

    @contextmanager
    def read_only(self, wait_seconds: float = 0.0) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection (session time zone UTC), closed on exit. While a writer holds
        the file, retry for `wait_seconds`, then raise WarehouseBusyError."""
        if not self.exists():
            raise FileNotFoundError(f"no warehouse at {self.path} (set WAREHOUSE_DB, or build it)")
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                connection = duckdb.connect(str(self.path), read_only=True)
                break
            except duckdb.IOException as error:
                if time.monotonic() >= deadline:
                    raise WarehouseBusyError(f"{self.path} is locked: {error}") from error
                time.sleep(0.5)
        try:
            connection.execute("set TimeZone = 'UTC'")  # after connect: icu loads lazily
            yield connection
        finally:
            connection.close()

    def query(
        self, sql: str, parameters: list | None = None, wait_seconds: float = 30.0
    ) -> pd.DataFrame:
        with self.read_only(wait_seconds) as connection:
            return connection.execute(sql, parameters or []).df()

    @property
    def serving_path(self) -> Path:
        return settings.serving_path()

    @contextmanager
    def serving_read_only(
        self, wait_seconds: float = 0.0
    ) -> Iterator[duckdb.DuckDBPyConnection | None]:
        """A short-lived read-only connection to the serving file (`connect_serving`), or None
        when there is none yet. While a writer holds it (someone opened it read-write), retry
        for `wait_seconds`, then raise WarehouseBusyError."""
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                connection = connect_serving(path=self.serving_path)
                break
            except FileNotFoundError:
                connection = None
                break
            except duckdb.IOException as error:
                if time.monotonic() >= deadline:
                    raise WarehouseBusyError(f"{self.serving_path} is locked: {error}") from error
                time.sleep(0.5)
        try:
            yield connection
        finally:
            if connection is not None:
                connection.close()

    def read_activity(self, now: datetime, wait_seconds: float = 0.0) -> list[AccountActivity]:
        """Every account of the build with its last published computation (serving file), its
        last built one (build file) and its recent dashboard visits (build file and live landing
        view), or [] when the warehouse has no metric marts yet (missing file or never built)."""
        if not self.exists():
            return []
        with self.read_only(wait_seconds) as connection, self.serving_read_only(
            wait_seconds
        ) as serving:
            return activity_from(connection, now, serving)


def _relation_exists(connection: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    found = connection.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()
    return bool(found and found[0])


COMPUTED_MARTS = ("metric_values", "timeframe_calendar")
"""Account-level marts whose `computed_at` says when an account was last computed."""


def _has_column(
    connection: duckdb.DuckDBPyConnection, schema: str, table: str, column: str
) -> bool:
    found = connection.execute(
        "select count(*) from information_schema.columns where table_catalog = current_database() "
        "and table_schema = ? and table_name = ? and column_name = ?",
        [schema, table, column],
    ).fetchone()
    return bool(found and found[0])


def last_computed(connection: duckdb.DuckDBPyConnection) -> dict[int, datetime] | None:
    """Each account's last `computed_at` over the COMPUTED_MARTS that have the column, or None
    when none has it (no metric marts)."""
    marts = [
        name for name in COMPUTED_MARTS if _has_column(connection, "marts", name, "computed_at")
    ]
    if not marts:
        return None
    union = " union all ".join(
        f"select account_id, computed_at from marts.{name}" for name in marts
    )
    return {
        int(account_id): last_computed_at
        for account_id, last_computed_at in connection.execute(
            f"select account_id, max(computed_at) from ({union}) group by 1"
        ).fetchall()
        if last_computed_at is not None
    }


# Staged visits (clean, as of the last build: the mart marts.fct_dashboard_visits) and, when the
# landing view exists, the raw visits it shows live from the landing-zone file: new visits count
# before the next build. Accounts: marts.dim_accounts. The sensor reads marts only (and the
# landing view), never the staging or intermediate layers.
ACCOUNTS_KEY = ("marts", "dim_accounts")
ACCOUNTS_SQL = "select account_id from marts.dim_accounts"
STAGED_VISITS_SQL = "select account_id, visited_at from marts.fct_dashboard_visits"
LIVE_VISITS_SQL = """
    select
        try_cast(cast(account_id as varchar) as bigint) as account_id,
        try_cast(cast(visited_at as varchar) as timestamptz) at time zone 'UTC' as visited_at
    from landing.dashboard_visits
"""


def activity_from(
    connection: duckdb.DuckDBPyConnection,
    now: datetime,
    serving: duckdb.DuckDBPyConnection | None,
) -> list[AccountActivity]:
    """AccountActivity of every account, read with open connections to the build file and to the
    serving file (None: there is none yet, nothing was published). The accounts are those of the
    build's marts.dim_accounts (else those with a computation in the build); `last_computed_at`
    comes from the serving file, which is what readers see, `built_at` from the build, and the
    visits from the build (staged visits and the live landing view). An account that the build
    has and the serving file has not, or has older, is due at once (orchestration.cadence)."""
    built = last_computed(connection)
    if built is None:
        return []
    published = (last_computed(serving) if serving is not None else None) or {}
    accounts = set(built)
    if _relation_exists(connection, *ACCOUNTS_KEY):
        accounts = {
            int(account_id) for (account_id,) in connection.execute(ACCOUNTS_SQL).fetchall()
        }
    visits: dict[int, list[datetime]] = {account: [] for account in accounts}
    for account_id, visited_at in _recent_visits(connection, as_utc(now)):
        if account_id in visits:
            visits[account_id].append(visited_at)
    return [
        AccountActivity(
            account_id,
            published.get(account_id),
            tuple(sorted(visits[account_id])),
            built_at=built.get(account_id),
        )
        for account_id in sorted(accounts)
    ]


def _recent_visits(
    connection: duckdb.DuckDBPyConnection, now: datetime
) -> list[tuple[int, datetime]]:
    sources = []
    if _relation_exists(connection, *STAGED_VISITS_KEY):
        sources.append(STAGED_VISITS_SQL)
    if _relation_exists(connection, "landing", "dashboard_visits"):
        sources.append(LIVE_VISITS_SQL)
    since = now - VISITS_NEEDED - timedelta(hours=1)
    rows: set[tuple[int, datetime]] = set()
    for source in sources:
        sql = f"""
            select distinct account_id, visited_at from ({source})
            where account_id is not null and visited_at > ? and visited_at <= ?
        """
        try:
            found = connection.execute(sql, [since, now]).fetchall()
        except duckdb.Error:
            continue  # e.g. the landing file moved away: the staged visits still count
        rows.update((int(account_id), visited_at) for account_id, visited_at in found)
    return sorted(rows)


@dg.definitions
def resources() -> dg.Definitions:
    """The code location's resources: the warehouse and dbt."""
    return dg.Definitions(
        resources={
            "dbt": dbt_cli_resource(crm_project),
            "warehouse": WarehouseResource(),
        }
    )
