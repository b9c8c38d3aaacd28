"""The six panel marts against the independent Python reference implementation
(crm_warehouse.reference) on generated landing zones (crm_warehouse.generator): every row and
cell of every panel must agree. Two scenarios: the end of the generated period with clean data,
and an as-of just after the US daylight-saving change of Nov 2, 2025 (the week of a Los Angeles
account then holds a 25-hour day) with the generator's bad rows injected, so that quarantine and
panels meet (duplicates, unknown accounts, unparseable instants ... must not reach a panel).
The checked-in demo landing zone (seeds/demo) at its as-of is a third scenario when present."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from crm_warehouse.reference import FRAME_KEYS, compare_frames, compute_reference
from tests.warehouse import GOLDEN_DIR, PROJECT_DIR, Warehouse

generator = pytest.importorskip("crm_warehouse.generator")

PANELS = [
    "panel_sales",
    "panel_subscriptions",
    "panel_broadcasts",
    "panel_traffic",
    "panel_helpdesk",
    "panel_calendar",
]
DAY_PANELS = {"panel_sales", "panel_subscriptions", "panel_traffic"}

SCENARIOS = {
    "clean_end_of_period": {"scale": 0.01, "seed": 7, "bad_rows": False,
                            "as_of": "2026-06-30T18:00:00Z"},
    "bad_rows_on_a_dst_change": {"scale": 0.02, "seed": 11, "bad_rows": True,
                                 "as_of": "2025-11-02T10:30:00Z"},
    "demo": {"as_of": "2026-06-30T18:00:00Z"},
}
DEMO_DIR = PROJECT_DIR / "seeds" / "demo"


def panel_sql(name: str) -> str:
    if name in DAY_PANELS:
        return f"select * replace (cast(day as varchar) as day) from marts.{name}"
    return f"select * from marts.{name}"


def reference_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates of the reference as text, the form the warehouse frame uses for `day`."""
    frame = frame.copy()
    if "day" in frame.columns:
        frame["day"] = frame["day"].map(lambda value: None if value is None else value.isoformat())
    return frame


@pytest.fixture(scope="module", params=sorted(SCENARIOS))
def scenario(request, tmp_path_factory):
    settings = SCENARIOS[request.param]
    root = tmp_path_factory.mktemp(f"crosscheck_{request.param}")
    if request.param == "demo":
        if not (DEMO_DIR / "accounts.csv").is_file():
            pytest.skip(f"no demo landing zone at {DEMO_DIR}")
        landing_zone = DEMO_DIR
    else:
        landing_zone = root / "landing"
        generator.generate(landing_zone, scale=settings["scale"], seed=settings["seed"],
                           fmt="csv", bad_rows=settings["bad_rows"])
    metrics_path = GOLDEN_DIR / "metrics.yml"
    warehouse = Warehouse(root / "warehouse", landing_zone, metrics_path, settings["as_of"])
    # the panels and what they need, with only the tests of the models built
    warehouse.dbt("build", "--select", "+path:models/marts/panels",
                  "--indirect-selection", "cautious")
    metrics = yaml.safe_load(Path(metrics_path).read_text())["metrics"]
    reference = compute_reference(landing_zone, metrics, settings["as_of"])
    return request.param, warehouse, reference


@pytest.mark.slow
@pytest.mark.parametrize("name", PANELS)
def test_panel_agrees_with_the_reference_implementation(scenario, name):
    label, warehouse, reference = scenario
    expected = reference_frame(reference[name])
    actual = warehouse.query(panel_sql(name))[list(expected.columns)]
    differences = compare_frames(actual, expected, FRAME_KEYS[name], check_column_order=False)
    report = "\n".join(differences[:40])
    assert not differences, f"{label} {name}: {len(differences)} differences:\n{report}"


@pytest.mark.slow
def test_generated_panels_are_not_trivially_empty(scenario):
    """Guard against a vacuous agreement: the generated week has sales and visitors."""
    label, warehouse, _ = scenario
    totals = warehouse.query(
        "select sum(sales_and_rebills_count) as purchases from marts.panel_sales "
        "where section = 'week_total'"
    )
    visitors = warehouse.query(
        "select sum(unique_visitors) as visitors from marts.panel_traffic "
        "where section = 'daily_unique_visitors'"
    )
    assert totals.loc[0, "purchases"] > 0, label
    assert visitors.loc[0, "visitors"] > 0, label
