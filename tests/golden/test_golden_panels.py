"""The spec's worked example (shared/spec/golden) reproduced by the six dashboard panel marts:
every row of every panel (the default week), compared cell by cell with expected/panel_*.csv."""

import pytest

from crm_warehouse.reference import FRAME_KEYS, read_expected_csv
from crm_warehouse.reference.compare import compare_frames
from tests.warehouse import GOLDEN_DIR

PANELS = [
    "panel_sales",
    "panel_subscriptions",
    "panel_broadcasts",
    "panel_traffic",
    "panel_helpdesk",
    "panel_calendar",
]
# Panels with a `day` column: read it as text, so that a date key compares with the CSV's text
# (pandas would turn a DATE into a midnight timestamp).
DAY_PANELS = {"panel_sales", "panel_subscriptions", "panel_traffic"}


def panel_sql(name: str) -> str:
    if name in DAY_PANELS:
        return f"select * replace (cast(day as varchar) as day) from marts.{name}"
    return f"select * from marts.{name}"


@pytest.mark.slow
@pytest.mark.parametrize("name", PANELS)
def test_golden_panel_is_reproduced_exactly(golden_warehouse, name):
    expected = read_expected_csv(GOLDEN_DIR / "expected" / f"{name}.csv")
    actual = golden_warehouse.query(panel_sql(name))
    assert set(actual.get("timeframe", ["week"])) <= {"week"}, "the default panel timeframe is week"
    actual = actual[list(expected.columns)]
    differences = compare_frames(actual, expected, FRAME_KEYS[name], check_column_order=False)
    report = "\n".join(differences[:40])
    assert not differences, f"{name}: {len(differences)} differences:\n{report}"


@pytest.mark.slow
@pytest.mark.parametrize("name", PANELS)
def test_golden_panel_has_every_column_of_the_expected_file(golden_warehouse, name):
    expected = read_expected_csv(GOLDEN_DIR / "expected" / f"{name}.csv")
    actual = golden_warehouse.query(f"select * from marts.{name} limit 0")
    missing = [column for column in expected.columns if column not in actual.columns]
    assert not missing, f"{name} lacks columns {missing}"
