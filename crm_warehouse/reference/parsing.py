"""Typed readers for raw landing-zone values (text from CSV, or typed values from Parquet).

Each parser returns the typed value, ``None`` for a null, or the sentinel ``INVALID`` when the
value is present but cannot be read. Nothing here knows about tables; ``cleaning`` uses them.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd


class _Invalid:
    """Marker for a present but unreadable raw value."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()

_INT_RE = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL_RE = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
# metrics.md section 5: "a number is text matching -?[0-9]+(\.[0-9]+)? after trimming spaces"
_FIELD_NUMBER_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
# The contract's text form of an instant, the SQL's own pattern (macro iso_instant_pattern).
_ISO_INSTANT_RE = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}(:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6})?)?)?)?"
    r"(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$"
)


def is_null(value: Any) -> bool:
    """True for None, NaN, NaT, pandas NA and the empty string (CSV's empty cell)."""
    if value is None:
        return True
    if isinstance(value, str):
        return value == ""
    if isinstance(value, list | tuple | dict | set):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def parse_text(value: Any) -> str | None:
    """Text as written; null stays None. Non-text Parquet values are rendered with str()."""
    if is_null(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_int(value: Any) -> Any:
    """A BIGINT: int, None, or INVALID."""
    if is_null(value):
        return None
    if isinstance(value, bool):
        return INVALID
    if isinstance(value, int):
        return int(value)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar
        value = value.item()
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    if isinstance(value, float | Decimal):
        try:
            return int(value) if value == int(value) else INVALID
        except (OverflowError, ValueError, ArithmeticError):
            return INVALID
    text = str(value).strip()
    if not _INT_RE.match(text):
        return INVALID
    number = int(text)
    return number if -(2**63) <= number < 2**63 else INVALID


def parse_decimal(value: Any) -> Any:
    """A DECIMAL amount: Decimal, None, or INVALID."""
    if is_null(value):
        return None
    if isinstance(value, bool):
        return INVALID
    if isinstance(value, Decimal):
        return value if value.is_finite() else INVALID
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else INVALID
    text = str(value).strip()
    if not _DECIMAL_RE.match(text):
        return INVALID
    try:
        return Decimal(text)
    except InvalidOperation:
        return INVALID


def parse_money(value: Any) -> Any:
    """A DECIMAL(18,2) amount: Decimal, None, or INVALID (more than 2 decimals, or more than 16
    digits before the point, is not an amount: never rounded)."""
    amount = parse_decimal(value)
    if amount is None or amount is INVALID:
        return amount
    if abs(amount) >= Decimal("1e16") or amount != amount.quantize(Decimal("0.01")):
        return INVALID
    return amount


def parse_timestamp(value: Any) -> Any:
    """A UTC instant (aware datetime), None, or INVALID.

    ISO-8601 text without an offset is UTC; text that is not a valid instant (such as
    ``2024-02-30T10:00:00Z``) is INVALID. Naive datetimes from Parquet are UTC.
    """
    if is_null(value):
        return None
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        value = value.to_pydatetime()
    elif hasattr(value, "astype") and not isinstance(value, str):  # numpy datetime64
        try:
            value = pd.Timestamp(value).to_pydatetime()
        except (TypeError, ValueError):
            return INVALID
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if not isinstance(value, str):
        return INVALID
    text = value.strip()
    if not _ISO_INSTANT_RE.match(text):
        return INVALID
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return INVALID
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def parse_field_number(value: str | None) -> Decimal | None:
    """A custom field's numeric value, or None when missing / not a number (metrics.md 5)."""
    if value is None:
        return None
    text = value.strip(" ")
    return Decimal(text) if _FIELD_NUMBER_RE.match(text) else None


def averaged_field_number(value: str | None) -> Decimal | None:
    """A custom field's number as avg_value averages it: the warehouse sums field numbers
    exactly as decimal(38,18), so one with more than 20 digits before the point is not a number
    it can average and counts as 0, like text (docs/decisions.md)."""
    number = parse_field_number(value)
    return number if number is not None and abs(number) < Decimal("1e20") else None


def condition_number(value: Any) -> Decimal | None:
    """The right-hand side of a field condition as a number, when it is one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return value
    return parse_field_number(str(value))


def condition_text(value: Any) -> str:
    """The right-hand side of a field condition as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def plain_number(value: Decimal) -> int | float:
    """A Decimal that is not money, as int when whole, else float."""
    return int(value) if value == value.to_integral_value() else float(value)
