"""fct_events is incremental and idempotent: building twice, or after appending a day of events
(and a late arrival from weeks ago, and a changed transaction), gives the same table as a full
rebuild."""

import pytest

from tests.landing.conftest import append_rows, golden_warehouse_for, read_table, write_table

pytestmark = pytest.mark.slow

FACT = "select * exclude (row_fingerprint) from marts.fct_events order by account_id, event_key"


def test_building_twice_and_after_appending_a_day_equals_a_full_rebuild(golden_copy, tmp_path):
    warehouse = golden_warehouse_for(tmp_path / "incremental", golden_copy)
    warehouse.build("+fct_events")
    first = warehouse.query(FACT)
    warehouse.build("+fct_events")
    assert warehouse.query(FACT).equals(first)

    new_day = [
        {
            "account_id": "1",
            "event_id": f"N{number}",
            "contact_id": "2",
            "visitor_id": "",
            "event_type": "page_visited",
            "object_id": "4",
            "page_id": "",
            "detail": "",
            "occurred_at": f"2026-04-01T1{number}:00:00Z",
        }
        for number in range(3)
    ]
    late_arrival = {**new_day[0], "event_id": "LATE", "occurred_at": "2026-02-01T10:00:00Z"}
    append_rows(golden_copy, "events", [*new_day, late_arrival])
    transactions = read_table(golden_copy, "transactions")
    transactions.loc[transactions.transaction_id == "10", "status"] = "paid"  # declined -> paid
    write_table(golden_copy, "transactions", transactions)
    events = read_table(golden_copy, "events")
    write_table(golden_copy, "events", events[events.event_id != "E43"])  # a row withdrawn

    warehouse.build("+fct_events")
    incremental = warehouse.query(FACT)

    full = golden_warehouse_for(tmp_path / "full", golden_copy)
    full.build("+fct_events")
    rebuilt = full.query(FACT)

    assert len(incremental) == len(first) + 4 - 1
    assert incremental.equals(rebuilt)
    changed = incremental[
        (incremental.account_id == 1) & (incremental.event_key == "transaction:10")
    ]
    assert list(changed.event_type) == ["purchased"]
