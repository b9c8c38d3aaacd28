"""Malformed numbers are quarantined, never rounded (issue: `account_id` 1.6 became account 2).
An id is an integer written as digits, an amount has at most 2 decimals; anything else is
`invalid value`, or `missing key` for a key. The cases are tests/fixtures/bad_input/
malformed_numbers.csv; every good number of both golden accounts stays as it was."""

import csv
from pathlib import Path

import pytest

from crm_warehouse.reference import FRAME_KEYS, read_expected_csv
from crm_warehouse.reference.compare import compare_frames
from tests.landing.conftest import append_rows, golden_warehouse_for
from tests.landing.test_quarantine import EVENT, SALE
from tests.warehouse import GOLDEN_DIR

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "bad_input" / "malformed_numbers.csv"
TICKET = {"account_id": "1", "contact_id": "1", "channel": "ticket",
          "created_at": "2026-03-30T12:00:00Z", "first_opened_at": "", "closed_at": "",
          "satisfaction": "3"}
TEMPLATES = {"events": (EVENT, "event_id"), "transactions": (SALE, "transaction_id"),
             "tickets": (TICKET, "ticket_id")}


def cases() -> list[dict[str, str]]:
    with CASES.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_malformed_numbers_are_quarantined_not_rounded(golden_copy, tmp_path):
    expected = []
    for case in cases():
        template, key_column = TEMPLATES[case["table"]]
        row = {**template, key_column: case["key"], case["column"]: case["value"]}
        append_rows(golden_copy, case["table"], [row])
        expected.append((case["table"], case["key"], case["reason"]))
    warehouse = golden_warehouse_for(tmp_path, golden_copy)
    warehouse.build()

    quarantined = warehouse.query(
        "select table_name, row_key, quarantine_reason from marts.quarantined_rows")
    actual = sorted((table, key.split(" / ")[-1], reason) for table, key, reason
                    in quarantined.itertuples(index=False))
    assert actual == sorted(expected)
    staged = warehouse.query("""
        select count(*) as n from staging.stg_landing__events where event_id like '90__'
        union all
        select count(*) from staging.stg_landing__transactions
        where transaction_id between 9000 and 9099""")
    assert staged.n.sum() == 0
    for name in ("metric_values", "metric_members"):
        expected_frame = read_expected_csv(GOLDEN_DIR / "expected" / f"{name}.csv")
        actual_frame = warehouse.query(f"select * from marts.{name}")[list(expected_frame.columns)]
        assert compare_frames(actual_frame, expected_frame, FRAME_KEYS[name],
                              check_column_order=False) == []


def test_the_reference_implementation_decides_the_same(golden_copy):
    """The independent reference quarantines every case for the same reason."""
    import yaml

    from crm_warehouse.reference import compute_reference

    expected = []
    for case in cases():
        template, key_column = TEMPLATES[case["table"]]
        append_rows(golden_copy, case["table"],
                    [{**template, key_column: case["key"], case["column"]: case["value"]}])
        expected.append((case["table"], case["key"], case["reason"]))
    metrics = yaml.safe_load((GOLDEN_DIR / "metrics.yml").read_text())["metrics"]
    result = compute_reference(golden_copy, metrics,
                               (GOLDEN_DIR / "as_of.txt").read_text().strip())
    quarantine = result["quarantine"]
    actual = sorted((table, str(key).split(" / ")[-1], reason) for table, key, reason
                    in zip(quarantine.table_name, quarantine.row_key, quarantine.reason,
                           strict=True))
    assert actual == sorted(expected)
