"""The spec's worked example (shared/spec/golden) reproduced by the warehouse's marts: every
metric value, previous value, member and timeframe window, compared cell by cell."""

import pytest

from crm_warehouse.reference import FRAME_KEYS, read_expected_csv
from crm_warehouse.reference.compare import compare_frames
from tests.warehouse import GOLDEN_DIR

MARTS = {
    "metric_values": "select * from marts.metric_values",
    "metric_members": "select * from marts.metric_members",
    "timeframe_calendar": "select * from marts.timeframe_calendar",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(MARTS))
def test_golden_mart_is_reproduced_exactly(golden_warehouse, name):
    expected = read_expected_csv(GOLDEN_DIR / "expected" / f"{name}.csv")
    actual = golden_warehouse.query(MARTS[name])[list(expected.columns)]
    differences = compare_frames(actual, expected, FRAME_KEYS[name], check_column_order=False)
    shown = "\n".join(differences[:40])
    assert not differences, f"{name}: {len(differences)} differences:\n{shown}"
