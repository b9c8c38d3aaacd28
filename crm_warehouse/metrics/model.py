"""Vocabulary and normalized form of a metric definition (spec: metrics.md sections 1-4).

Everything here is plain data: the names the spec allows (kinds, triggers, condition leaves,
operators, timeframes, transaction statuses) and the frozen dataclasses a parsed definition is made
of. `MetricDefinition.to_row()` is the flat row the SQL side consumes (see `ROW_COLUMNS`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

# --- vocabulary -------------------------------------------------------------------------------

#: kind -> the kind-specific parameters it takes (metrics.md section 2).
KIND_PARAMETERS: dict[str, tuple[str, ...]] = {
    "contacts_who_did": ("event",),
    "times_happened": ("event",),
    "avg_times_per_contact": ("event",),
    "conversion_rate": ("from_event", "to_event", "count", "within"),
    "avg_time_between": ("from_event", "to_event", "within"),
    "total_value": ("value",),
    "avg_value": ("value",),
}
KINDS: tuple[str, ...] = tuple(KIND_PARAMETERS)

#: parameters every kind takes; `id`, `name`, `kind` and `timeframe` are required.
COMMON_PARAMETERS: tuple[str, ...] = ("id", "name", "account_id", "kind", "where", "timeframe")
#: every kind-specific parameter name (used to tell "wrong kind" from "typo").
KIND_SPECIFIC_PARAMETERS: tuple[str, ...] = (
    "event", "from_event", "to_event", "count", "within", "value",
)
#: kind-specific parameters that are optional.
OPTIONAL_PARAMETERS: frozenset[str] = frozenset({"count", "within"})

#: value specs allowed per kind (`value: {<type>: ...}`).
VALUE_TYPES_BY_KIND: dict[str, tuple[str, ...]] = {
    "total_value": ("sales_of", "transactions_with_status"),
    "avg_value": ("sales_of", "transactions_with_status", "field"),
}

#: triggers read from the `events` table (event_type = trigger name); `detail` allowed.
EVENT_TABLE_TRIGGERS: tuple[str, ...] = (
    "tag_added", "sequence_added", "list_subscribed", "membership_granted", "page_visited",
    "form_submitted", "tracked_link_clicked", "field_updated", "call_logged", "message_sent",
    "task_sent", "task_completed", "email_opened", "email_link_clicked", "video_played",
)
#: every trigger (`event.type`): contact_added (contacts.created_at), purchased (transactions).
TRIGGERS: tuple[str, ...] = ("contact_added", "purchased", *EVENT_TABLE_TRIGGERS)
#: triggers that take no object (only absent or `any`).
TRIGGERS_WITHOUT_OBJECT: frozenset[str] = frozenset({"contact_added"})
#: triggers that take no `detail`.
TRIGGERS_WITHOUT_DETAIL: frozenset[str] = frozenset({"contact_added", "purchased"})

TRANSACTION_STATUSES: tuple[str, ...] = (
    "paid", "pending", "declined", "refunded", "voided", "collections", "write_off",
)

COUNT_MODES: tuple[str, ...] = ("once", "each")

#: the 13 built-in timeframe keys, in dashboard order (metrics.md section 4).
TIMEFRAMES: tuple[str, ...] = (
    "today", "yesterday", "last_7_days", "this_week", "last_week", "last_week_to_date",
    "this_month", "last_month", "last_month_to_date", "last_30_days", "last_year",
    "last_year_to_date", "year_to_date",
)
CUSTOM_TIMEFRAME = "custom"

#: `within` units (singular accepted) -> seconds.
WITHIN_UNITS: dict[str, int] = {
    "second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800,
}

FIELD_OPS: tuple[str, ...] = (
    "eq", "ne", "gt", "gte", "lt", "lte", "contains", "is_empty", "is_not_empty",
)
VALUELESS_OPS: frozenset[str] = frozenset({"is_empty", "is_not_empty"})

COMBINATORS: tuple[str, ...] = ("all", "any", "not")
#: leaves whose value is an object reference (name, id or `any`).
OBJECT_LEAVES: tuple[str, ...] = (
    "subscribed_to_tag", "subscribed_to_sequence", "opened_email", "clicked_email_link",
    "ever_filled_out_form", "ever_clicked_tracked_link", "had_message_sent", "had_task_sent",
    "has_open_order", "ever_purchased", "ever_refunded",
)
#: every condition leaf type (`field` is the `{field, op, value}` leaf).
LEAF_TYPES: tuple[str, ...] = (
    "field", *OBJECT_LEAVES, "visited_landing_page", "last_transaction_status", "contact_exists",
)

#: A condition tree may have at most this many levels: the root is level 1 (node depth 0), so the
#: deepest allowed node has depth MAX_CONDITION_DEPTH - 1.
MAX_CONDITION_DEPTH = 8

ID_PATTERN = r"[a-z0-9_]+"

#: source_file of app definitions.
APP_SOURCE_FILE = "metric_definitions"

#: the keys of `MetricDefinition.to_row()`, in order (the SQL side's contract).
ROW_COLUMNS: tuple[str, ...] = (
    "scope_account_id", "metric_id", "metric_name", "kind", "source", "source_file",
    "default_timeframe", "custom_first_day", "custom_last_day", "count_mode", "within_seconds",
    "value_type", "value_field", "triggers_json", "condition_nodes_json", "definition_json",
)


class MetricDefinitionError(ValueError):
    """One or more metric definitions are invalid.

    `str(error)` lists the problems, one per line; `error.problems` holds them as a list.
    """

    def __init__(self, problems: list[str] | str):
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


# --- normalized form --------------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectRef:
    """A reference to objects: `any` (everything), an object id, or an exact name."""

    ref: str = "any"  # 'any' | 'id' | 'name'
    object_id: int | None = None
    object_name: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"object_ref": self.ref, "object_id": self.object_id,
                "object_name": self.object_name}


ANY_OBJECT = ObjectRef()


@dataclass(frozen=True)
class Trigger:
    """Where a metric's occurrences come from: `event`, `from`, `to` or `value` role."""

    role: str
    event_type: str | None
    object: ObjectRef = ANY_OBJECT
    detail: str | None = None
    transaction_status: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"role": self.role, "event_type": self.event_type, **self.object.as_dict(),
                "detail": self.detail, "transaction_status": self.transaction_status}


@dataclass(frozen=True)
class Timeframe:
    """A built-in timeframe key, or `custom` with its inclusive first and last day."""

    key: str
    first_day: dt.date | None = None
    last_day: dt.date | None = None


@dataclass(frozen=True)
class Condition:
    """A node of a `where` tree: `all` / `any` / `not` with children, or a `leaf`."""

    node_type: str  # 'all' | 'any' | 'not' | 'leaf'
    children: tuple[Condition, ...] = ()
    leaf_type: str | None = None
    field_name: str | None = None
    op: str | None = None
    value_text: str | None = None
    object: ObjectRef | None = None
    status: str | None = None
    timeframe: Timeframe | None = None
    flag: bool | None = None

    def nodes(self) -> list[dict[str, Any]]:
        """The tree as a flat pre-order list of node rows (root: node_id 0, depth 0)."""
        rows: list[dict[str, Any]] = []

        def visit(node: Condition, parent: int | None, depth: int) -> None:
            node_id = len(rows)
            ref = node.object
            tf = node.timeframe
            rows.append({
                "node_id": node_id, "parent_node_id": parent, "depth": depth,
                "node_type": node.node_type, "leaf_type": node.leaf_type,
                "field_name": node.field_name, "op": node.op, "value_text": node.value_text,
                "object_ref": ref.ref if ref else None,
                "object_id": ref.object_id if ref else None,
                "object_name": ref.object_name if ref else None,
                "status": node.status,
                "timeframe": tf.key if tf else None,
                "custom_first_day": _iso(tf.first_day) if tf else None,
                "custom_last_day": _iso(tf.last_day) if tf else None,
                "flag": node.flag,
            })
            for child in node.children:
                visit(child, node_id, depth + 1)

        visit(self, None, 0)
        return rows


@dataclass(frozen=True)
class MetricDefinition:
    """One parsed, valid metric definition (from a YAML file or an app row)."""

    metric_id: str
    name: str
    kind: str
    scope_account_id: int | None  # None = global YAML metric
    source: str  # 'yaml' | 'app'
    source_file: str  # path relative to the metrics folder, or 'metric_definitions'
    timeframe: Timeframe
    triggers: tuple[Trigger, ...] = ()
    where: Condition | None = None
    count_mode: str | None = None
    within_seconds: float | None = None
    value_type: str | None = None  # 'sales_of' | 'transactions_with_status' | 'field'
    value_field: str | None = None
    definition_json: str = "{}"  # canonical JSON of the original definition

    def to_row(self) -> dict[str, Any]:
        """The flat row of `ROW_COLUMNS` the SQL side consumes."""
        return {
            "scope_account_id": self.scope_account_id,
            "metric_id": self.metric_id,
            "metric_name": self.name,
            "kind": self.kind,
            "source": self.source,
            "source_file": self.source_file,
            "default_timeframe": self.timeframe.key,
            "custom_first_day": self.timeframe.first_day,
            "custom_last_day": self.timeframe.last_day,
            "count_mode": self.count_mode,
            "within_seconds": self.within_seconds,
            "value_type": self.value_type,
            "value_field": self.value_field,
            "triggers_json": dumps([t.as_dict() for t in self.triggers]),
            "condition_nodes_json": dumps(self.where.nodes() if self.where else []),
            "definition_json": self.definition_json,
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def dumps(value: Any) -> str:
    """Compact JSON text with keys in the order given (for the *_json row columns)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def canonical_json(value: Any) -> str:
    """Canonical JSON text: sorted keys, compact separators."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True,
                      allow_nan=False)
