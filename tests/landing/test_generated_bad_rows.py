"""A generated landing zone with injected bad rows of every kind (raw_contract.md "Bad input"):
every bad row is quarantined with the reason the generator reported, and every good account's
numbers are the same as without the bad rows (same seed, so the good rows are identical)."""

from collections import Counter
from datetime import date

import pytest

from crm_warehouse.generator import generate
from crm_warehouse.settings import DEFAULT_METRICS_PATH
from tests.warehouse import Warehouse

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("generated_bad_rows")]

AS_OF = "2026-06-30T18:00:00Z"
OPTIONS = {
    "scale": 0.002,
    "seed": 11,
    "fmt": "csv",
    "start": date(2026, 1, 1),
    "end": date(2026, 6, 30),
}
COMPARED = (
    "select * exclude (computed_at) from marts.metric_values "
    "order by account_id, metric_id, timeframe"
)


def test_injected_bad_rows_are_quarantined_as_reported_and_good_numbers_do_not_move(tmp_path):
    clean_landing, dirty_landing = tmp_path / "clean", tmp_path / "dirty"
    generate(clean_landing, bad_rows=False, **OPTIONS)
    report = generate(dirty_landing, bad_rows=True, **OPTIONS)
    assert {reason for reasons in report.values() for reason in reasons} >= {
        "missing key",
        "unknown account",
        "invalid timezone",
        "unparseable timestamp",
        "unknown event_type",
        "invalid value",
        "negative amount",
        "duplicate",
        "invalid definition",
    }

    dirty = Warehouse(tmp_path / "dirty_build", dirty_landing, DEFAULT_METRICS_PATH, AS_OF)
    dirty.build()  # runs the test raw = staged + quarantined for every table
    quarantined = dirty.query(
        "select table_name, quarantine_reason, count(*) as n "
        "from marts.quarantined_rows group by 1, 2"
    )
    actual = Counter(
        {(row.table_name, row.quarantine_reason): row.n for row in quarantined.itertuples()}
    )
    expected = Counter(
        {
            (table, reason): count
            for table, reasons in report.items()
            for reason, count in reasons.items()
            if count
        }
    )
    assert actual == expected

    clean = Warehouse(tmp_path / "clean_build", clean_landing, DEFAULT_METRICS_PATH, AS_OF)
    clean.build("+metric_values")
    clean_values = clean.query(COMPARED)
    dirty_values = dirty.query(COMPARED)
    assert len(clean_values) > 0
    assert dirty_values.equals(clean_values)
