"""compare_frames: the checker the SQL side reuses."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import numpy as np
import pandas as pd

from crm_warehouse.reference import compare_frames, format_cell

EXPECTED = pd.DataFrame(
    [["1", "revenue", "200.00", "0.6666666666666666", "2026-03-31", "2026-03-31T19:00:00Z",
      "true", None],
     ["2", "revenue", "0", "1.5", "2026-04-01", "2026-03-31T19:00:00Z", "false", "Sam"]],
    columns=["account_id", "metric_id", "value", "rate", "day", "as_of", "flag", "name"],
    dtype=object,
)
KEYS = ["account_id", "metric_id"]


def actual(**changes: object) -> pd.DataFrame:
    frame = pd.DataFrame({
        "account_id": [1, 2],
        "metric_id": ["revenue", "revenue"],
        "value": [Decimal("200.00"), 0],
        "rate": [2 / 3, 1.5],
        "day": [date(2026, 3, 31), date(2026, 4, 1)],
        "as_of": [datetime(2026, 3, 31, 19, tzinfo=UTC)] * 2,
        "flag": [True, False],
        "name": [None, "Sam"],
    })
    for column, values in changes.items():
        frame[column] = values
    return frame


def test_typed_values_equal_golden_text() -> None:
    assert compare_frames(actual(), EXPECTED, KEYS) == []


def test_engine_types_are_accepted() -> None:
    """What a warehouse query gives back through pandas: floats for decimals, naive UTC
    timestamps, midnight timestamps for dates, NaN for nulls, numpy booleans."""
    engine = actual(
        value=[200.0, 0.0], rate=[2 / 3, 1.5],
        day=pd.to_datetime(["2026-03-31", "2026-04-01"]),
        as_of=[pd.Timestamp("2026-03-31 19:00:00")] * 2,
        flag=np.array([True, False]), name=[np.nan, "Sam"],
    )
    assert compare_frames(engine, EXPECTED, KEYS) == []


def test_ratios_compare_with_a_relative_tolerance_of_1e_12() -> None:
    close = actual(value=[Decimal("200.00"), 0], rate=[Decimal("0.666666666666666667"), 1.5])
    assert compare_frames(close, EXPECTED, KEYS) == []
    rounded_at_9_decimals = actual(value=[Decimal("200.00"), 0], rate=[0.666666667, 1.5])
    assert len(compare_frames(rounded_at_9_decimals, EXPECTED, KEYS)) == 1
    tiny_but_relative = actual(value=[Decimal("200.00"), 0], rate=[2 / 3, 1.5 * (1 + 1e-11)])
    assert len(compare_frames(tiny_but_relative, EXPECTED, KEYS)) == 1


def test_differences_are_reported() -> None:
    changed = actual(value=[Decimal("200.01"), 0], rate=[2 / 3 + 1e-6, 1.5],
                     name=["", "sam"], flag=[False, False])
    problems = compare_frames(changed, EXPECTED, KEYS)
    assert len(problems) == 4
    assert any("value" in p and "200.01" in p for p in problems)
    assert any("column rate" in p for p in problems)
    assert any("column name" in p and "'sam'" in p for p in problems)
    assert any("column flag" in p for p in problems)


def test_missing_and_extra_rows_and_columns() -> None:
    base = actual()
    frame = pd.concat([base.iloc[[0]], base.iloc[[1]].assign(account_id=3)], ignore_index=True)
    frame = frame.drop(columns=["name"]).assign(extra=1)
    problems = compare_frames(frame, EXPECTED, KEYS)
    assert "missing columns: name" in problems
    assert "extra columns: extra" in problems
    assert any(p.startswith("missing row (account_id=2") for p in problems)
    assert any(p.startswith("extra row (account_id=3") for p in problems)


def test_null_equals_only_null() -> None:
    problems = compare_frames(actual(name=["0", "Sam"]), EXPECTED, KEYS)
    assert problems == ["row (account_id=1, metric_id=revenue) column name: actual 0"
                        " != expected null"]
    assert compare_frames(actual(name=[np.nan, "Sam"]), EXPECTED, KEYS) == []


def test_format_cell_conventions() -> None:
    assert format_cell(Decimal("40")) == "40.00"
    assert format_cell(0) == "0"
    assert format_cell(40.0) == "40"
    assert format_cell(2 / 3) == "0.6666666666666666"
    assert format_cell(None) == "" and format_cell(float("nan")) == ""
    assert format_cell(True) == "true"
    assert format_cell(date(2026, 3, 31)) == "2026-03-31"
    assert format_cell(datetime(2026, 3, 31, 19, tzinfo=UTC)) == "2026-03-31T19:00:00Z"
    assert format_cell(datetime(2026, 4, 2, 18)) == "2026-04-02 18:00:00"
