"""Timeframes (metrics.md 4): whole local days, inclusive, in the account's timezone.

``today`` is the as-of instant's local date; ``ws(d)`` the first day of d's week. Each function
below is one row of the spec's tables, written the way the spec writes it.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .definitions import BUILTIN_TIMEFRAME_KEYS

LABELS: dict[str, str] = {
    "today": "Today",
    "yesterday": "Yesterday",
    "last_7_days": "Last 7 days",
    "this_week": "This week",
    "last_week": "Last week",
    "last_week_to_date": "Last week to date",
    "this_month": "This month",
    "last_month": "Last month",
    "last_month_to_date": "Last month to date",
    "last_30_days": "Last 30 days",
    "last_year": "Last year",
    "last_year_to_date": "Last year to date",
    "year_to_date": "Year to date",
    "custom": "Custom date range",
}
BUILTIN_TIMEFRAMES: tuple[str, ...] = BUILTIN_TIMEFRAME_KEYS
WEEKDAY_INDEX = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}

Window = tuple[date, date]
DAY = timedelta(days=1)


def week_start_of(day: date, week_start: str = "sunday") -> date:
    """ws(d): the first day (the account's week_start) of the week holding d."""
    return day - timedelta(days=(day.weekday() - WEEKDAY_INDEX[week_start]) % 7)


def month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def shift_month(day: date, months: int) -> tuple[int, int]:
    """(year, month) ``months`` months from day's month."""
    index = day.year * 12 + (day.month - 1) + months
    return index // 12, index % 12 + 1


def clamped(year: int, month: int, day_number: int) -> date:
    """Day ``day_number`` of the month, clamped to its last day (Mar 31 -> Feb 28)."""
    return date(year, month, min(day_number, calendar.monthrange(year, month)[1]))


def month_to_date(today: date, months_back: int) -> Window:
    """1st of the month ``months_back`` months ago .. same day-of-month there, clamped."""
    year, month = shift_month(today, -months_back)
    return month_start(year, month), clamped(year, month, today.day)


def whole_month(today: date, months_back: int) -> Window:
    year, month = shift_month(today, -months_back)
    return month_start(year, month), clamped(year, month, 31)


def year_to_date(today: date, years_back: int) -> Window:
    """Jan 1 .. same date ``years_back`` years ago (Feb 29 -> Feb 28)."""
    year = today.year - years_back
    return date(year, 1, 1), clamped(year, today.month, today.day)


def whole_year(today: date, years_back: int) -> Window:
    year = today.year - years_back
    return date(year, 1, 1), date(year, 12, 31)


def window(key: str, today: date, week_start: str = "sunday",
           custom: Window | None = None) -> Window:
    """The (first day, last day) of a timeframe: the spec's first table."""
    ws = week_start_of(today, week_start)
    windows: dict[str, Any] = {
        "today": lambda: (today, today),
        "yesterday": lambda: (today - DAY, today - DAY),
        "last_7_days": lambda: (today - 7 * DAY, today - DAY),
        "this_week": lambda: (ws, today),
        "last_week": lambda: (ws - 7 * DAY, ws - DAY),
        "last_week_to_date": lambda: (ws - 7 * DAY, today - 7 * DAY),
        "this_month": lambda: (today.replace(day=1), today),
        "last_month": lambda: whole_month(today, 1),
        "last_month_to_date": lambda: month_to_date(today, 1),
        "last_30_days": lambda: (today - 30 * DAY, today - DAY),
        "last_year": lambda: whole_year(today, 1),
        "last_year_to_date": lambda: year_to_date(today, 1),
        "year_to_date": lambda: (date(today.year, 1, 1), today),
    }
    if key == "custom":
        if custom is None:
            raise ValueError("custom timeframe without a range")
        return custom
    return windows[key]()


def previous_window(key: str, today: date, week_start: str = "sunday",
                    custom: Window | None = None) -> Window:
    """The previous period of the same span: the spec's second table."""
    ws = week_start_of(today, week_start)
    previous: dict[str, Any] = {
        "today": lambda: (today - DAY, today - DAY),
        "yesterday": lambda: (today - 2 * DAY, today - 2 * DAY),
        "last_7_days": lambda: (today - 14 * DAY, today - 8 * DAY),
        "this_week": lambda: (ws - 7 * DAY, today - 7 * DAY),
        "last_week": lambda: (ws - 14 * DAY, ws - 8 * DAY),
        "last_week_to_date": lambda: (ws - 14 * DAY, today - 14 * DAY),
        "this_month": lambda: month_to_date(today, 1),
        "last_month": lambda: whole_month(today, 2),
        "last_month_to_date": lambda: month_to_date(today, 2),
        "last_30_days": lambda: (today - 60 * DAY, today - 31 * DAY),
        "last_year": lambda: whole_year(today, 2),
        "last_year_to_date": lambda: year_to_date(today, 2),
        "year_to_date": lambda: year_to_date(today, 1),
    }
    if key == "custom":
        if custom is None:
            raise ValueError("custom timeframe without a range")
        first, last = custom
        span = (last - first).days + 1
        return first - span * DAY, first - DAY
    return previous[key]()


def local_today(as_of: datetime, tz: ZoneInfo) -> date:
    """The as-of instant's date in the account's timezone."""
    return as_of.astimezone(tz).date()


def local_day(instant: datetime, tz: ZoneInfo) -> date:
    """The local day an instant belongs to (an instant at local 00:00:00 starts its day)."""
    return instant.astimezone(tz).date()


def in_window(instant: datetime, tz: ZoneInfo, win: Window, as_of: datetime) -> bool:
    """t is in W: its local day is within W's days and t <= as-of."""
    return win[0] <= local_day(instant, tz) <= win[1] and instant <= as_of


def day_start_utc(day: date, tz: ZoneInfo) -> datetime:
    """The first instant of a local day, in UTC (a DST gap at midnight moves it forward)."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def utc_bounds(win: Window, tz: ZoneInfo, as_of: datetime) -> tuple[datetime, datetime, datetime]:
    """(utc_start, utc_end_exclusive, utc_end_effective = min(end, as-of))."""
    start = day_start_utc(win[0], tz)
    end = day_start_utc(win[1] + DAY, tz)
    return start, end, min(end, as_of)


def calendar_rows(account_id: int, tz: ZoneInfo, week_start: str,
                  as_of: datetime) -> list[dict[str, Any]]:
    """One timeframe_calendar row per built-in timeframe of one account."""
    today = local_today(as_of, tz)
    rows = []
    for key in BUILTIN_TIMEFRAMES:
        first, last = window(key, today, week_start)
        previous_first, previous_last = previous_window(key, today, week_start)
        start, end, effective = utc_bounds((first, last), tz, as_of)
        hours = (end - start).total_seconds() / 3600
        rows.append({
            "account_id": account_id,
            "timeframe": key,
            "timeframe_label": LABELS[key],
            "first_day": first,
            "last_day": last,
            "utc_start": start,
            "utc_end_exclusive": end,
            "utc_end_effective": effective,
            "hours": int(hours) if hours.is_integer() else hours,
            "previous_first_day": previous_first,
            "previous_last_day": previous_last,
        })
    return rows
