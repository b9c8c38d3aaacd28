"""Landing-zone files at the edges (issue: input hardening): a 0-byte optional file is an empty
table (a 0-byte required one stops the build naming it), a landing-zone folder whose path holds a
quote builds, and key instants that are not instants are `unparseable timestamp`."""

import shutil

import pytest

from crm_warehouse.reference import FRAME_KEYS, read_expected_csv
from crm_warehouse.reference.compare import compare_frames
from tests.landing.conftest import append_rows, golden_warehouse_for
from tests.warehouse import GOLDEN_DIR

pytestmark = pytest.mark.slow


def test_quote_in_path_empty_optional_file_and_bad_key_instants(golden_copy, tmp_path):
    landing = tmp_path / "it's landing"
    shutil.copytree(golden_copy, landing)
    (landing / "bookings.csv").write_text("")  # optional, 0 bytes
    (landing / "dashboard_visits.csv").write_text("account_id,user_id,visited_at\n")
    append_rows(landing, "dashboard_visits", [
        {"account_id": "1", "user_id": "5", "visited_at": "2026-03-31T10:00:00Z"},
        {"account_id": "1", "user_id": "5", "visited_at": "yesterday"},
        {"account_id": "1", "user_id": "6", "visited_at": "infinity"},
        {"account_id": "1", "user_id": "6", "visited_at": "10000-01-01T00:00:00Z"},
    ])
    append_rows(landing, "events", [
        {"account_id": "1", "event_id": "INF", "contact_id": "1", "visitor_id": "",
         "event_type": "page_visited", "object_id": "4", "page_id": "", "detail": "",
         "occurred_at": "-infinity"},
    ])
    warehouse = golden_warehouse_for(tmp_path, landing)
    warehouse.build()
    reasons = warehouse.query("""
        select table_name, quarantine_reason, count(*) as n from marts.quarantined_rows
        group by all order by all""")
    assert list(reasons.itertuples(index=False, name=None)) == [
        ("dashboard_visits", "unparseable timestamp", 3),
        ("events", "unparseable timestamp", 1),
    ]
    counts = warehouse.query("select * from marts.landing_row_counts").set_index("table_name")
    assert counts.loc["bookings"].tolist() == [0, 0, 0]
    assert counts.loc["dashboard_visits", "staged_rows"] == 1
    expected = read_expected_csv(GOLDEN_DIR / "expected" / "metric_values.csv")
    actual = warehouse.query("select * from marts.metric_values")[list(expected.columns)]
    assert compare_frames(actual, expected, FRAME_KEYS["metric_values"],
                          check_column_order=False) == []


def test_an_empty_required_file_stops_the_build_naming_it(golden_copy, tmp_path):
    (golden_copy / "objects.csv").write_text("")
    result = golden_warehouse_for(tmp_path, golden_copy).dbt("build", check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "required table 'objects' is an empty file" in output and "objects.csv" in output
