"""Metric definitions (metrics.md 1): which metrics exist in which account, and a light check of
app definitions so a broken one is quarantined (``invalid definition``) instead of crashing.

A definition is a plain dict shaped like one YAML metric. The reference adds ``source``
(``yaml`` or ``app``) and, for app definitions, takes ``id`` / ``account_id`` from the table.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from typing import Any

from .parsing import parse_int

KINDS = frozenset({
    "contacts_who_did", "times_happened", "avg_times_per_contact", "conversion_rate",
    "avg_time_between", "total_value", "avg_value",
})
EVENT_KINDS = frozenset({"contacts_who_did", "times_happened", "avg_times_per_contact"})
PAIR_KINDS = frozenset({"conversion_rate", "avg_time_between"})
TRIGGERS = frozenset(
    "contact_added purchased tag_added sequence_added list_subscribed membership_granted "
    "page_visited form_submitted tracked_link_clicked field_updated call_logged message_sent "
    "task_sent task_completed email_opened email_link_clicked video_played".split()
)
BUILTIN_TIMEFRAME_KEYS = (
    "today", "yesterday", "last_7_days", "this_week", "last_week", "last_week_to_date",
    "this_month", "last_month", "last_month_to_date", "last_30_days", "last_year",
    "last_year_to_date", "year_to_date",
)
FIELD_OPS = frozenset(
    {"eq", "ne", "gt", "gte", "lt", "lte", "contains", "is_empty", "is_not_empty"}
)
REFERENCE_LEAVES = frozenset({
    "subscribed_to_tag", "subscribed_to_sequence", "opened_email", "clicked_email_link",
    "ever_filled_out_form", "ever_clicked_tracked_link", "had_message_sent", "had_task_sent",
    "has_open_order", "ever_purchased", "ever_refunded",
})
_WITHIN_RE = re.compile(r"^([0-9]+(?:\.[0-9]+)?) (second|minute|hour|day|week)s?$")
_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}


def parse_within(text: Any) -> timedelta | None:
    """``7 days`` -> 7 x 86,400 s of elapsed time; None when unreadable."""
    if not isinstance(text, str):
        return None
    match = _WITHIN_RE.match(text)
    if not match:
        return None
    return timedelta(seconds=float(match.group(1)) * _UNIT_SECONDS[match.group(2)])


def parse_day(value: Any) -> date | None:
    """A custom-range day (YAML gives a date; JSON gives text)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def custom_range(timeframe: Any) -> tuple[date, date] | None:
    """The (from, to) days of a custom timeframe dict, or None when it is not one."""
    if not isinstance(timeframe, dict):
        return None
    first, last = parse_day(timeframe.get("from")), parse_day(timeframe.get("to"))
    if first is None or last is None:
        return None
    return first, last


def _timeframe_problem(timeframe: Any, required: bool) -> str | None:
    if timeframe is None:
        return "missing timeframe" if required else None
    if isinstance(timeframe, str):
        return None if timeframe in BUILTIN_TIMEFRAME_KEYS else f"unknown timeframe {timeframe!r}"
    bounds = custom_range(timeframe)
    if bounds is None:
        return "unreadable custom timeframe"
    return "custom range with from after to" if bounds[0] > bounds[1] else None


def _trigger_problem(trigger: Any, name: str) -> str | None:
    if not isinstance(trigger, dict):
        return f"missing {name}"
    if trigger.get("type") not in TRIGGERS:
        return f"unknown trigger {trigger.get('type')!r} in {name}"
    return None


def condition_problem(node: Any) -> str | None:
    """Why a ``where`` tree is unreadable, or None."""
    if not isinstance(node, dict):
        return "a condition must be a mapping"
    if "all" in node or "any" in node:
        children = node.get("all", node.get("any"))
        if len(node) != 1 or not isinstance(children, list):
            return "all/any takes a list"
        return next((p for p in map(condition_problem, children) if p), None)
    if "not" in node:
        return "not takes one condition" if len(node) != 1 else condition_problem(node["not"])
    if "field" in node:
        if node.get("op") not in FIELD_OPS:
            return f"unknown field operator {node.get('op')!r}"
        if node["op"] not in ("is_empty", "is_not_empty") and "value" not in node:
            return "field condition without value"
        return None
    if len(node) != 1:
        return f"unknown condition {sorted(node)!r}"
    (leaf, argument), = node.items()
    if leaf in REFERENCE_LEAVES or leaf == "last_transaction_status":
        return None
    if leaf == "contact_exists":
        return None if isinstance(argument, bool) else "contact_exists takes true or false"
    if leaf == "visited_landing_page":
        if isinstance(argument, dict):
            return _timeframe_problem(argument.get("timeframe"), required=False)
        return None
    return f"unknown condition {leaf!r}"


def definition_problem(defn: dict[str, Any]) -> str | None:
    """Why a definition cannot be computed, or None (a light version of the validator)."""
    kind = defn.get("kind")
    if kind not in KINDS:
        return f"unknown kind {kind!r}"
    problem: str | None = None
    if kind in EVENT_KINDS:
        problem = _trigger_problem(defn.get("event"), "event")
    elif kind in PAIR_KINDS:
        problem = _trigger_problem(defn.get("from_event"), "from_event") or _trigger_problem(
            defn.get("to_event"), "to_event"
        )
        if not problem and defn.get("count", "once") not in ("once", "each"):
            problem = f"unknown count {defn.get('count')!r}"
        if not problem and "within" in defn and parse_within(defn["within"]) is None:
            problem = f"unreadable within {defn['within']!r}"
    else:
        value = defn.get("value")
        allowed = {"sales_of", "transactions_with_status"} | ({"field"} if kind == "avg_value"
                                                               else set())
        if not isinstance(value, dict) or len(value) != 1 or next(iter(value)) not in allowed:
            problem = "value must be one of " + ", ".join(sorted(allowed))
    if not problem and defn.get("where") is not None:
        problem = condition_problem(defn["where"])
    return problem or _timeframe_problem(defn.get("timeframe"), required=False)


def check_app_definition(row: dict[str, Any], yaml_metrics: list[dict[str, Any]]) -> str | None:
    """``invalid definition`` when a staged-to-be app definition is unusable; stores the parsed
    JSON in ``row['_definition']`` when it is usable."""
    text = row.get("definition")
    try:
        defn = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        defn = None
    if not isinstance(defn, dict):
        return "invalid definition"
    if "id" in defn and defn["id"] != row["metric_id"]:
        return "invalid definition"
    if "account_id" in defn and parse_int(defn["account_id"]) != row["account_id"]:
        return "invalid definition"
    for metric in yaml_metrics:
        scope = parse_int(metric.get("account_id"))
        if metric.get("id") == row["metric_id"] and scope in (None, row["account_id"]):
            return "invalid definition"
    if definition_problem(defn):
        return "invalid definition"
    row["_definition"] = {**defn, "id": row["metric_id"], "account_id": row["account_id"]}
    return None


def metrics_for_account(
    account_id: int,
    yaml_metrics: list[dict[str, Any]],
    app_rows: list[dict[str, Any]],
    as_of: datetime,
) -> list[dict[str, Any]]:
    """The metrics that exist in one account at as-of, each with ``source``.

    A YAML metric with ``account_id`` replaces, in that account, the global one with its id.
    App definitions exist from ``created_at`` (inclusive) up to ``deleted_at`` (exclusive).
    """
    by_id: dict[str, dict[str, Any]] = {}
    for metric in yaml_metrics:
        if metric.get("account_id") is None:
            by_id[metric["id"]] = {**metric, "source": "yaml"}
    for metric in yaml_metrics:
        if metric.get("account_id") is not None and parse_int(metric["account_id"]) == account_id:
            by_id[metric["id"]] = {**metric, "source": "yaml"}
    result = list(by_id.values())
    for row in app_rows:
        if row["account_id"] != account_id or "_definition" not in row:
            continue
        if row["created_at"] <= as_of and (row["deleted_at"] is None or row["deleted_at"] > as_of):
            result.append({**row["_definition"], "source": "app"})
    return result
