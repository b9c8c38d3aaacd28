"""The dashboard's pure helpers: value formatting per kind (through its unit, value rule and
contribution from the seed metric_kinds, as marts.dim_metrics publishes them), change arrows,
"ago", timeframe stepping, and recomputing a value from its members."""

import csv
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from crm_warehouse.dashboard.formatting import (
    BUILT_IN_TIMEFRAMES,
    Presentation,
    change,
    contribution_label,
    format_ago,
    format_duration,
    format_money,
    format_range,
    format_value,
    ordered_timeframes,
    reproduce,
    step_timeframe,
)
from crm_warehouse.dashboard.tiles import md_escape

KINDS_SEED = Path(__file__).resolve().parents[2] / "seeds" / "metric_kinds.csv"
with KINDS_SEED.open(newline="") as _handle:
    KINDS = {row["kind"]: row for row in csv.DictReader(_handle)}


def presentation(kind: str, value_type: str | None = None) -> Presentation:
    """A kind's presentation as dim_metrics derives it from the seed (unit `value`: money,
    or a number for a contact field)."""
    row = KINDS[kind]
    unit = row["unit"]
    if unit == "value":
        unit = "number" if value_type == "field" else "money"
    return Presentation(unit, row["value_rule"], row["contribution"])


@pytest.mark.parametrize(
    ("kind", "value", "value_type", "currency", "expected"),
    [
        ("contacts_who_did", Decimal("1234.000000000"), None, "USD", "1,234"),
        ("times_happened", 0.0, None, "USD", "0"),
        ("avg_times_per_contact", Decimal("1.333333333"), None, "USD", "1.33"),
        ("conversion_rate", Decimal("0.666666667"), None, "USD", "66.7%"),
        ("conversion_rate", 1.5, None, "USD", "150.0%"),  # count: each can pass 100%
        ("avg_time_between", 873966, None, "USD", "10d 2h"),
        ("avg_time_between", 527040.5, None, "USD", "6d 2h"),
        ("avg_time_between", 5400, None, "USD", "1h 30m"),
        ("avg_time_between", 61, None, "USD", "1m 1s"),
        ("avg_time_between", 42.4, None, "USD", "42s"),
        ("total_value", Decimal("200.000000000"), "sales_of", "USD", "$200.00"),
        ("total_value", 8200, "sales_of", "INR", "₹8,200.00"),
        ("total_value", -28, "transactions_with_status", "AUD", "-A$28.00"),
        ("total_value", 5, "sales_of", "XYZ", "5.00 XYZ"),
        ("total_value", 1500, "sales_of", "JPY", "¥1,500"),
        ("avg_value", Decimal("28.571428571"), "sales_of", "USD", "$28.57"),
        ("avg_value", 19.5, "transactions_with_status", "EUR", "€19.50"),
        ("avg_value", Decimal("40.000000000"), "field", "USD", "40.00"),
        ("contacts_who_did", None, None, "USD", "—"),
        ("conversion_rate", float("nan"), None, "USD", "—"),
        ("avg_time_between", pd.NA, None, "USD", "—"),
        ("total_value", None, "sales_of", "USD", "—"),
    ],
)
def test_values_are_formatted_by_kind(kind, value, value_type, currency, expected):
    assert format_value(presentation(kind, value_type), value, currency) == expected


def test_an_unknown_unit_is_a_plain_decimal_and_labels_follow_the_contribution():
    assert format_value(Presentation(), 40, "USD") == "40.00"
    assert format_value(Presentation(unit="furlongs"), 1.5) == "1.50"
    labels = {kind: contribution_label(presentation(kind, "sales_of")) for kind in KINDS}
    assert labels == {
        "contacts_who_did": "Events", "times_happened": "Events",
        "avg_times_per_contact": "Events", "conversion_rate": "Conversions",
        "avg_time_between": "Seconds", "total_value": "Amount", "avg_value": "Amount",
    }
    assert contribution_label(presentation("avg_value", "field")) == "Value"


def test_money_and_durations_edge_cases():
    assert format_money(-0.001, "USD") == "$0.00"
    assert format_money(1234567.891, "GBP") == "£1,234,567.89"
    assert format_money(3, None) == "3.00"
    assert format_duration(0) == "0s"
    assert format_duration(86_400) == "1d 0h"
    assert format_duration(-3_600) == "-1h 0m"


@pytest.mark.parametrize(
    ("value", "previous", "expected"),
    [
        (110, 100, ("up", "▲ 10.0%")),
        (90, 100, ("down", "▼ 10.0%")),
        (300, 100, ("up", "▲ 200%")),
        (5, 0, ("up", "▲ new")),
        (0, 0, ("flat", "■ 0%")),
        (-5, 0, ("down", "▼ from 0")),
        (Decimal("0.5"), Decimal("0.5"), ("flat", "■ 0%")),
        (None, 3, ("none", "")),
        (3, None, ("none", "")),
        (-50, -100, ("up", "▲ 50.0%")),
    ],
)
def test_change_against_previous_period(value, previous, expected):
    assert change(value, previous) == expected


def test_last_updated_ago():
    now = datetime(2026, 3, 31, 19, 0, tzinfo=UTC)
    naive = now.replace(tzinfo=None)
    assert format_ago(naive - timedelta(seconds=20), now) == "just now"
    assert format_ago(naive - timedelta(minutes=1), now) == "1 minute ago"
    assert format_ago(naive - timedelta(minutes=5, seconds=40), now) == "5 minutes ago"
    assert format_ago(pd.Timestamp(naive - timedelta(hours=3)), now) == "3 hours ago"
    assert format_ago(naive - timedelta(days=1, hours=5), now) == "1 day ago"
    assert format_ago(naive - timedelta(days=3), now) == "3 days ago"
    assert format_ago(None, now) == "never"


def test_date_ranges():
    assert format_range(date(2026, 6, 30), date(2026, 6, 30)) == "Jun 30, 2026"
    assert format_range(pd.Timestamp("2026-06-23"), pd.Timestamp("2026-06-29")) == (
        "Jun 23 – Jun 29, 2026")
    assert format_range(date(2025, 12, 31), date(2026, 3, 31)) == "Dec 31, 2025 – Mar 31, 2026"
    assert format_range(None, date(2026, 1, 1)) == ""


def test_timeframe_stepping_wraps_both_ways():
    timeframes = list(BUILT_IN_TIMEFRAMES)
    assert step_timeframe(timeframes, "today", 1) == "yesterday"
    assert step_timeframe(timeframes, "year_to_date", 1) == "today"
    assert step_timeframe(timeframes, "today", -1) == "year_to_date"
    assert step_timeframe(timeframes, "this_month", -1) == "last_week_to_date"
    current = "last_30_days"
    for _ in range(len(timeframes)):
        current = step_timeframe(timeframes, current, 1)
    assert current == "last_30_days"
    assert step_timeframe(timeframes, "gone", 1) == "today"
    with pytest.raises(ValueError):
        step_timeframe([], "today", 1)


def test_timeframes_are_ordered_with_custom_last():
    rows = [("custom", 14), *[(t, i + 1) for i, t in enumerate(BUILT_IN_TIMEFRAMES)][::-1]]
    ordered = ordered_timeframes(rows)
    assert ordered == [*BUILT_IN_TIMEFRAMES, "custom"]
    assert step_timeframe(ordered, "year_to_date", 1) == "custom"
    assert step_timeframe(ordered, "custom", 1) == "today"
    assert step_timeframe(ordered, "today", -1) == "custom"
    # without sort orders, the built-in order
    assert ordered_timeframes([("yesterday", None), ("today", None)]) == ["today", "yesterday"]


@pytest.mark.parametrize(
    ("kind", "contributions", "expected"),
    [
        ("contacts_who_did", [2, 1, 1], Decimal(3)),
        ("times_happened", [2, 1, 1], Decimal(4)),
        ("total_value", [Decimal("55.00"), Decimal("40.00")], Decimal("95.00")),
        ("avg_times_per_contact", [2, 1, 1], Decimal(4) / 3),
        ("conversion_rate", [1, 0, 1], Decimal(2) / 3),
        ("avg_time_between", [100, 200], Decimal(150)),
        ("avg_value", [0, 0, 60], Decimal(20)),
        ("avg_value", [], None),
        ("times_happened", [], Decimal(0)),
    ],
)
def test_members_reproduce_values(kind, contributions, expected):
    assert reproduce(KINDS[kind]["value_rule"], contributions) == expected


def test_markdown_escaping_of_button_labels():
    assert md_escape("$1,234.00") == "\\$1,234.00"
    assert md_escape("66.7%") == "66.7%"
    assert md_escape("*bold* [x](y)") == "\\*bold\\* \\[x\\]\\(y\\)"
