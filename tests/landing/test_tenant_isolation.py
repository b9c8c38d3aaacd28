"""Accounts are tenants: the golden accounts share contact, event, transaction ids and object
names, and one account's rows never change another's numbers."""

import pytest

from crm_warehouse.reference import FRAME_KEYS, read_expected_csv
from crm_warehouse.reference.compare import compare_frames
from tests.landing.conftest import golden_warehouse_for, read_table, write_table
from tests.warehouse import GOLDEN_DIR

pytestmark = pytest.mark.slow


def test_removing_account_2_leaves_account_1_numbers_identical(golden_copy, tmp_path):
    for csv in golden_copy.glob("*.csv"):
        frame = read_table(golden_copy, csv.stem)
        write_table(golden_copy, csv.stem, frame[frame.account_id != "2"])
    warehouse = golden_warehouse_for(tmp_path, golden_copy)
    warehouse.build("+metric_values", "+metric_members")
    for name in ("metric_values", "metric_members"):
        expected = read_expected_csv(GOLDEN_DIR / "expected" / f"{name}.csv")
        expected = expected[expected.account_id == "1"]
        actual = warehouse.query(f"select * from marts.{name}")[list(expected.columns)]
        assert compare_frames(actual, expected, FRAME_KEYS[name], check_column_order=False) == []
