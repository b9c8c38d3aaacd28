"""The reference implementation reproduces every golden expected file exactly."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
import yaml

from crm_warehouse.reference import (
    FRAME_KEYS,
    compare_frames,
    compute_reference,
    read_expected_csv,
    write_reference_csv,
)

EXPECTED = [
    "metric_values",
    "metric_members",
    "timeframe_calendar",
    "panel_sales",
    "panel_subscriptions",
    "panel_broadcasts",
    "panel_traffic",
    "panel_helpdesk",
    "panel_calendar",
]


def golden_dir() -> Path:
    """SPEC_DIR (the spec folder, or its golden/ folder) when set, else ../shared/spec/golden."""
    spec_dir = os.environ.get("SPEC_DIR")
    if spec_dir:
        root = Path(spec_dir)
        return root / "golden" if (root / "golden").is_dir() else root
    return Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "golden"


GOLDEN = golden_dir()
pytestmark = pytest.mark.skipif(
    not (GOLDEN / "expected").is_dir(),
    reason=f"golden example not found at {GOLDEN} (set SPEC_DIR to the spec folder)",
)


@pytest.fixture(scope="module")
def results() -> dict[str, pd.DataFrame]:
    metrics = yaml.safe_load((GOLDEN / "metrics.yml").read_text())["metrics"]
    as_of = (GOLDEN / "as_of.txt").read_text().strip()
    return compute_reference(GOLDEN / "landing", metrics, as_of)


@pytest.mark.parametrize("name", EXPECTED)
def test_reproduces_expected_file(results: dict[str, pd.DataFrame], name: str) -> None:
    expected = read_expected_csv(GOLDEN / "expected" / f"{name}.csv")
    differences = compare_frames(results[name], expected, FRAME_KEYS[name])
    assert differences == [], "\n".join(differences[:50])


@pytest.mark.parametrize("name", EXPECTED)
def test_written_csv_matches_golden_text(results: dict[str, pd.DataFrame], name: str,
                                         tmp_path: Path) -> None:
    """The CSV writer follows the golden text conventions line for line."""
    write_reference_csv({name: results[name]}, tmp_path)
    written = (tmp_path / f"{name}.csv").read_text(encoding="utf-8").splitlines()
    golden = (GOLDEN / "expected" / f"{name}.csv").read_text(encoding="utf-8").splitlines()
    assert written[0] == golden[0]
    assert sorted(written[1:]) == sorted(golden[1:])


def test_clean_golden_landing_has_no_quarantine(results: dict[str, pd.DataFrame]) -> None:
    assert results["quarantine"].empty
    counts = dict(zip(results["staged_counts"]["table_name"],
                      results["staged_counts"]["staged_rows"], strict=True))
    assert counts["events"] == 71 and counts["transactions"] == 26
    assert counts["metric_definitions"] == 0


def test_readme_worked_values(results: dict[str, pd.DataFrame]) -> None:
    """A few of golden/README.md's step-by-step values, read straight off the frames."""
    values = results["metric_values"].set_index(["account_id", "metric_id", "timeframe"])
    assert str(values.loc[(1, "revenue", "this_month"), "value"]) == "200.00"
    assert values.loc[(1, "new_contacts", "today"), "value"] == 2
    assert values.loc[(2, "q1_buyers", "custom"), "value"] == 4
    assert values.loc[(1, "promo_clicks_each_48h", "last_7_days"), "value"] == 2 / 3
    assert values.loc[(2, "promo_clicks_each_48h", "last_7_days"), "value"] == 1.5
    assert values.loc[(1, "revenue_per_contact", "this_month"), "denominator"] == 7
    assert values.loc[(2, "time_to_first_purchase", "year_to_date"), "median"] == 5400
    assert values.loc[(2, "page_visits", "last_7_days"), "metric_name"] == "Retreat LP visits"
