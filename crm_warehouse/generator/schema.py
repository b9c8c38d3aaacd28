"""The landing-zone contract (raw_contract.md) as column kinds, conversion of the generator's
numpy columns to Arrow tables, and the Parquet / CSV writers.

Column kinds: `id` bigint, `int` integer, `text`, `ts` UTC instant, `money` DECIMAL(18,2).
Internally ids/ints/instants are int64 numpy arrays with `NULL` for null, money is int64 cents,
text is an Arrow array or a Python sequence (None = null)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .timeutil import NULL, iso_text, ts_array

CONTRACT: dict[str, tuple[tuple[str, str], ...]] = {
    "accounts": (("account_id", "id"), ("name", "text"), ("timezone", "text"),
                 ("week_start", "text"), ("currency", "text")),
    "contacts": (("account_id", "id"), ("contact_id", "id"), ("email", "text"),
                 ("first_name", "text"), ("last_name", "text"), ("created_at", "ts"),
                 ("deleted_at", "ts")),
    "contact_field_values": (("account_id", "id"), ("contact_id", "id"), ("field", "text"),
                             ("value", "text"), ("updated_at", "ts")),
    "objects": (("account_id", "id"), ("object_id", "id"), ("object_type", "text"),
                ("name", "text"), ("url", "text"), ("price", "money")),
    "events": (("account_id", "id"), ("event_id", "text"), ("contact_id", "id"),
               ("visitor_id", "text"), ("event_type", "text"), ("object_id", "id"),
               ("page_id", "id"), ("detail", "text"), ("occurred_at", "ts")),
    "transactions": (("account_id", "id"), ("transaction_id", "id"), ("contact_id", "id"),
                     ("product_id", "id"), ("type", "text"), ("status", "text"),
                     ("amount", "money"), ("affiliate_id", "id"),
                     ("affiliate_commission", "money"), ("page_id", "id"),
                     ("occurred_at", "ts")),
    "orders": (("account_id", "id"), ("order_id", "id"), ("contact_id", "id"),
               ("product_id", "id"), ("status", "text"), ("started_at", "ts"),
               ("ended_at", "ts")),
    "broadcasts": (("account_id", "id"), ("broadcast_id", "id"), ("message_id", "id"),
                   ("name", "text"), ("channel", "text"), ("sent_at", "ts")),
    "tickets": (("account_id", "id"), ("ticket_id", "id"), ("contact_id", "id"),
                ("channel", "text"), ("created_at", "ts"), ("first_opened_at", "ts"),
                ("closed_at", "ts"), ("satisfaction", "int")),
    "calendar_events": (("account_id", "id"), ("calendar_event_id", "id"), ("title", "text"),
                        ("starts_at", "ts"), ("ends_at", "ts"), ("capacity", "int")),
    "bookings": (("account_id", "id"), ("booking_id", "id"), ("calendar_event_id", "id"),
                 ("contact_id", "id"), ("booked_at", "ts"), ("cancelled_at", "ts")),
    "dashboard_visits": (("account_id", "id"), ("user_id", "id"), ("visited_at", "ts")),
    "metric_definitions": (("account_id", "id"), ("metric_id", "text"), ("definition", "text"),
                           ("created_at", "ts"), ("deleted_at", "ts")),
}
# Key columns per table (the columns whose repeats are duplicates).
KEYS: dict[str, tuple[str, ...]] = {
    "accounts": ("account_id",), "contacts": ("account_id", "contact_id"),
    "contact_field_values": ("account_id", "contact_id", "field"),
    "objects": ("account_id", "object_id"), "events": ("account_id", "event_id"),
    "transactions": ("account_id", "transaction_id"), "orders": ("account_id", "order_id"),
    "broadcasts": ("account_id", "broadcast_id"), "tickets": ("account_id", "ticket_id"),
    "calendar_events": ("account_id", "calendar_event_id"),
    "bookings": ("account_id", "booking_id"),
    "dashboard_visits": ("account_id", "user_id", "visited_at"),
    "metric_definitions": ("account_id", "metric_id", "created_at"),
}
MONEY = pa.decimal128(18, 2)
ARROW_TYPE: dict[str, pa.DataType] = {
    "id": pa.int64(), "int": pa.int32(), "text": pa.string(), "ts": pa.timestamp("us"),
    "money": MONEY,
}
CHUNK_ROWS = 1_000_000

Columns = dict[str, Any]


def arrow_schema(table: str, ts_as_text: bool = False) -> pa.Schema:
    return pa.schema([
        (name, pa.string() if (kind == "ts" and ts_as_text) else ARROW_TYPE[kind])
        for name, kind in CONTRACT[table]
    ])


def money_array(cents: np.ndarray) -> pa.Array:
    """int64 cents (NULL = null) -> decimal128(18, 2) without going through Python objects."""
    cents = np.asarray(cents, dtype=np.int64)
    mask = cents == NULL
    low = np.where(mask, 0, cents)
    words = np.empty((len(cents), 2), dtype=np.int64)
    words[:, 0] = low
    words[:, 1] = low >> 63  # sign extension to 128 bits (little endian)
    validity = pa.array(~mask).buffers()[1] if mask.any() else None
    return pa.Array.from_buffers(MONEY, len(cents), [validity, pa.py_buffer(words.tobytes())])


def _int_array(values: np.ndarray, typ: pa.DataType) -> pa.Array:
    values = np.asarray(values, dtype=np.int64)
    mask = values == NULL
    if not mask.any():
        return pa.array(values, type=pa.int64()).cast(typ)
    return pa.array(np.where(mask, 0, values), type=pa.int64(), mask=mask).cast(typ)


def _text_array(values: Any) -> pa.Array:
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        return values if values.type == pa.string() else values.cast(pa.string())
    return pa.array(list(values), type=pa.string())


def to_arrow(table: str, cols: Columns) -> pa.Table:
    """Numpy / Python columns -> an Arrow table with the contract's types and column order."""
    arrays = []
    for name, kind in CONTRACT[table]:
        v = cols[name]
        if kind in ("id", "int"):
            arrays.append(_int_array(v, ARROW_TYPE[kind]))
        elif kind == "ts":
            arrays.append(ts_array(v))
        elif kind == "money":
            arrays.append(money_array(v))
        else:
            arrays.append(_text_array(v))
    return pa.Table.from_arrays(arrays, schema=arrow_schema(table))


def take_text(pool: Sequence[str | None], index: np.ndarray) -> pa.Array:
    """Strings from a small pool by index (vectorised; None in the pool gives null)."""
    return pa.array(list(pool), type=pa.string()).take(pa.array(np.asarray(index)))


def ts_to_text(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A timestamp column as ISO text (`YYYY-MM-DDTHH:MM:SSZ`); text columns pass through."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if pa.types.is_string(column.type):
        return column
    secs = column.cast(pa.timestamp("s")).cast(pa.int64())
    values = secs.fill_null(NULL).to_numpy()
    return iso_text(values)


def with_text_timestamps(table: pa.Table) -> pa.Table:
    for i, field in enumerate(table.schema):
        if pa.types.is_timestamp(field.type):
            table = table.set_column(i, pa.field(field.name, pa.string()),
                                     ts_to_text(table.column(i)))
    return table


# ----------------------------------------------------------------------------------------- writers

def write_parquet(table: pa.Table, path: Path, bar: Any = None) -> None:
    """One zstd Parquet file, written in row groups of CHUNK_ROWS (deterministic bytes)."""
    with pq.ParquetWriter(path, table.schema, compression="zstd") as writer:
        for start in range(0, max(table.num_rows, 1), CHUNK_ROWS):
            chunk = table.slice(start, CHUNK_ROWS)
            writer.write_table(chunk, row_group_size=CHUNK_ROWS)
            if bar is not None:
                bar.update(chunk.num_rows)


def write_parquet_parts(table: pa.Table, folder: Path, parts: int, bar: Any = None) -> None:
    """A folder of `parts` Parquet files (contiguous slices, file order = row order)."""
    folder.mkdir(parents=True, exist_ok=True)
    size = -(-table.num_rows // parts) if table.num_rows else 0
    for i in range(parts):
        write_parquet(table.slice(i * size, size), folder / f"part-{i:05d}.parquet", bar)


_NEEDS_QUOTES = r'[",\r\n]|^\s|\s$|^$'


def _csv_cells(column: pa.Array) -> pa.Array:
    """One column as CSV cell text: null -> empty cell; text quoted when it holds a comma,
    quote or line break, starts or ends with white space, or is empty."""
    typ = column.type
    if pa.types.is_timestamp(typ):
        cells = ts_to_text(column)
    elif pa.types.is_string(typ):
        quoted = pc.binary_join_element_wise('"', pc.replace_substring(column, '"', '""'), '"', "")
        needs = pc.match_substring_regex(column, _NEEDS_QUOTES)
        cells = pc.if_else(needs, quoted, column)
    else:
        cells = column.cast(pa.string())
    return cells.fill_null("")


def write_csv(table: pa.Table, path: Path, bar: Any = None) -> None:
    """Header row, comma, UTF-8, `\\n` line ends; timestamps as `YYYY-MM-DDTHH:MM:SSZ`, money with
    two decimals, nulls as empty cells (the conventions of spec/golden/landing)."""
    with open(path, "wb") as out:
        out.write((",".join(table.column_names) + "\n").encode())
        for start in range(0, table.num_rows, CHUNK_ROWS):
            chunk = table.slice(start, CHUNK_ROWS)
            cells = [_csv_cells(chunk.column(i).combine_chunks())
                     for i in range(chunk.num_columns)]
            cells = [c.cast(pa.large_string()) for c in cells]
            empty = pa.scalar("", pa.large_string())
            lines = pc.binary_join_element_wise(*cells, pa.scalar(",", pa.large_string()))
            lines = pc.binary_join_element_wise(lines, empty, pa.scalar("\n", pa.large_string()))
            _write_strings(out, lines)
            if bar is not None:
                bar.update(chunk.num_rows)


def _write_strings(out: Any, strings: pa.Array) -> None:
    """Write all strings of a large_string array, concatenated (its value buffer between the
    first and last offsets), without building Python strings."""
    if len(strings) == 0:
        return
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int64)
    first = int(offsets[strings.offset])
    last = int(offsets[strings.offset + len(strings)])
    out.write(memoryview(strings.buffers()[2])[first:last])
