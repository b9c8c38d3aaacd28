"""Timeframe rules of metrics.md section 4, at the spec's worked example and clamping cases."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from crm_warehouse.reference.timeframes import (
    calendar_rows,
    in_window,
    previous_window,
    week_start_of,
    window,
)

TODAY = date(2014, 5, 8)  # a Thursday; weeks start on Sunday


def d(text: str) -> date:
    return date.fromisoformat(text)


WORKED_EXAMPLE = {  # key: (first, last) from the spec's first table
    "today": ("2014-05-08", "2014-05-08"),
    "yesterday": ("2014-05-07", "2014-05-07"),
    "last_7_days": ("2014-05-01", "2014-05-07"),
    "this_week": ("2014-05-04", "2014-05-08"),
    "last_week": ("2014-04-27", "2014-05-03"),
    "last_week_to_date": ("2014-04-27", "2014-05-01"),
    "this_month": ("2014-05-01", "2014-05-08"),
    "last_month": ("2014-04-01", "2014-04-30"),
    "last_month_to_date": ("2014-04-01", "2014-04-08"),
    "last_30_days": ("2014-04-08", "2014-05-07"),
    "last_year": ("2013-01-01", "2013-12-31"),
    "last_year_to_date": ("2013-01-01", "2013-05-08"),
    "year_to_date": ("2014-01-01", "2014-05-08"),
}

PREVIOUS = {  # key: (first, last) from the spec's previous-period table, on the same day
    "today": ("2014-05-07", "2014-05-07"),  # all of yesterday
    "yesterday": ("2014-05-06", "2014-05-06"),  # today-2
    "last_7_days": ("2014-04-24", "2014-04-30"),  # today-14 .. today-8
    "this_week": ("2014-04-27", "2014-05-01"),  # ws-7 .. today-7
    "last_week": ("2014-04-20", "2014-04-26"),  # ws-14 .. ws-8
    "last_week_to_date": ("2014-04-20", "2014-04-24"),  # ws-14 .. today-14
    "this_month": ("2014-04-01", "2014-04-08"),  # last month to date
    "last_month": ("2014-03-01", "2014-03-31"),  # the month before last month
    "last_month_to_date": ("2014-03-01", "2014-03-08"),
    "last_30_days": ("2014-03-09", "2014-04-07"),  # today-60 .. today-31
    "last_year": ("2012-01-01", "2012-12-31"),
    "last_year_to_date": ("2012-01-01", "2012-05-08"),
    "year_to_date": ("2013-01-01", "2013-05-08"),  # last year to date
}


def test_worked_example_is_a_thursday() -> None:
    assert TODAY.strftime("%A") == "Thursday"
    assert week_start_of(TODAY, "sunday") == d("2014-05-04")
    assert week_start_of(TODAY, "monday") == d("2014-05-05")
    assert week_start_of(d("2014-05-04"), "sunday") == d("2014-05-04")


@pytest.mark.parametrize("key", sorted(WORKED_EXAMPLE))
def test_timeframe_table(key: str) -> None:
    first, last = WORKED_EXAMPLE[key]
    assert window(key, TODAY, "sunday") == (d(first), d(last))


@pytest.mark.parametrize("key", sorted(PREVIOUS))
def test_previous_period_table(key: str) -> None:
    first, last = PREVIOUS[key]
    assert previous_window(key, TODAY, "sunday") == (d(first), d(last))


def test_custom_range_and_its_previous_period() -> None:
    custom = (d("2026-01-01"), d("2026-03-31"))  # 90 days
    assert window("custom", TODAY, "sunday", custom) == custom
    assert previous_window("custom", TODAY, "sunday", custom) == (d("2025-10-03"),
                                                                  d("2025-12-31"))


def test_last_month_to_date_clamps_on_the_31st() -> None:
    today = d("2026-03-31")
    assert window("last_month_to_date", today) == (d("2026-02-01"), d("2026-02-28"))
    # "same day-of-month there, clamped" starts from today's day number, not from Feb 28
    assert previous_window("last_month_to_date", today) == (d("2026-01-01"), d("2026-01-31"))
    assert previous_window("this_month", today) == (d("2026-02-01"), d("2026-02-28"))
    assert window("last_month", today) == (d("2026-02-01"), d("2026-02-28"))
    assert previous_window("last_month", today) == (d("2026-01-01"), d("2026-01-31"))


def test_last_month_to_date_across_a_year_boundary() -> None:
    assert window("last_month_to_date", d("2026-01-31")) == (d("2025-12-01"), d("2025-12-31"))
    assert previous_window("last_month_to_date", d("2026-01-31")) == (d("2025-11-01"),
                                                                       d("2025-11-30"))


def test_february_29_becomes_february_28() -> None:
    today = d("2024-02-29")
    assert window("last_year_to_date", today) == (d("2023-01-01"), d("2023-02-28"))
    assert previous_window("last_year_to_date", today) == (d("2022-01-01"), d("2022-02-28"))
    assert previous_window("year_to_date", today) == (d("2023-01-01"), d("2023-02-28"))
    assert window("year_to_date", today) == (d("2024-01-01"), d("2024-02-29"))


def test_week_start_monday() -> None:
    today = d("2026-04-01")  # a Wednesday (golden account 2)
    assert window("this_week", today, "monday") == (d("2026-03-30"), d("2026-04-01"))
    assert window("last_week", today, "monday") == (d("2026-03-23"), d("2026-03-29"))


def test_local_midnight_and_as_of_boundaries() -> None:
    tz = ZoneInfo("America/New_York")
    as_of = datetime(2026, 3, 31, 19, tzinfo=UTC)
    today = (d("2026-03-31"), d("2026-03-31"))
    assert in_window(datetime(2026, 3, 31, 4, tzinfo=UTC), tz, today, as_of)  # 00:00 EDT
    assert not in_window(datetime(2026, 3, 31, 3, 59, 59, tzinfo=UTC), tz, today, as_of)
    assert in_window(as_of, tz, today, as_of)  # exactly at as-of counts
    assert not in_window(datetime(2026, 3, 31, 19, 0, 1, tzinfo=UTC), tz, today, as_of)


def test_daylight_saving_day_has_23_hours() -> None:
    tz = ZoneInfo("America/New_York")
    as_of = datetime(2026, 3, 8, 18, tzinfo=UTC)  # the day clocks moved forward
    rows = {r["timeframe"]: r for r in calendar_rows(1, tz, "sunday", as_of)}
    assert rows["today"]["hours"] == 23
    assert rows["today"]["utc_start"] == datetime(2026, 3, 8, 5, tzinfo=UTC)
    assert rows["today"]["utc_end_exclusive"] == datetime(2026, 3, 9, 4, tzinfo=UTC)
    assert rows["today"]["utc_end_effective"] == as_of
