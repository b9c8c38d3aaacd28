"""The dashboard's reads of the serving file. Every value (account, metric, timeframe) is bound
with `?`; the only names put into SQL text are table names from the fixed `PANELS` list."""

from __future__ import annotations

import pandas as pd

SCHEMA = "marts"
PANELS = (
    "panel_sales", "panel_subscriptions", "panel_broadcasts", "panel_traffic", "panel_helpdesk",
    "panel_calendar",
)
# The default panel window (dashboards.md: the 7 local days ending today).
PANEL_TIMEFRAME = "week"


def table_columns(con, table: str, schema: str = SCHEMA) -> list[str]:
    """The columns of a table of the serving file, [] when it is absent."""
    rows = con.execute(
        """
        select column_name
        from information_schema.columns
        where table_catalog = current_database() and table_schema = ? and table_name = ?
        order by ordinal_position
        """,
        [schema, table],
    ).fetchall()
    return [name for (name,) in rows]


def table_exists(con, table: str, schema: str = SCHEMA) -> bool:
    return bool(table_columns(con, table, schema))


def accounts(con) -> pd.DataFrame:
    """Every account: id, name, timezone, currency."""
    return con.execute(
        """
        select account_id, account_name, timezone, currency
        from marts.dim_accounts
        order by account_name, account_id
        """
    ).df()


def publish_info(con) -> dict | None:
    """When the serving file was published and the as-of of its data (None before any publish
    that records it)."""
    if not table_exists(con, "publish_info"):
        return None
    row = con.execute("select as_of, published_at from marts.publish_info limit 1").fetchone()
    return None if row is None else {"as_of": row[0], "published_at": row[1]}


def metric_values(con, account_id: int) -> pd.DataFrame:
    """Every metric x timeframe of one account, with how its kind is presented (dim_metrics:
    unit, value rule, contribution, from the seed metric_kinds)."""
    return con.execute(
        """
        select
            v.account_id, v.metric_id, v.metric_name, v.kind, v.timeframe, v.timeframe_label,
            v.timeframe_sort_order, v.value, v.numerator, v.denominator, v.median,
            v.previous_value, v.is_default, v.first_day, v.last_day, v.previous_first_day,
            v.previous_last_day, v.as_of, v.computed_at, d.value_type, d.unit, d.value_rule,
            d.contribution
        from marts.metric_values as v
        left join marts.dim_metrics as d
            on d.account_id = v.account_id and d.metric_id = v.metric_id
        where v.account_id = ?
        order by lower(v.metric_name), v.metric_id, v.timeframe_sort_order
        """,
        [account_id],
    ).df()


def metric_members(con, account_id: int, metric_id: str, timeframe: str) -> pd.DataFrame:
    """The contacts behind one value (they reproduce it), largest contribution first."""
    return con.execute(
        """
        select contact_id, display_name, email, created_at, contribution, in_numerator
        from marts.metric_members
        where account_id = ? and metric_id = ? and timeframe = ?
        order by contribution desc, display_name, contact_id
        """,
        [account_id, metric_id, timeframe],
    ).df()


def panel(con, name: str, account_id: int, timeframe: str = PANEL_TIMEFRAME) -> pd.DataFrame | None:
    """One panel mart's rows for an account (its default week when the panel is windowed), or None
    when the serving file has no such panel."""
    if name not in PANELS:
        raise ValueError(f"unknown panel {name!r}")
    columns = table_columns(con, name)
    if not columns or "account_id" not in columns:
        return None
    sql = f"select * from {SCHEMA}.{name} where account_id = ?"
    parameters: list = [account_id]
    if "timeframe" in columns:
        sql += " and timeframe = ?"
        parameters.append(timeframe)
    order = [c for c in ("section", "rank", "day") if c in columns]
    if order:
        sql += " order by " + ", ".join(f"{c} nulls first" for c in order)
    return con.execute(sql, parameters).df()
