"""The hostile landing zone (issue: no single bad row stops the other accounts): one account holds
every row fault at once, beside the good golden accounts. The build exits 0, every bad row is in
quarantined_rows with its reason, and every mart's rows of the other accounts are identical to a
build without the bad rows."""

import pytest

from tests.landing.conftest import append_rows, golden_warehouse_for, read_table
from tests.landing.test_every_column_checked import (
    EXTRA_TEMPLATES,
    HOSTILE_ACCOUNT,
    contract,
    fresh_key,
)
from tests.landing.test_malformed_numbers import TEMPLATES, cases

pytestmark = pytest.mark.slow

IGNORED_COLUMNS = {"computed_at"}


def hostile_rows(landing) -> dict[str, int]:
    """Append every row fault to account 3; returns the bad rows expected per reason."""
    append_rows(landing, "accounts", [
        {"account_id": HOSTILE_ACCOUNT, "name": "Hostile", "timezone": "UTC",
         "week_start": "monday", "currency": "EUR"},
        {"account_id": "4", "name": "Bad zone", "timezone": "Mars/Olympus_Mons",
         "week_start": "monday", "currency": "EUR"},
    ])
    expected: dict[str, int] = {"invalid timezone": 1}
    for case in cases():  # malformed numbers, into account 3 (and keys that are not ids)
        template, key_column = TEMPLATES[case["table"]]
        row = {**template, "account_id": HOSTILE_ACCOUNT, key_column: case["key"],
               case["column"]: case["value"]}
        append_rows(landing, case["table"], [row])
        expected[case["reason"]] = expected.get(case["reason"], 0) + 1
    tables = contract()
    number = 100
    for name in ("objects", "transactions", "orders", "broadcasts", "tickets"):
        template = read_table(landing, name).iloc[0].to_dict() if (
            landing / f"{name}.csv").exists() else dict(EXTRA_TEMPLATES.get(name, {}))
        template["account_id"] = HOSTILE_ACCOUNT
        for column in tables[name]["columns"]:
            meta = column.get("meta") or {}
            if meta.get("accepted_values"):
                number += 1
                row = fresh_key(tables[name], dict(template), number)
                row[column["name"]] = "not-in-the-list"
                append_rows(landing, name, [row])
                expected["invalid value"] = expected.get("invalid value", 0) + 1
    events = read_table(landing, "events").iloc[0].to_dict()
    bad_events = [
        {**events, "account_id": HOSTILE_ACCOUNT, "event_id": "H1", "occurred_at": "infinity"},
        {**events, "account_id": HOSTILE_ACCOUNT, "event_id": "H2", "event_type": "exploded"},
        {**events, "account_id": "4", "event_id": "H3"},
        {**events, "account_id": "99", "event_id": "H4"},
        {**events, "account_id": HOSTILE_ACCOUNT, "event_id": "H5",
         "detail": "quoted, with \"quotes\""},
        {**events, "account_id": HOSTILE_ACCOUNT, "event_id": "H5",
         "detail": "the same key again"},
    ]
    append_rows(landing, "events", bad_events)
    for reason, count in (("unparseable timestamp", 1), ("unknown event_type", 1),
                          ("unknown account", 2), ("duplicate", 1)):
        expected[reason] = expected.get(reason, 0) + count
    sales = read_table(landing, "transactions").iloc[0].to_dict()
    append_rows(landing, "transactions", [
        {**sales, "account_id": HOSTILE_ACCOUNT, "transaction_id": "8001", "amount": "-1.00"}])
    expected["negative amount"] = expected.get("negative amount", 0) + 1
    return expected


def marts_of_good_accounts(warehouse) -> dict[str, list[tuple]]:
    tables = warehouse.query("""
        select table_name from information_schema.columns
        where table_schema = 'marts' and column_name = 'account_id' order by 1""").table_name
    found = {}
    for table in tables:
        if table in ("quarantined_rows", "landing_row_counts", "missing_contact_references"):
            continue
        columns = [c for c in warehouse.query(
            f"select * from marts.{table} limit 0").columns if c not in IGNORED_COLUMNS]
        frame = warehouse.query(
            f"select {', '.join(columns)} from marts.{table} where account_id in (1, 2) "
            f"order by all")
        found[table] = [tuple(map(str, row)) for row in frame.itertuples(index=False)]
    return found


def test_one_hostile_account_changes_nothing_of_the_others(golden_copy, tmp_path):
    import shutil

    clean_landing = tmp_path / "clean"
    shutil.copytree(golden_copy, clean_landing)
    clean = golden_warehouse_for(tmp_path / "a", clean_landing)
    clean.build()
    expected = hostile_rows(golden_copy)
    hostile = golden_warehouse_for(tmp_path / "b", golden_copy)
    hostile.build()  # exit 0, every dbt test included

    reasons = hostile.query("""
        select quarantine_reason, count(*) as n from marts.quarantined_rows
        group by 1 order by 1""")
    assert dict(zip(reasons.quarantine_reason, reasons.n, strict=True)) == expected
    assert marts_of_good_accounts(hostile) == marts_of_good_accounts(clean)
