"""Bad rows: every reason of raw_contract.md "Bad input" is injected, the report matches the rows
actually present (checked by an independent classifier), and the good rows do not change."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest

from crm_warehouse.generator import generate
from crm_warehouse.generator.bad_rows import BAD_TIMESTAMPS
from crm_warehouse.generator.constants import (
    BROADCAST_CHANNELS,
    EVENT_TYPES,
    OBJECT_TYPES,
    ORDER_STATUSES,
    TICKET_CHANNELS,
    TRANSACTION_STATUSES,
    TRANSACTION_TYPES,
)
from crm_warehouse.generator.schema import CONTRACT, KEYS, with_text_timestamps

SCALE, SEED = 0.002, 21
REASONS = {"missing key", "unknown account", "invalid timezone", "unparseable timestamp",
           "unknown event_type", "invalid value", "negative amount", "duplicate",
           "invalid definition"}
LISTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("events", "event_type"): EVENT_TYPES, ("objects", "object_type"): OBJECT_TYPES,
    ("transactions", "type"): TRANSACTION_TYPES,
    ("transactions", "status"): TRANSACTION_STATUSES, ("orders", "status"): ORDER_STATUSES,
    ("broadcasts", "channel"): BROADCAST_CHANNELS, ("tickets", "channel"): TICKET_CHANNELS,
}
ZONES = available_timezones()


def parses(value: Any) -> bool:
    if value is None or isinstance(value, datetime):
        return True
    try:
        datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return False
    return True


def definition_problem(row: dict[str, Any]) -> bool:
    parser = pytest.importorskip("crm_warehouse.metrics.definitions")
    try:
        parser.parse_app_definition(row["account_id"], row["metric_id"], row["definition"])
    except Exception:  # noqa: BLE001 - any rejection is an invalid definition
        return True
    return False


def classify(tables: dict[str, pa.Table]) -> dict[str, Counter[str]]:
    """The quarantine reason of every row, by the rules of raw_contract.md (checked in the
    order of docs/architecture.md), independently of the generator."""
    accounts = tables["accounts"].to_pylist()
    good_accounts = {r["account_id"] for r in accounts
                     if r["account_id"] is not None and r["timezone"] in ZONES}
    found: dict[str, Counter[str]] = {}
    for name, columns in CONTRACT.items():
        counts: Counter[str] = Counter()
        seen: set[tuple[Any, ...]] = set()
        for row in tables[name].to_pylist():
            key = tuple(row[k] for k in KEYS[name])
            reason = None
            if any(v is None for v in key):
                reason = "missing key"
            elif name == "accounts" and row["timezone"] not in ZONES:
                reason = "invalid timezone"
            elif name != "accounts" and row["account_id"] not in good_accounts:
                reason = "unknown account"
            elif not all(parses(row[c]) for c, kind in columns if kind == "ts"):
                reason = "unparseable timestamp"
            elif name == "events" and row["event_type"] not in EVENT_TYPES:
                reason = "unknown event_type"
            elif any(row[c] not in allowed for (t, c), allowed in LISTS.items() if t == name):
                reason = "invalid value"
            elif any(row[c] is not None and row[c] < Decimal(0)
                     for c, kind in columns if kind == "money"):
                reason = "negative amount"
            elif name == "metric_definitions" and definition_problem(row):
                reason = "invalid definition"
            elif key in seen:
                reason = "duplicate"
            seen.add(key)
            if reason:
                counts[reason] += 1
        if counts:
            found[name] = counts
    return found


def read(folder: Path) -> dict[str, pa.Table]:
    return {name: pq.read_table(folder / f"{name}.parquet") for name in CONTRACT}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    good = tmp_path_factory.mktemp("good")
    bad = tmp_path_factory.mktemp("bad")
    assert generate(good, scale=SCALE, seed=SEED) == {}
    report = generate(bad, scale=SCALE, seed=SEED, bad_rows=True)
    return good, bad, report


def test_report_is_returned_and_written(runs: tuple[Path, Path, dict]) -> None:
    good, bad, report = runs
    assert json.loads((bad / "_injected_bad_rows.json").read_text()) == report
    assert not (good / "_injected_bad_rows.json").exists()
    reasons = {reason for per_table in report.values() for reason in per_table}
    assert reasons == REASONS
    assert set(report) == set(CONTRACT)
    assert report["accounts"]["invalid timezone"] == 1
    assert report["metric_definitions"]["invalid definition"] >= 5


def test_good_data_has_no_defect(runs: tuple[Path, Path, dict]) -> None:
    good, _, _ = runs
    assert classify(read(good)) == {}


def test_report_counts_equal_the_rows_present(runs: tuple[Path, Path, dict]) -> None:
    _, bad, report = runs
    found = classify(read(bad))
    assert {t: dict(c) for t, c in found.items()} == report


def test_good_rows_identical_with_and_without_bad_rows(runs: tuple[Path, Path, dict]) -> None:
    good, bad, report = runs
    for name in CONTRACT:
        clean = with_text_timestamps(pq.read_table(good / f"{name}.parquet"))
        dirty = pq.read_table(bad / f"{name}.parquet")
        assert dirty.num_rows == clean.num_rows + sum(report.get(name, {}).values()), name
        assert dirty.slice(0, clean.num_rows).equals(clean), name
        assert dirty.schema == clean.schema  # timestamps as ISO text when bad rows are injected


def test_invalid_time_zone_account_has_rows_elsewhere(runs: tuple[Path, Path, dict]) -> None:
    _, bad, _ = runs
    tables = read(bad)
    bogus = [r["account_id"] for r in tables["accounts"].to_pylist()
             if r["timezone"] not in ZONES]
    assert len(bogus) == 1
    for name in CONTRACT:
        if name != "accounts":
            ids = set(tables[name].column("account_id").to_pylist())
            assert bogus[0] in ids, name


def test_duplicates_are_exact_and_changed_copies(runs: tuple[Path, Path, dict]) -> None:
    good, bad, _ = runs
    clean = pq.read_table(good / "events.parquet").num_rows
    rows = pq.read_table(bad / "events.parquet").to_pylist()
    first = {(r["account_id"], r["event_id"]): r for r in rows[:clean]}
    copies = [r for r in rows[clean:] if (r["account_id"], r["event_id"]) in first]
    exact = [r for r in copies if r == first[(r["account_id"], r["event_id"])]]
    assert 0 < len(exact) < len(copies)


def test_csv_with_bad_rows(tmp_path: Path, runs: tuple[Path, Path, dict]) -> None:
    _, bad, report = runs
    assert generate(tmp_path, scale=SCALE, seed=SEED, fmt="csv", bad_rows=True) == report
    for name in CONTRACT:
        text = pcsv.read_csv(tmp_path / f"{name}.csv", convert_options=pcsv.ConvertOptions(
            column_types={c: pa.string() for c, _ in CONTRACT[name]}))
        assert text.num_rows == pq.read_metadata(bad / f"{name}.parquet").num_rows, name
    raw = (tmp_path / "events.csv").read_text()
    assert any(bad_timestamp in raw for bad_timestamp in BAD_TIMESTAMPS)
