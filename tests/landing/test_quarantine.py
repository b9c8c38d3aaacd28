"""Bad input (raw_contract.md): every bad row is quarantined with its reason, raw = staged +
quarantined for every table, and good accounts' numbers do not move."""

import pytest

from crm_warehouse.reference import FRAME_KEYS, read_expected_csv
from crm_warehouse.reference.compare import compare_frames
from tests.landing.conftest import append_rows, golden_warehouse_for
from tests.warehouse import GOLDEN_DIR

pytestmark = pytest.mark.slow

EVENT = {
    "account_id": "1",
    "contact_id": "1",
    "visitor_id": "",
    "event_type": "page_visited",
    "object_id": "4",
    "page_id": "",
    "detail": "",
    "occurred_at": "2026-03-30T12:00:00Z",
}
SALE = {
    "account_id": "1",
    "contact_id": "2",
    "product_id": "7",
    "type": "sale",
    "status": "paid",
    "amount": "40.00",
    "affiliate_id": "",
    "affiliate_commission": "",
    "page_id": "",
    "occurred_at": "2026-03-30T12:00:00Z",
}

# (table, row, expected reason, expected row key)
BAD_ROWS = [
    ("events", {**EVENT, "event_id": ""}, "missing key", "1 / (null)"),
    ("events", {**EVENT, "event_id": "X1", "account_id": "99"}, "unknown account", "99 / X1"),
    (
        "events",
        {**EVENT, "event_id": "X2", "occurred_at": "2024-02-30T10:00:00Z"},
        "unparseable timestamp",
        "1 / X2",
    ),
    (
        "events",
        {**EVENT, "event_id": "X3", "event_type": "page_visit"},
        "unknown event_type",
        "1 / X3",
    ),
    ("events", {**EVENT, "event_id": "X4", "object_id": "four"}, "invalid value", "1 / X4"),
    (
        "events",
        {**EVENT, "event_id": "E11", "occurred_at": "2026-03-24T15:00:00Z", "detail": "re-sent"},
        "duplicate",
        "1 / E11",
    ),
    (
        "events",
        {**EVENT, "event_id": "E12", "object_id": "10", "occurred_at": "2026-03-26T14:58:00Z"},
        "duplicate",
        "1 / E12",
    ),
    ("events", {**EVENT, "event_id": "X5", "account_id": "3"}, "unknown account", "3 / X5"),
    (
        "transactions",
        {**SALE, "transaction_id": "90", "amount": "-40.00"},
        "negative amount",
        "1 / 90",
    ),
    (
        "transactions",
        {**SALE, "transaction_id": "91", "status": "settled"},
        "invalid value",
        "1 / 91",
    ),
    ("transactions", {**SALE, "transaction_id": "6"}, "duplicate", "1 / 6"),
    (
        "contacts",
        {
            "account_id": "2",
            "contact_id": "1",
            "email": "other@pune.example",
            "first_name": "Other",
            "last_name": "",
            "created_at": "2026-01-01T00:00:00Z",
            "deleted_at": "",
        },
        "duplicate",
        "2 / 1",
    ),
    (
        "tickets",
        {
            "account_id": "1",
            "ticket_id": "9",
            "contact_id": "1",
            "channel": "email",
            "created_at": "2026-03-30T12:00:00Z",
            "first_opened_at": "",
            "closed_at": "",
            "satisfaction": "",
        },
        "invalid value",
        "1 / 9",
    ),
    (
        "accounts",
        {
            "account_id": "3",
            "name": "Mars Base",
            "timezone": "Mars/Olympus_Mons",
            "week_start": "sunday",
            "currency": "USD",
        },
        "invalid timezone",
        "3",
    ),
]


def test_bad_rows_are_quarantined_with_their_reason_and_good_numbers_do_not_move(
    golden_copy, tmp_path
):
    for table, row, _, _ in BAD_ROWS:
        append_rows(golden_copy, table, [row])
    warehouse = golden_warehouse_for(tmp_path, golden_copy)
    warehouse.build()  # includes the test that raw = staged + quarantined for every table

    quarantined = warehouse.query(
        "select table_name, row_key, quarantine_reason, reason_detail from marts.quarantined_rows"
    )
    actual = sorted(
        zip(quarantined.table_name, quarantined.row_key, quarantined.quarantine_reason, strict=True)
    )
    expected = sorted((table, key, reason) for table, _, reason, key in BAD_ROWS)
    assert actual == expected

    changed = quarantined.set_index("row_key")["reason_detail"]
    assert changed["1 / E11"] == "differs from the copy that was kept"
    assert changed["1 / E12"] == "identical to the copy that was kept"
    assert changed["2 / 1"] == "differs from the copy that was kept"

    counts = warehouse.query("select * from marts.landing_row_counts").set_index("table_name")
    assert (counts.raw_rows == counts.staged_rows + counts.quarantined_rows).all()
    assert counts.loc["events", "quarantined_rows"] == 8

    for name in ("metric_values", "metric_members"):
        expected_frame = read_expected_csv(GOLDEN_DIR / "expected" / f"{name}.csv")
        actual_frame = warehouse.query(f"select * from marts.{name}")[list(expected_frame.columns)]
        assert (
            compare_frames(actual_frame, expected_frame, FRAME_KEYS[name], check_column_order=False)
            == []
        )
