"""Readers for the small values inside a metric definition.

Each reader takes the raw value (from YAML or JSON), a location label used in messages (such as
`from_event.object` or `where.all[1]`) and a `Problems` collector; it returns the normalized value,
or None after recording a problem.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from crm_warehouse.metrics.model import (
    ANY_OBJECT,
    CUSTOM_TIMEFRAME,
    TIMEFRAMES,
    TRANSACTION_STATUSES,
    WITHIN_UNITS,
    ObjectRef,
    Timeframe,
)


class SourceInt(int):
    """An integer that remembers how it was written (`value_text` keeps the author's spelling)."""

    source_text: str

    def __new__(cls, text: str) -> SourceInt:
        obj = super().__new__(cls, int(text))
        obj.source_text = text
        return obj


class SourceFloat(float):
    """A float that remembers how it was written."""

    source_text: str

    def __new__(cls, text: str) -> SourceFloat:
        obj = super().__new__(cls, float(text))
        obj.source_text = text
        return obj


class Problems:
    """Collects problem messages, each prefixed with the location it concerns."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}" if where else message)

    def __bool__(self) -> bool:
        return bool(self.items)


def describe(value: Any) -> str:
    """A short human description of a raw value, for messages."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {getattr(value, 'source_text', value)}"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list" if value else "an empty list"
    return f"a {type(value).__name__}"


def suggest(word: Any, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when `word` is close to one of `choices`, else ''."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""


def one_of(choices: Iterable[str]) -> str:
    return ", ".join(choices)


#: ids are BIGINT on the SQL side.
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1


def is_integer(value: Any) -> bool:
    """An int (not a bool) that fits a BIGINT."""
    return (isinstance(value, int) and not isinstance(value, bool)
            and BIGINT_MIN <= value <= BIGINT_MAX)


def text_of_scalar(value: Any) -> str:
    """The comparison value as text: numbers as written, booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, SourceInt | SourceFloat):
        return value.source_text
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return repr(float(value))
    return str(value)


def read_object_ref(value: Any, where: str, problems: Problems) -> ObjectRef | None:
    """A number is an object id, a string an exact name, `any` matches everything."""
    if is_integer(value):
        return ObjectRef("id", object_id=int(value))
    if isinstance(value, str):
        if value == "any":
            return ANY_OBJECT
        if not value.strip():
            problems.add(where, "an object name must not be empty (use 'any' for every object)")
            return None
        return ObjectRef("name", object_name=str(value))
    problems.add(
        where,
        "an object reference must be a name (text), an object id (integer, BIGINT) or 'any', "
        f"got {describe(value)}",
    )
    return None


def read_status(value: Any, where: str, problems: Problems) -> str | None:
    if isinstance(value, str) and value in TRANSACTION_STATUSES:
        return value
    problems.add(
        where,
        f"unknown transaction status {describe(value)}{suggest(value, TRANSACTION_STATUSES)} "
        f"(expected one of: {one_of(TRANSACTION_STATUSES)})",
    )
    return None


def read_text(value: Any, what: str, where: str, problems: Problems) -> str | None:
    """A non-empty string."""
    if isinstance(value, str) and value.strip():
        return str(value)
    problems.add(where, f"{what} must be non-empty text, got {describe(value)}")
    return None


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_date(value: Any, where: str, problems: Problems) -> dt.date | None:
    """A calendar date written YYYY-MM-DD."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    problems.add(where, f"unparseable date {describe(value)} (expected YYYY-MM-DD)")
    return None


def read_timeframe(value: Any, where: str, problems: Problems) -> Timeframe | None:
    """A built-in timeframe key, or a custom range `{from: YYYY-MM-DD, to: YYYY-MM-DD}`."""
    if isinstance(value, str):
        if value in TIMEFRAMES:
            return Timeframe(value)
        if value == CUSTOM_TIMEFRAME:
            problems.add(where, "a custom timeframe is written {from: YYYY-MM-DD, to: YYYY-MM-DD}")
            return None
        problems.add(
            where,
            f"unknown timeframe '{value}'{suggest(value, TIMEFRAMES)} "
            f"(expected one of: {one_of(TIMEFRAMES)}, or {{from: YYYY-MM-DD, to: YYYY-MM-DD}})",
        )
        return None
    if not isinstance(value, dict):
        problems.add(
            where,
            f"unknown timeframe {describe(value)} (expected a timeframe key or "
            "{from: YYYY-MM-DD, to: YYYY-MM-DD})",
        )
        return None
    before = len(problems.items)
    for key in value:
        if key not in ("from", "to"):
            problems.add(where, f"unknown parameter '{key}' of a custom range (expected from, to)")
    bounds: dict[str, dt.date | None] = {}
    for key in ("from", "to"):
        if key not in value:
            problems.add(where, f"a custom range needs '{key}'")
            bounds[key] = None
        else:
            bounds[key] = read_date(value[key], f"{where}.{key}", problems)
    first, last = bounds["from"], bounds["to"]
    if first and last and first > last:
        problems.add(
            where,
            f"custom range 'from' ({first.isoformat()}) is after 'to' ({last.isoformat()})",
        )
    if len(problems.items) > before or first is None or last is None:
        return None
    return Timeframe(CUSTOM_TIMEFRAME, first, last)


_WITHIN = re.compile(r"([0-9]+(?:\.[0-9]+)?) (second|minute|hour|day|week)s?")


def parse_within(text: str) -> float:
    """Seconds of a `within` duration such as `7 days`, `48 hours`, `1 week`, `0.5 hours`.

    A non-negative number, one space and a lower-case unit (seconds, minutes, hours, days, weeks;
    singular accepted). Days are 86,400 s and weeks 604,800 s whatever the daylight-saving.
    Raises ValueError on anything else.
    """
    match = _WITHIN.fullmatch(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(
            f"unreadable within {describe(text)} (expected a non-negative number, a space and "
            "seconds, minutes, hours, days or weeks, e.g. '7 days', '48 hours', '1 week')"
        )
    return float(Decimal(match.group(1)) * WITHIN_UNITS[match.group(2)])


def read_within(value: Any, problems: Problems) -> float | None:
    try:
        return parse_within(value)
    except ValueError as error:
        problems.add("", str(error))
        return None
