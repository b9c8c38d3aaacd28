"""The "Bad input" rules (raw_contract.md; metrics.md 5 "Quarantine").

Every raw row ends up staged (typed) or quarantined with exactly one reason, checked in this
order: missing key, invalid timezone (accounts), unknown account, unparseable timestamp, unknown
event_type, invalid value, negative amount, invalid definition (metric_definitions), duplicate.
Duplicates are judged among the rows that pass every other check: the first in file order stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from .definitions import check_app_definition
from .landing import TABLES, RawRow
from .parsing import INVALID, parse_int, parse_money, parse_text, parse_timestamp

WEEK_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EVENT_TYPES = frozenset(
    "tag_added tag_removed sequence_added sequence_removed list_subscribed list_unsubscribed "
    "membership_granted membership_revoked page_visited form_viewed form_submitted video_played "
    "video_completed tracked_link_clicked message_sent email_delivered email_opened "
    "email_link_clicked email_bounced email_unsubscribed email_complained field_updated "
    "call_logged task_sent task_completed".split()
)
OBJECT_TYPES = frozenset(
    "tag sequence list membership form landing_page page video tracked_link message task field "
    "product affiliate".split()
)
TRANSACTION_TYPES = frozenset({"sale", "rebill", "refund", "chargeback"})
TRANSACTION_STATUSES = frozenset(
    {"paid", "pending", "declined", "refunded", "voided", "collections", "write_off"}
)


@dataclass(frozen=True)
class TableRules:
    """How to type and check one table's columns."""

    key: tuple[str, ...]  # account_id first; integer keys listed in int_keys
    int_keys: tuple[str, ...] = ()
    required_ts: tuple[str, ...] = ()
    optional_ts: tuple[str, ...] = ()
    ints: tuple[str, ...] = ()
    money: tuple[str, ...] = ()  # non-negative decimals (nullable unless in required_money)
    required_money: tuple[str, ...] = ()
    enums: dict[str, frozenset[str]] = field(default_factory=dict)


RULES: dict[str, TableRules] = {
    "accounts": TableRules(key=("account_id",), int_keys=("account_id",)),
    "contacts": TableRules(
        key=("account_id", "contact_id"), int_keys=("account_id", "contact_id"),
        required_ts=("created_at",), optional_ts=("deleted_at",),
    ),
    "contact_field_values": TableRules(
        key=("account_id", "contact_id", "field"), int_keys=("account_id", "contact_id"),
        optional_ts=("updated_at",),
    ),
    "objects": TableRules(
        key=("account_id", "object_id"), int_keys=("account_id", "object_id"),
        money=("price",), enums={"object_type": OBJECT_TYPES},
    ),
    "events": TableRules(
        key=("account_id", "event_id"), int_keys=("account_id",), required_ts=("occurred_at",),
        ints=("contact_id", "object_id", "page_id"),
    ),
    "transactions": TableRules(
        key=("account_id", "transaction_id"), int_keys=("account_id", "transaction_id"),
        required_ts=("occurred_at",), ints=("contact_id", "product_id", "affiliate_id", "page_id"),
        money=("amount", "affiliate_commission"), required_money=("amount",),
        enums={"type": TRANSACTION_TYPES, "status": TRANSACTION_STATUSES},
    ),
    "orders": TableRules(
        key=("account_id", "order_id"), int_keys=("account_id", "order_id"),
        required_ts=("started_at",), optional_ts=("ended_at",), ints=("contact_id", "product_id"),
        enums={"status": frozenset({"open", "cancelled", "completed"})},
    ),
    "broadcasts": TableRules(
        key=("account_id", "broadcast_id"), int_keys=("account_id", "broadcast_id"),
        required_ts=("sent_at",), ints=("message_id",),
        enums={"channel": frozenset({"email", "sms"})},
    ),
    "tickets": TableRules(
        key=("account_id", "ticket_id"), int_keys=("account_id", "ticket_id"),
        required_ts=("created_at",), optional_ts=("first_opened_at", "closed_at"),
        ints=("contact_id", "satisfaction"), enums={"channel": frozenset({"ticket", "chat"})},
    ),
    "calendar_events": TableRules(
        key=("account_id", "calendar_event_id"), int_keys=("account_id", "calendar_event_id"),
        required_ts=("starts_at",), optional_ts=("ends_at",), ints=("capacity",),
    ),
    "bookings": TableRules(
        key=("account_id", "booking_id"), int_keys=("account_id", "booking_id"),
        required_ts=("booked_at",), optional_ts=("cancelled_at",),
        ints=("calendar_event_id", "contact_id"),
    ),
    "dashboard_visits": TableRules(
        key=("account_id", "user_id", "visited_at"), int_keys=("account_id",),
        required_ts=("visited_at",),
    ),
    "metric_definitions": TableRules(
        key=("account_id", "metric_id"), int_keys=("account_id",),
        required_ts=("created_at",), optional_ts=("deleted_at",),
    ),
}


@dataclass
class Cleaned:
    """Typed staged rows per table, and one quarantine record per bad raw row."""

    staged: dict[str, list[dict[str, Any]]]
    quarantine: list[dict[str, Any]]


def _type_row(table: str, raw: RawRow) -> tuple[dict[str, Any], str | None]:
    """The typed row and the first failing reason (None = good, before duplicate/account)."""
    rules = RULES[table]
    columns = TABLES[table][1]
    row: dict[str, Any] = {"_row": raw["_row"]}
    for column in columns:
        value = raw.get(column)
        if column in rules.int_keys or column in rules.ints:
            row[column] = parse_int(value)
        elif column in rules.required_ts or column in rules.optional_ts:
            row[column] = parse_timestamp(value)
        elif column in rules.money:
            row[column] = parse_money(value)
        else:
            row[column] = parse_text(value)
    if any(row[k] is None or row[k] is INVALID for k in rules.key if k not in rules.required_ts):
        return row, "missing key"
    if table == "accounts":
        if not _valid_timezone(row["timezone"]):
            return row, "invalid timezone"
    if any(row[c] is None or row[c] is INVALID for c in rules.required_ts) or any(
        row[c] is INVALID for c in rules.optional_ts
    ):
        return row, "unparseable timestamp"
    if table == "events" and row["event_type"] not in EVENT_TYPES:
        return row, "unknown event_type"
    if _invalid_value(table, row):
        return row, "invalid value"
    if any(row[c] is not None and row[c] < 0 for c in rules.money):
        return row, "negative amount"
    return row, None


def _valid_timezone(name: str | None) -> bool:
    if not name or name != name.strip():
        return False
    try:
        ZoneInfo(name)
    except Exception:  # noqa: BLE001 - any failure to load means "not an IANA name"
        return False
    return True


def _invalid_value(table: str, row: dict[str, Any]) -> bool:
    rules = RULES[table]
    if any(row[c] is INVALID for c in rules.ints + rules.money):
        return True
    if any(row[c] is None for c in rules.required_money):
        return True
    if any(row[c] not in allowed for c, allowed in rules.enums.items()):
        return True
    if table == "accounts" and row["week_start"] is not None and row["week_start"] not in WEEK_DAYS:
        return True
    if table == "tickets" and row["satisfaction"] is not None and not 1 <= row["satisfaction"] <= 5:
        return True
    return False


def _row_key(table: str, raw: RawRow) -> str:
    """The raw row's key without account_id, as text ('|' between parts; '' for null)."""
    parts = [parse_text(raw.get(c)) for c in RULES[table].key[1:]]
    return "|".join("" if p is None else p for p in parts) if parts else (
        parse_text(raw.get("account_id")) or ""
    )


def clean(raw_tables: dict[str, list[RawRow]], yaml_metrics: list[dict[str, Any]]) -> Cleaned:
    """Stage or quarantine every raw row of every table."""
    staged: dict[str, list[dict[str, Any]]] = {}
    quarantine: list[dict[str, Any]] = []

    def reject(table: str, raw: RawRow, row: dict[str, Any], reason: str) -> None:
        account = row.get("account_id")
        quarantine.append({
            "table_name": table,
            "account_id": account if isinstance(account, int) else None,
            "row_key": _row_key(table, raw),
            "reason": reason,
        })

    known_accounts: set[int] = set()
    for table in TABLES:  # accounts come first
        rules = RULES[table]
        good: list[dict[str, Any]] = []
        seen: set[tuple[Any, ...]] = set()
        for raw in raw_tables.get(table, []):
            row, reason = _type_row(table, raw)
            unknown = table != "accounts" and row["account_id"] not in known_accounts
            if reason != "missing key" and unknown:
                reason = "unknown account"  # checked before every reason but "missing key"
            if reason is None and table == "metric_definitions":
                reason = check_app_definition(row, yaml_metrics)
            if reason is None:
                key = tuple(row[k] for k in rules.key)
                if key in seen:
                    reason = "duplicate"
                else:
                    seen.add(key)
            if reason is None:
                good.append(row)
            else:
                reject(table, raw, row, reason)
        staged[table] = good
        if table == "accounts":
            known_accounts = {row["account_id"] for row in good}
    return Cleaned(staged=staged, quarantine=quarantine)
