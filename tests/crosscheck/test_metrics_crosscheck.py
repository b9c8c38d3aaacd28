"""The metric marts (marts.metric_values, marts.metric_members, marts.timeframe_calendar) against
the independent Python reference implementation (crm_warehouse.reference): every value, previous
value, numerator, denominator, median and every member of every timeframe must agree.

Two landing zones, each built ONCE with dbt; for its other as-of instants only the as-of dependent
layers are rebuilt (`path:models/intermediate path:models/marts/metrics`):
- the hand-written edge-case zone tests/fixtures/edge_cases (see its README.md) at its two as-of
  instants: 2028-03-31 (month-end clamping onto Feb 29) and 2028-02-29 (Feb 29 itself);
- a small generated zone (crm_warehouse.generator, CSV, with bad rows) with the demo metrics at a
  25-hour DST day in New York, the last day of April (after 31-day March: last month to date is
  Mar 1 - Mar 30 and its previous period Feb 1 - Feb 28) and Feb 29, 2028.
The quarantine and the staged row counts are compared with the reference on both zones.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from crm_warehouse.reference import FRAME_KEYS, compare_frames, compute_reference
from crm_warehouse.reference.definitions import KINDS, REFERENCE_LEAVES, TRIGGERS
from tests.warehouse import PROJECT_DIR, Warehouse

generator = pytest.importorskip("crm_warehouse.generator")

EDGE_DIR = PROJECT_DIR / "tests" / "fixtures" / "edge_cases"
EDGE_AS_OF = (EDGE_DIR / "as_of.txt").read_text().split()
GENERATED = {"scale": 0.005, "seed": 5, "accounts": 7, "fmt": "csv", "bad_rows": True,
             "start": date(2026, 1, 1), "end": date(2028, 3, 31)}
GENERATED_AS_OF = [
    "2026-11-01T16:00:00Z",  # New York: Sunday Nov 1, 11:00 EST, a 25-hour day (LA too)
    "2027-04-30T20:00:00Z",  # Apr 30 in the Americas and Europe, May 1 in Asia and Sydney
    "2028-02-29T12:00:00Z",  # Feb 29 everywhere: last year to date ends on Feb 28
]
DEMO_METRICS = PROJECT_DIR / "metrics" / "demo.yml"
METRIC_MARTS = ["metric_values", "metric_members", "timeframe_calendar"]
AS_OF_LAYERS = ("path:models/intermediate", "path:models/marts/metrics")
SHOWN = 2  # examples shown per class of differences


class Zone:
    """One landing zone and its warehouse: a full `dbt build` for the first as-of asked for, then
    a rebuild of the as-of dependent layers only for every other one."""

    def __init__(self, workdir: Path, landing: Path, metrics_path: Path,
                 as_ofs: list[str]) -> None:
        self.workdir, self.landing, self.metrics_path = workdir, landing, metrics_path
        self.as_ofs = as_ofs
        self.metrics = yaml.safe_load(metrics_path.read_text(encoding="utf-8"))["metrics"]
        self.warehouse: Warehouse | None = None
        self.build_failures: list[str] = []
        self._references: dict[str, dict[str, pd.DataFrame]] = {}

    def at(self, as_of: str) -> Warehouse:
        if self.warehouse is None:
            self.warehouse = Warehouse(self.workdir, self.landing, self.metrics_path, as_of)
            result = self.warehouse.dbt("build", "--exclude", "test_type:unit", check=False)
            if result.returncode != 0:
                # a failing data test skips what is downstream of it: record the failures for
                # test_dbt_build_passes, then build the models anyway to compare them
                self.build_failures = [line for line in result.stdout.splitlines()
                                       if " ERROR " in line or " FAIL " in line]
                self.warehouse.dbt("run")
        elif self.warehouse.as_of != as_of:
            self.warehouse = Warehouse(self.workdir, self.landing, self.metrics_path, as_of)
            self.warehouse.dbt("run", "--select", *AS_OF_LAYERS)
        return self.warehouse

    def current(self) -> Warehouse:
        """The warehouse at whichever as-of it was last built for (quarantine does not depend
        on the as-of)."""
        return self.warehouse or self.at(self.as_ofs[0])

    def reference(self, as_of: str) -> dict[str, pd.DataFrame]:
        if as_of not in self._references:
            self._references[as_of] = compute_reference(self.landing, self.metrics, as_of)
        return self._references[as_of]


@pytest.fixture(scope="module")
def zones(tmp_path_factory) -> dict[str, Zone]:
    root = tmp_path_factory.mktemp("metrics_crosscheck")
    landing = root / "generated_landing"
    generator.generate(landing, **GENERATED)
    return {
        "edge": Zone(root / "edge", EDGE_DIR / "landing", EDGE_DIR / "metrics.yml", EDGE_AS_OF),
        "generated": Zone(root / "generated", landing, DEMO_METRICS, GENERATED_AS_OF),
    }


SCENARIOS = [("generated", a) for a in GENERATED_AS_OF] + [("edge", a) for a in EDGE_AS_OF]


@dataclass(repr=False)
class Scenario:
    zone: str
    as_of: str
    warehouse: Warehouse
    reference: dict[str, pd.DataFrame]

    def __repr__(self) -> str:  # short, for failure reports
        return f"{self.zone}@{self.as_of}"


@pytest.fixture(scope="module", params=SCENARIOS, ids=[f"{z}@{a}" for z, a in SCENARIOS])
def scenario(request, zones) -> Scenario:
    """One zone at one as-of; module scope groups the tests per as-of (one rebuild each)."""
    name, as_of = request.param
    zone = zones[name]
    return Scenario(name, as_of, zone.at(as_of), zone.reference(as_of))


def summarize(differences: list[str]) -> str:
    """Differences grouped into classes (metric x missing row / extra row / differing column),
    each with its count, the accounts and timeframes it touches, and a few examples."""
    classes: dict[tuple[str, str], list[str]] = {}
    for line in differences:
        metric = re.search(r"metric_id=([^,)]+)", line)
        column = re.search(r" column (\w+):", line)
        what = column.group(1) if column else line.split(" (")[0]
        classes.setdefault((metric.group(1) if metric else "-", what), []).append(line)
    parts = []
    for (metric, what), lines in sorted(classes.items()):
        accounts = sorted({m for line in lines for m in re.findall(r"account_id=(\w+)", line)})
        timeframes = {m for line in lines for m in re.findall(r"timeframe=(\w+)", line)}
        parts.append(f"[{metric}] {what}: {len(lines)} (accounts {', '.join(accounts)}; "
                     f"{len(timeframes)} timeframes), e.g.")
        parts.extend(f"    {line}" for line in lines[:SHOWN])
    return "\n".join(parts)


# --- the edge-case fixture itself (fast) ---------------------------------------------------------

def _fixture_script() -> Any:
    spec = importlib.util.spec_from_file_location("make_landing", EDGE_DIR / "make_landing.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_edge_landing_zone_is_the_output_of_its_script():
    script = _fixture_script()
    rendered = script.render(script.build_tables())
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in (EDGE_DIR / "landing").glob("*")}
    assert rendered == on_disk, "run .venv/bin/python tests/fixtures/edge_cases/make_landing.py"


def _leaves(node: Any) -> set[str]:
    if not isinstance(node, dict):
        return set()
    if "all" in node or "any" in node:
        return set().union(*(_leaves(child) for child in node.get("all", node.get("any"))))
    if "not" in node:
        return _leaves(node["not"])
    if "field" in node:
        return {f"field:{node['op']}"}
    return set(node)


def test_edge_metrics_cover_every_kind_trigger_leaf_and_operator():
    metrics = yaml.safe_load((EDGE_DIR / "metrics.yml").read_text(encoding="utf-8"))["metrics"]
    kinds = {m["kind"] for m in metrics}
    triggers = {m[k]["type"] for m in metrics for k in ("event", "from_event", "to_event")
                if k in m}
    leaves = set().union(*(_leaves(m.get("where")) for m in metrics))
    operators = {leaf.split(":")[1] for leaf in leaves if leaf.startswith("field:")}
    assert kinds == set(KINDS)
    assert triggers == set(TRIGGERS)
    assert REFERENCE_LEAVES | {"visited_landing_page", "last_transaction_status",
                               "contact_exists"} <= leaves
    assert operators == {"eq", "ne", "gt", "gte", "lt", "lte", "contains", "is_empty",
                         "is_not_empty"}
    assert {"once", "each"} <= {m.get("count", "once") for m in metrics
                                if m["kind"] == "conversion_rate"}
    units = {m["within"].split()[1].rstrip("s") for m in metrics if "within" in m}
    assert units == {"second", "minute", "hour", "day", "week"}


# --- the warehouse against the reference (slow) -----------------------------------------------

@pytest.mark.slow
@pytest.mark.xdist_group("crosscheck")
@pytest.mark.parametrize("zone_name", ["edge", "generated"])
def test_quarantine_agrees_with_the_reference(zones, zone_name):
    """marts.quarantined_rows as a multiset of (table, reason) per table, and the staged rows of
    marts.landing_row_counts, equal the reference's quarantine and staged counts."""
    zone = zones[zone_name]
    warehouse = zone.current()
    reference = zone.reference(warehouse.as_of)
    quarantined = warehouse.query(
        "select table_name, quarantine_reason from marts.quarantined_rows")
    actual = Counter(zip(quarantined.table_name, quarantined.quarantine_reason, strict=True))
    expected = Counter(zip(reference["quarantine"].table_name, reference["quarantine"].reason,
                           strict=True))
    assert expected, f"{zone_name}: the reference quarantined nothing (no bad rows?)"
    assert actual == expected, (f"{zone_name}: warehouse only {dict(actual - expected)}, "
                                f"reference only {dict(expected - actual)}")
    counts = warehouse.query("select table_name, staged_rows from marts.landing_row_counts")
    staged = dict(zip(counts.table_name, counts.staged_rows.astype(int), strict=True))
    reference_staged = dict(zip(reference["staged_counts"].table_name,
                                reference["staged_counts"].staged_rows, strict=True))
    assert staged == reference_staged


@pytest.mark.slow
@pytest.mark.xdist_group("crosscheck")
@pytest.mark.parametrize("zone_name", ["edge", "generated"])
def test_dbt_build_passes(zones, zone_name):
    """The data tests of the project hold on both zones (the build's failures, if any)."""
    zone = zones[zone_name]
    zone.current()
    assert not zone.build_failures, "\n".join(zone.build_failures)


@pytest.mark.slow
@pytest.mark.xdist_group("crosscheck")
@pytest.mark.parametrize("mart", METRIC_MARTS)
def test_metric_mart_agrees_with_the_reference(scenario, mart):
    expected = scenario.reference[mart]
    assert len(expected) > 0, f"{scenario}: the reference has no {mart} rows"
    actual = scenario.warehouse.query(f"select * from marts.{mart}")[list(expected.columns)]
    differences = compare_frames(actual, expected, FRAME_KEYS[mart], check_column_order=False)
    assert not differences, (f"{scenario} {mart}: {len(differences)} differences\n"
                             + summarize(differences))


@pytest.mark.slow
@pytest.mark.xdist_group("crosscheck")
def test_metric_values_are_not_trivially_empty(scenario):
    """Guard against a vacuous agreement: every account has metrics with non-zero values and
    members."""
    values = scenario.reference["metric_values"]
    members = scenario.reference["metric_members"]
    non_zero = values[values["value"].map(lambda v: v is not None and v != 0)]
    assert set(non_zero["account_id"]) == set(values["account_id"]), scenario
    assert set(members["account_id"]) == set(values["account_id"]), scenario
    assert values["kind"].nunique() == len(KINDS), scenario
