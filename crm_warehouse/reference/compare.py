"""Compare two tables row by row: an actual frame (from the warehouse or the reference) against an
expected one (typically a golden CSV read as text).

Cells are normalised before comparing, so text read from CSV and typed values compare equal:
- null: None, NaN, NaT, pandas NA and the empty string are all null; null equals only null;
- booleans: ``true`` / ``false`` (any case) and Python / numpy booleans;
- numbers: int, float, Decimal, numpy numbers and numeric text. Money (a Decimal, or text with
  exactly two decimals) is compared exactly to the cent; other numbers (counts, ratios, seconds)
  with a relative tolerance of 1e-12 and no absolute one (0 equals only 0), in decimal
  arithmetic;
- dates and instants: ``date`` / ``datetime`` / ``pandas.Timestamp`` and ISO text; aware values
  are converted to UTC, naive values are taken as written (so ``2026-03-31T19:00:00Z``,
  ``2026-03-31 19:00:00`` and a naive UTC timestamp are equal);
- anything else is compared as exact text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

import numpy as np
import pandas as pd

from .parsing import is_null

RELATIVE_TOLERANCE = Decimal("1e-12")
CENT = Decimal("0.01")
_NUMBER_RE = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_MONEY_RE = re.compile(r"^[+-]?[0-9]+\.[0-9]{2}$")
_INSTANT_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)


@dataclass(frozen=True)
class Number:
    value: Decimal
    is_money: bool


def normalize(value: Any) -> Any:
    """A comparable form of one cell: None, bool, Number, or text."""
    if isinstance(value, np.datetime64) and not np.isnat(value):
        value = pd.Timestamp(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if is_null(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str | Decimal | datetime | date):
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return Number(value, True)
    if isinstance(value, int):
        return Number(Decimal(value), False)
    if isinstance(value, float):
        if not math.isfinite(value):
            return repr(value)
        return Number(Decimal(repr(value)), False)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(sep="T")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    stripped = text.strip()
    if _NUMBER_RE.match(stripped):
        try:
            return Number(Decimal(stripped), bool(_MONEY_RE.match(stripped)))
        except InvalidOperation:
            return text
    if _INSTANT_RE.match(stripped):
        try:
            parsed = datetime.fromisoformat(stripped)
        except ValueError:
            return text
        return normalize(parsed)
    return text


def cells_equal(actual: Any, expected: Any) -> bool:
    """Whether two normalised cells are equal under the rules of this module."""
    if actual is None or expected is None:
        return actual is None and expected is None
    if isinstance(actual, bool) or isinstance(expected, bool):
        return isinstance(actual, bool) and isinstance(expected, bool) and actual == expected
    if isinstance(actual, Number) and isinstance(expected, Number):
        if actual.is_money or expected.is_money:
            cents = [n.value.quantize(CENT, rounding=ROUND_HALF_EVEN) for n in (actual, expected)]
            return cents[0] == cents[1]
        return abs(actual.value - expected.value) <= RELATIVE_TOLERANCE * max(
            abs(actual.value), abs(expected.value))
    if isinstance(actual, Number) or isinstance(expected, Number):
        return False
    if actual != expected and {len(actual), len(expected)} == {10, 19}:
        # a DATE read back as a midnight timestamp (e.g. through pandas) is the same day
        short, long = sorted((actual, expected), key=len)
        return long == f"{short}T00:00:00"
    return actual == expected


def show(value: Any) -> str:
    """A cell for a message."""
    if value is None:
        return "null"
    if isinstance(value, Number):
        return str(value.value)
    return repr(value)


def _key_text(value: Any) -> str:
    normal = normalize(value)
    if normal is None:
        return "∅"
    if isinstance(normal, Number):
        return format(normal.value.normalize(), "f")
    return str(normal).lower() if isinstance(normal, bool) else str(normal)


def _index(frame: pd.DataFrame, keys: list[str], side: str,
           problems: list[str]) -> dict[tuple[str, ...], dict[str, Any]]:
    indexed: dict[tuple[str, ...], dict[str, Any]] = {}
    for record in frame.to_dict(orient="records"):
        key = tuple(_key_text(record[k]) for k in keys)
        if key in indexed:
            problems.append(f"{side} has more than one row with key {_describe(keys, key)}")
            continue
        indexed[key] = record
    return indexed


def _describe(keys: list[str], key: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"{k}={v}" for k, v in zip(keys, key, strict=True)) + ")"


def compare_frames(actual: pd.DataFrame, expected: pd.DataFrame, keys: list[str], *,
                   check_column_order: bool = True,
                   ignore_extra_columns: bool = False) -> list[str]:
    """Human-readable differences between two tables whose rows are matched on ``keys``
    (an empty list means: equal).

    Reports missing / extra / reordered columns, duplicate keys, missing rows (expected but not
    actual), extra rows (actual but not expected) and every differing cell.
    """
    problems: list[str] = []
    actual_columns, expected_columns = list(actual.columns), list(expected.columns)
    missing_columns = [c for c in expected_columns if c not in actual_columns]
    extra_columns = [c for c in actual_columns if c not in expected_columns]
    if missing_columns:
        problems.append(f"missing columns: {', '.join(missing_columns)}")
    if extra_columns and not ignore_extra_columns:
        problems.append(f"extra columns: {', '.join(extra_columns)}")
    shared = [c for c in expected_columns if c in actual_columns]
    if check_column_order and not missing_columns and not extra_columns:
        if actual_columns != expected_columns:
            problems.append(f"column order differs: actual {actual_columns}, "
                            f"expected {expected_columns}")
    absent_keys = [k for k in keys if k not in actual_columns or k not in expected_columns]
    if absent_keys:
        problems.append(f"key columns not in both frames: {', '.join(absent_keys)}")
        return problems
    actual_rows = _index(actual, keys, "actual", problems)
    expected_rows = _index(expected, keys, "expected", problems)
    for key in sorted(expected_rows.keys() - actual_rows.keys()):
        problems.append(f"missing row {_describe(keys, key)}")
    for key in sorted(actual_rows.keys() - expected_rows.keys()):
        problems.append(f"extra row {_describe(keys, key)}")
    for key in sorted(expected_rows.keys() & actual_rows.keys()):
        got, want = actual_rows[key], expected_rows[key]
        for column in shared:
            if column in keys:
                continue
            left, right = normalize(got[column]), normalize(want[column])
            if not cells_equal(left, right):
                problems.append(f"row {_describe(keys, key)} column {column}: actual "
                                f"{show(left)} != expected {show(right)}")
    return problems
