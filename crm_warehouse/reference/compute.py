"""Assemble every output of the reference implementation as DataFrames shaped like the golden
expected files (same column names, same order)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from .account import AccountData, build_accounts, display_name
from .cleaning import clean
from .conditions import ConditionEvaluator
from .definitions import custom_range, metrics_for_account
from .landing import TABLES, read_landing_zone
from .metrics import MetricEvaluator, MetricResult
from .panels import (
    SALES_COLUMNS,
    panel_broadcasts,
    panel_calendar,
    panel_helpdesk,
    panel_subscriptions,
    panel_traffic,
)
from .panels import panel_sales as _panel_sales
from .timeframes import BUILTIN_TIMEFRAMES, LABELS, calendar_rows, previous_window, window

COLUMNS: dict[str, list[str]] = {
    "metric_values": [
        "account_id", "metric_id", "metric_name", "kind", "source", "timeframe",
        "timeframe_label", "is_default", "first_day", "last_day", "value", "numerator",
        "denominator", "median", "previous_first_day", "previous_last_day", "previous_value",
        "previous_numerator", "previous_denominator", "previous_median", "as_of",
    ],
    "metric_members": [
        "account_id", "metric_id", "kind", "timeframe", "contact_id", "contribution",
        "in_numerator", "display_name", "first_name", "last_name", "email", "created_at",
    ],
    "timeframe_calendar": [
        "account_id", "timeframe", "timeframe_label", "first_day", "last_day", "utc_start",
        "utc_end_exclusive", "utc_end_effective", "hours", "previous_first_day",
        "previous_last_day",
    ],
    "panel_sales": SALES_COLUMNS,
    "panel_subscriptions": [
        "account_id", "section", "day", "new_leads", "list_subscriptions", "sequence_additions",
        "membership_grants", "list_unsubscriptions", "sequence_removals",
        "membership_revocations", "email_unsubscribes", "subscriptions_plus",
        "unsubscriptions_minus",
    ],
    "panel_broadcasts": [
        "account_id", "rank", "broadcast_id", "name", "channel", "sent_at", "recipients",
        "delivered", "unique_opens", "unique_clicks", "bounces", "unsubscribes", "complaints",
        "delivered_rate", "delivered_pct", "bounced_rate", "bounced_pct", "opens_rate",
        "opens_pct", "clicks_rate", "clicks_pct", "unsubscribes_rate", "unsubscribes_pct",
        "complaints_rate", "complaints_pct",
    ],
    "panel_traffic": [
        "account_id", "section", "day", "rank", "object_id", "name", "views", "unique_visitors",
        "goals", "goal_rate",
    ],
    "panel_helpdesk": [
        "account_id", "new_tickets", "new_chats", "unopened_tickets", "rated_closed",
        "avg_satisfaction",
    ],
    "panel_calendar": [
        "account_id", "rank", "calendar_event_id", "title", "starts_at_utc", "starts_local",
        "capacity", "registrants", "registrant_name",
    ],
    "quarantine": ["table_name", "account_id", "row_key", "reason"],
    "staged_counts": ["table_name", "staged_rows"],
}

PANELS = {
    "panel_sales": _panel_sales,
    "panel_subscriptions": panel_subscriptions,
    "panel_broadcasts": panel_broadcasts,
    "panel_traffic": panel_traffic,
    "panel_helpdesk": panel_helpdesk,
    "panel_calendar": panel_calendar,
}


def _frame(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A DataFrame of Python objects (int, Decimal, float, date, datetime, str, bool, None)."""
    columns = COLUMNS[name]
    return pd.DataFrame([[row.get(c) for c in columns] for row in rows], columns=columns,
                        dtype=object)


def _utc(as_of: datetime | str) -> datetime:
    if isinstance(as_of, str):
        as_of = datetime.fromisoformat(as_of.strip())
    return as_of.replace(tzinfo=UTC) if as_of.tzinfo is None else as_of.astimezone(UTC)


def _metric_rows(data: AccountData, defn: dict[str, Any],
                 evaluator: ConditionEvaluator) -> tuple[list[dict], list[dict]]:
    """metric_values and metric_members rows of one metric in one account."""
    contacts = evaluator.contacts_satisfying(defn.get("where"))
    metric = MetricEvaluator(data, defn, contacts)
    custom = custom_range(defn.get("timeframe"))
    default = "custom" if custom is not None else defn.get("timeframe")
    keys = list(BUILTIN_TIMEFRAMES) + (["custom"] if custom is not None else [])
    values, members = [], []
    for key in keys:
        current = window(key, data.today, data.week_start, custom)
        previous = previous_window(key, data.today, data.week_start, custom)
        now: MetricResult = metric.compute(current)
        before: MetricResult = metric.compute(previous)
        values.append({
            "account_id": data.account_id, "metric_id": defn["id"],
            "metric_name": defn.get("name", defn["id"]), "kind": defn["kind"],
            "source": defn["source"], "timeframe": key, "timeframe_label": LABELS[key],
            "is_default": key == default, "first_day": current[0], "last_day": current[1],
            "value": now.value, "numerator": now.numerator, "denominator": now.denominator,
            "median": now.median, "previous_first_day": previous[0],
            "previous_last_day": previous[1], "previous_value": before.value,
            "previous_numerator": before.numerator, "previous_denominator": before.denominator,
            "previous_median": before.median, "as_of": data.as_of,
        })
        for contact_id, contribution, in_numerator in now.members:
            contact = data.contacts[contact_id]
            members.append({
                "account_id": data.account_id, "metric_id": defn["id"], "kind": defn["kind"],
                "timeframe": key, "contact_id": contact_id, "contribution": contribution,
                "in_numerator": in_numerator, "display_name": display_name(contact),
                "first_name": contact["first_name"], "last_name": contact["last_name"],
                "email": contact["email"], "created_at": contact["created_at"],
            })
    return values, members


def compute_reference(landing_zone: str | Path, metrics: list[dict[str, Any]],
                      as_of: datetime | str) -> dict[str, pd.DataFrame]:
    """Every output of the spec for one landing zone, metric list and as-of instant.

    ``metrics`` is the list of YAML metric dicts (``yaml.safe_load(...)["metrics"]``); app
    definitions come from the landing zone's optional ``metric_definitions`` table.
    """
    moment = _utc(as_of)
    raw = read_landing_zone(landing_zone)
    cleaned = clean(raw, metrics)
    accounts = build_accounts(cleaned.staged, moment)
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in COLUMNS}
    for account_id in sorted(accounts):
        data = accounts[account_id]
        evaluator = ConditionEvaluator(data)
        definitions = metrics_for_account(account_id, metrics,
                                          cleaned.staged["metric_definitions"], moment)
        for defn in definitions:
            values, members = _metric_rows(data, defn, evaluator)
            out["metric_values"].extend(values)
            out["metric_members"].extend(members)
        out["timeframe_calendar"].extend(
            calendar_rows(account_id, data.tz, data.week_start, moment))
        for name, panel in PANELS.items():
            out[name].extend(panel(data))
    out["quarantine"] = cleaned.quarantine
    out["staged_counts"] = [{"table_name": t, "staged_rows": len(cleaned.staged[t])}
                            for t in TABLES]
    return {name: _frame(name, rows) for name, rows in out.items()}
