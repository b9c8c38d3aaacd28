"""Read a landing zone (raw_contract.md): one input per table, ``<t>.parquet``, ``<t>.csv`` or a
folder ``<t>/`` of Parquet files. CSV cells are read as text (an empty cell is null); Parquet
values keep their types. Absent optional tables are empty; a missing required table or column
raises ``LandingError`` naming it. Rows keep file order (``_row``: 0, 1, ...)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pandas as pd

RawRow = dict[str, Any]

# table -> (required?, columns). Columns listed in OPTIONAL_COLUMNS may be absent from the file.
TABLES: dict[str, tuple[bool, tuple[str, ...]]] = {
    "accounts": (True, ("account_id", "name", "timezone", "week_start", "currency")),
    "contacts": (
        True,
        ("account_id", "contact_id", "email", "first_name", "last_name", "created_at",
         "deleted_at"),
    ),
    "contact_field_values": (
        False, ("account_id", "contact_id", "field", "value", "updated_at"),
    ),
    "objects": (True, ("account_id", "object_id", "object_type", "name", "url", "price")),
    "events": (
        True,
        ("account_id", "event_id", "contact_id", "visitor_id", "event_type", "object_id",
         "page_id", "detail", "occurred_at"),
    ),
    "transactions": (
        True,
        ("account_id", "transaction_id", "contact_id", "product_id", "type", "status", "amount",
         "affiliate_id", "affiliate_commission", "page_id", "occurred_at"),
    ),
    "orders": (
        False,
        ("account_id", "order_id", "contact_id", "product_id", "status", "started_at",
         "ended_at"),
    ),
    "broadcasts": (
        False, ("account_id", "broadcast_id", "message_id", "name", "channel", "sent_at"),
    ),
    "tickets": (
        False,
        ("account_id", "ticket_id", "contact_id", "channel", "created_at", "first_opened_at",
         "closed_at", "satisfaction"),
    ),
    "calendar_events": (
        False,
        ("account_id", "calendar_event_id", "title", "starts_at", "ends_at", "capacity"),
    ),
    "bookings": (
        False,
        ("account_id", "booking_id", "calendar_event_id", "contact_id", "booked_at",
         "cancelled_at"),
    ),
    "dashboard_visits": (False, ("account_id", "user_id", "visited_at")),
    "metric_definitions": (
        False, ("account_id", "metric_id", "definition", "created_at", "deleted_at"),
    ),
}

OPTIONAL_COLUMNS: dict[str, set[str]] = {"accounts": {"week_start", "currency"}}


class LandingError(ValueError):
    """A required table or column is missing from the landing zone."""


def _read_csv(path: Path) -> list[RawRow]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        rows: list[RawRow] = []
        for record in reader:
            rows.append({k: (None if v == "" else v) for k, v in record.items() if k is not None})
        header = list(reader.fieldnames or [])
    if not rows:
        return [{"__header__": header}]
    return rows


def _read_parquet(paths: list[Path]) -> list[RawRow]:
    rows: list[RawRow] = []
    header: list[str] = []
    for path in paths:
        frame = pd.read_parquet(path)
        header = header or list(frame.columns)
        frame = frame.astype(object).where(frame.notna(), None)
        rows.extend(frame.to_dict(orient="records"))
    if not rows:
        return [{"__header__": header}]
    return rows


def _columns_of(rows: list[RawRow]) -> set[str]:
    if len(rows) == 1 and "__header__" in rows[0]:
        return set(rows[0]["__header__"])
    columns: set[str] = set()
    for row in rows:
        columns.update(row)
    return columns


def read_table(landing_zone: Path, table: str) -> list[RawRow] | None:
    """The raw rows of one table in file order, or None when the table is absent."""
    parquet = landing_zone / f"{table}.parquet"
    csv_path = landing_zone / f"{table}.csv"
    folder = landing_zone / table
    if parquet.is_file():
        rows = _read_parquet([parquet])
    elif csv_path.is_file():
        rows = _read_csv(csv_path)
    elif folder.is_dir():
        rows = _read_parquet(sorted(folder.rglob("*.parquet")))
    else:
        return None
    required, columns = TABLES[table]
    present = _columns_of(rows)
    missing = [c for c in columns if c not in present and c not in OPTIONAL_COLUMNS.get(table, ())]
    if missing:
        raise LandingError(f"landing table {table!r} is missing column(s): {', '.join(missing)}")
    if len(rows) == 1 and "__header__" in rows[0]:
        return []
    return [{**{c: row.get(c) for c in columns}, "_row": i} for i, row in enumerate(rows)]


def read_landing_zone(landing_zone: str | Path) -> dict[str, list[RawRow]]:
    """Every contract table's raw rows (absent optional tables: [])."""
    root = Path(landing_zone)
    if not root.is_dir():
        raise LandingError(f"landing zone folder not found: {root}")
    result: dict[str, list[RawRow]] = {}
    for table, (required, _columns) in TABLES.items():
        rows = read_table(root, table)
        if rows is None:
            if required:
                raise LandingError(f"required landing table {table!r} is missing from {root}")
            rows = []
        result[table] = rows
    return result
