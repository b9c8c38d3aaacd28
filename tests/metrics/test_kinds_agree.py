"""One home per concept: the seeds (metric_kinds, timeframes, condition_leaf_types, event_types),
the macros' compile-time lists and the validator's vocabulary (crm_warehouse.metrics.model) name
the same kinds, member families, value rules, timeframes and leaves. A kind added to one of them
and not the others fails here, naming what is missing where."""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

from crm_warehouse.metrics import model

PROJECT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT / "seeds"
MACROS = PROJECT / "macros"
MEMBERS_MODELS = PROJECT / "models" / "intermediate" / "metrics" / "members"

# The kind-specific parameters that say which member family a kind belongs to.
FAMILY_TRIGGERS = {
    "event_counts": {"event"},
    "conversions": {"from_event", "to_event"},
    "values": {"value"},
}


def seed_rows(name: str) -> list[dict[str, str]]:
    with (SEEDS / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def macro_list(path: Path, macro: str) -> list[str]:
    """The first list literal of a macro (the list it returns), read without running dbt."""
    text = path.read_text()
    found = re.search(r"macro\s+" + re.escape(macro) + r"\(\).*?(\[.*?\])", text, re.DOTALL)
    assert found, f"{path}: macro {macro}() has no list literal"
    return list(ast.literal_eval(found.group(1)))


def test_kinds_of_the_seed_are_the_validators_kinds_in_order():
    rows = sorted(seed_rows("metric_kinds"), key=lambda row: int(row["sort_order"]))
    assert [row["kind"] for row in rows] == list(model.KINDS)


def test_each_kinds_member_family_matches_the_parameters_the_validator_gives_it():
    for row in seed_rows("metric_kinds"):
        triggers = set(model.KIND_PARAMETERS[row["kind"]]) & set().union(*FAMILY_TRIGGERS.values())
        assert triggers == FAMILY_TRIGGERS[row["member_family"]], (
            f"kind {row['kind']}: member family {row['member_family']} reads "
            f"{sorted(FAMILY_TRIGGERS[row['member_family']])}, "
            f"the validator gives it {sorted(triggers)}")
        assert (row["kind"] in model.VALUE_TYPES_BY_KIND) == (row["member_family"] == "values")


def test_member_families_have_a_members_model_and_the_macro_lists_them():
    families = macro_list(MACROS / "metric_kinds" / "member_families.sql", "member_families")
    assert {row["member_family"] for row in seed_rows("metric_kinds")} == set(families)
    models = {path.stem.removeprefix("int_metric_members__")
              for path in MEMBERS_MODELS.glob("int_metric_members__*.sql")}
    assert models == set(families)


def test_value_rules_of_the_seed_have_a_macro_each():
    rules = macro_list(MACROS / "metric_kinds" / "value_rules.sql", "value_rules")
    assert {row["value_rule"] for row in seed_rows("metric_kinds")} == set(rules)
    for rule in rules:
        path = MACROS / "metric_kinds" / f"value_rule_{rule}.sql"
        assert f"macro value_rule_{rule}()" in path.read_text(), path


def test_units_and_medians_are_known_to_the_dashboard():
    from crm_warehouse.dashboard.formatting import UNITS

    for row in seed_rows("metric_kinds"):
        units = {"money", "number"} if row["unit"] == "value" else {row["unit"]}
        assert units <= set(UNITS), f"kind {row['kind']}: unit {row['unit']}"
        assert row["has_median"] in ("true", "false")


def test_timeframes_agree():
    seed = [row["timeframe"] for row in sorted(seed_rows("timeframes"),
                                               key=lambda row: int(row["sort_order"]))]
    assert seed == [*model.TIMEFRAMES, model.CUSTOM_TIMEFRAME]
    builtin = macro_list(MACROS / "timeframes" / "builtin_timeframes.sql", "builtin_timeframes")
    assert builtin == list(model.TIMEFRAMES)
    for key in [*builtin, model.CUSTOM_TIMEFRAME]:
        assert (MACROS / "timeframes" / f"timeframe_{key}.sql").is_file(), key


def test_condition_leaves_agree():
    assert {row["leaf_type"] for row in seed_rows("condition_leaf_types")} == set(model.LEAF_TYPES)


def test_every_trigger_is_a_known_event_type():
    event_types = {row["event_type"] for row in seed_rows("event_types")}
    assert set(model.TRIGGERS) <= event_types, sorted(set(model.TRIGGERS) - event_types)


def test_data_quality_marts_loop_over_the_landing_contracts_tables():
    import yaml

    sources = yaml.safe_load(
        (PROJECT / "models" / "staging" / "landing" / "_landing__sources.yml").read_text())
    (landing,) = [source for source in sources["sources"] if source["name"] == "landing"]
    contract = sorted(table["name"] for table in landing["tables"])
    assert macro_list(MACROS / "data_quality" / "landing_tables.sql", "landing_tables") == contract


def test_the_reference_reads_instants_by_the_sqls_pattern():
    from crm_warehouse.reference.parsing import _ISO_INSTANT_RE

    text = (MACROS / "staging" / "parse_timestamp.sql").read_text()
    found = re.search(r"macro iso_instant_pattern\(\) -%}\n\s*(.*)\n", text)
    assert found, "macro iso_instant_pattern() not found"
    assert _ISO_INSTANT_RE.pattern == f"^{found.group(1)}$"
