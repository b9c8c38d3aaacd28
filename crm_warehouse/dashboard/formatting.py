"""Pure helpers of the dashboard page (no Streamlit, no database): formatting a metric value by its
kind, the change against the previous period, "Last updated ... ago", stepping through timeframes,
and recomputing a value from its members (the drill-down proof)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

DASH = "—"

# The 13 built-in timeframes of metrics.md §4 in the order the arrows step through them; a metric
# with a custom range also has `custom`, after them.
BUILT_IN_TIMEFRAMES = (
    "today", "yesterday", "last_7_days", "this_week", "last_week", "last_week_to_date",
    "this_month", "last_month", "last_month_to_date", "last_30_days", "last_year",
    "last_year_to_date", "year_to_date",
)

COUNT_KINDS = frozenset({"contacts_who_did", "times_happened"})
MONEY_VALUE_TYPES = frozenset({"sales_of", "transactions_with_status"})

CURRENCY_SYMBOLS = {
    "USD": "$", "EUR": "€", "GBP": "£", "INR": "₹", "JPY": "¥", "CNY": "¥", "KRW": "₩",
    "AUD": "A$", "CAD": "CA$", "NZD": "NZ$", "HKD": "HK$", "SGD": "S$", "MXN": "MX$",
    "BRL": "R$", "CHF": "CHF ", "ZAR": "R", "ILS": "₪", "PHP": "₱", "NGN": "₦",
}
ZERO_DECIMAL_CURRENCIES = frozenset({"JPY", "KRW", "CLP", "ISK", "VND"})


def is_missing(value: Any) -> bool:
    """None, NaN and pandas' NA/NaT are missing."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):  # pandas.NA raises on bool()
        return True


def as_float(value: Any) -> float | None:
    return None if is_missing(value) else float(value)


def is_money(kind: str, value_type: str | None) -> bool:
    """total_value is always money; avg_value is money unless it averages a contact field."""
    if kind == "total_value":
        return True
    return kind == "avg_value" and value_type in MONEY_VALUE_TYPES


def format_count(value: Any) -> str:
    number = as_float(value)
    if number is None:
        return DASH
    if number == int(number):
        return f"{int(number):,}"
    return f"{number:,.2f}"


def format_decimal(value: Any, places: int = 2) -> str:
    number = as_float(value)
    return DASH if number is None else f"{number:,.{places}f}"


def format_percent(fraction: Any, places: int = 1) -> str:
    """A rate stored as a fraction (0.25) shown as a percentage (25.0%)."""
    number = as_float(fraction)
    return DASH if number is None else f"{number * 100:,.{places}f}%"


def format_money(value: Any, currency: str | None) -> str:
    """-$1,234.50, ₹5,000.00, 1,234.50 XYZ for a currency without a known symbol."""
    number = as_float(value)
    if number is None:
        return DASH
    code = (currency or "").upper()
    places = 0 if code in ZERO_DECIMAL_CURRENCIES else 2
    digits = f"{abs(number):,.{places}f}"
    sign = "-" if number < 0 and float(digits.replace(",", "")) != 0 else ""
    symbol = CURRENCY_SYMBOLS.get(code)
    if symbol is not None:
        return f"{sign}{symbol}{digits}"
    return f"{sign}{digits} {code}".rstrip()


def format_duration(seconds: Any) -> str:
    """Two units at most: 6d 2h, 5h 3m, 12m 5s, 45s."""
    number = as_float(seconds)
    if number is None:
        return DASH
    total = int(round(abs(number)))
    sign = "-" if number < 0 and total else ""
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    if days:
        text = f"{days}d {hours}h"
    elif hours:
        text = f"{hours}h {minutes}m"
    elif minutes:
        text = f"{minutes}m {secs}s"
    else:
        text = f"{secs}s"
    return sign + text


def format_value(kind: str, value: Any, value_type: str | None = None,
                 currency: str | None = None) -> str:
    """A metric value as its tile shows it, by kind (metrics.md §2)."""
    if kind in COUNT_KINDS:
        return format_count(value)
    if kind == "conversion_rate":
        return format_percent(value)
    if kind == "avg_time_between":
        return format_duration(value)
    if is_money(kind, value_type):
        return format_money(value, currency)
    return format_decimal(value)  # avg_times_per_contact, avg_value of a field


def contribution_label(kind: str, value_type: str | None = None) -> str:
    """What a member's contribution is, per kind (metrics.md §5, Members)."""
    if kind in ("contacts_who_did", "times_happened", "avg_times_per_contact"):
        return "Events"
    if kind == "conversion_rate":
        return "Conversions"
    if kind == "avg_time_between":
        return "Seconds"
    if is_money(kind, value_type):
        return "Amount"
    return "Value"


def change(value: Any, previous: Any) -> tuple[str, str]:
    """(direction, text) of the change against the previous period: direction is up, down, flat
    or none; text is like "▲ 12.5%", "▼ 3.0%", "▲ new" (from 0), "0%" or "" (nothing to compare)."""
    current, before = as_float(value), as_float(previous)
    if current is None or before is None:
        return "none", ""
    if math.isclose(current, before, rel_tol=1e-12, abs_tol=1e-12):
        return "flat", "■ 0%"
    if before == 0:
        return ("up", "▲ new") if current > 0 else ("down", "▼ from 0")
    percent = (current - before) / abs(before) * 100
    arrow, direction = ("▲", "up") if percent > 0 else ("▼", "down")
    magnitude = abs(percent)
    text = f"{magnitude:,.0f}%" if magnitude >= 100 else f"{magnitude:.1f}%"
    return direction, f"{arrow} {text}"


def format_ago(then: Any, now: datetime | None = None) -> str:
    """"just now", "5 minutes ago", "1 day ago" for a naive-UTC or aware timestamp."""
    if is_missing(then):
        return "never"
    if hasattr(then, "to_pydatetime"):
        then = then.to_pydatetime()
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    seconds = (now - then).total_seconds()
    if seconds < 60:
        return "just now"
    for size, unit in ((86_400 * 365, "year"), (86_400 * 30, "month"), (86_400, "day"),
                       (3_600, "hour"), (60, "minute")):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"


def format_day(day: Any, with_year: bool = True) -> str:
    if is_missing(day):
        return DASH
    if isinstance(day, datetime):  # pandas' Timestamp too
        day = day.date()
    if not isinstance(day, date):
        day = date.fromisoformat(str(day)[:10])
    text = f"{day:%b} {day.day}"
    return f"{text}, {day.year}" if with_year else text


def format_range(first_day: Any, last_day: Any) -> str:
    """"Jun 30, 2026" or "Jun 23 – Jun 29, 2026" or "Dec 1, 2025 – Jan 5, 2026"."""
    if is_missing(first_day) or is_missing(last_day):
        return ""
    first, last = format_day(first_day), format_day(last_day)
    if first == last:
        return first
    if first[-4:] == last[-4:]:
        return f"{format_day(first_day, with_year=False)} – {last}"
    return f"{first} – {last}"


def ordered_timeframes(rows: Sequence[tuple[str, Any]]) -> list[str]:
    """Timeframe keys of one metric, in stepping order: by sort order, then the built-in order,
    `custom` last. `rows` are (timeframe, sort_order) pairs."""
    def key(row: tuple[str, Any]) -> tuple:
        timeframe, sort_order = row
        builtin = (BUILT_IN_TIMEFRAMES.index(timeframe) if timeframe in BUILT_IN_TIMEFRAMES
                   else len(BUILT_IN_TIMEFRAMES))
        order = as_float(sort_order)
        return (order if order is not None else builtin, builtin, timeframe)

    seen: dict[str, None] = {}
    for timeframe, _ in sorted(rows, key=key):
        seen.setdefault(timeframe, None)
    return list(seen)


def step_timeframe(timeframes: Sequence[str], current: str | None, step: int) -> str:
    """The timeframe `step` places after (or before, when negative) `current`, wrapping around
    both ends; the first one when `current` is not in the list."""
    if not timeframes:
        raise ValueError("no timeframes to step through")
    if current not in timeframes:
        return timeframes[0]
    return timeframes[(list(timeframes).index(current) + step) % len(timeframes)]


def reproduce(kind: str, contributions: Sequence[Any]) -> Decimal | None:
    """A metric value recomputed from its members' contributions (metrics.md §5): a count of the
    contacts for contacts_who_did, a sum for times_happened and total_value, and the sum over the
    number of members for the ratio kinds (null when there is no member)."""
    values = [Decimal(str(c)) if not isinstance(c, Decimal) else c for c in contributions
              if not is_missing(c)]
    if kind == "contacts_who_did":
        return Decimal(len(list(contributions)))
    total = sum(values, Decimal(0))
    if kind in ("times_happened", "total_value"):
        return total
    count = len(list(contributions))
    return None if count == 0 else total / count


def reproduce_text(kind: str, contributions: Sequence[Any], converted: int | None = None,
                   value_type: str | None = None, currency: str | None = None) -> str:
    """One sentence saying how the listed contacts add up to the tile's value."""
    members = len(list(contributions))
    noun = "contact" if members == 1 else "contacts"
    total = sum((Decimal(str(c)) for c in contributions if not is_missing(c)), Decimal(0))
    value = reproduce(kind, contributions)
    shown = format_value(kind, value, value_type, currency)
    if kind == "contacts_who_did":
        return f"{members:,} {noun} = {shown}"
    if kind == "times_happened":
        return f"{format_count(total)} events by {members:,} {noun} = {shown}"
    if kind == "total_value":
        return f"Sum over {members:,} {noun} = {shown}"
    if kind == "avg_times_per_contact":
        return f"{format_count(total)} events / {members:,} {noun} = {shown}"
    if kind == "conversion_rate":
        done = f"{converted:,} converted, " if converted is not None else ""
        return f"{done}{format_count(total)} conversions / {members:,} {noun} = {shown}"
    if kind == "avg_time_between":
        return f"{format_duration(total)} in total / {members:,} {noun} = {shown}"
    return f"Sum {format_value(kind, total, value_type, currency)} / {members:,} {noun} = {shown}"
