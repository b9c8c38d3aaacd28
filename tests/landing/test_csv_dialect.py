"""The contract's CSV form (RFC 4180: comma, double quote, quote-doubling, header row, UTF-8) is
read as written, never sniffed from the first rows: a quoted field with a comma far into the file
is one field, a quoted value loses its quotes, and a 5 MB line is one more row."""

import pytest

from tests.landing.conftest import append_rows, golden_warehouse_for
from tests.landing.test_quarantine import EVENT

pytestmark = pytest.mark.slow

QUOTED = {
    "Q1": "https://x.example/?a=1,b=2",
    "Q2": "quoted",
    "Q3": 'say "hi", then leave',
}


def test_quoted_fields_far_into_the_file_are_read_as_rfc_4180(golden_copy, tmp_path):
    append_rows(golden_copy, "accounts", [{"account_id": "3", "name": "Far", "timezone": "UTC",
                                           "week_start": "monday", "currency": "EUR"}])
    filler = [{**EVENT, "account_id": "3", "event_id": f"F{i}", "contact_id": ""}
              for i in range(30_000)]  # beyond any sniffer's sample
    append_rows(golden_copy, "events", filler)
    text = (golden_copy / "events.csv").read_text()
    text += f"3,LONG,,v9,tracked_link_clicked,,,{'x' * 5_000_000},2026-03-30T12:00:00Z\n"
    for event_id, detail in QUOTED.items():
        quoted = '"' + detail.replace('"', '""') + '"'
        text += (f"3,{event_id},,v9,tracked_link_clicked,,,{quoted},2026-03-30T12:00:00Z\n")
    (golden_copy / "events.csv").write_text(text)
    warehouse = golden_warehouse_for(tmp_path, golden_copy)
    warehouse.build("+stg_landing__events")
    staged = warehouse.query(
        "select event_id, detail from staging.stg_landing__events where event_id like 'Q%'")
    assert dict(zip(staged.event_id, staged.detail, strict=True)) == QUOTED
    (length,) = warehouse.query(
        "select length(detail) from staging.stg_landing__events where event_id = 'LONG'").iloc[0]
    assert length == 5_000_000  # a 5 MB line is a row, not a reason to stop every account
