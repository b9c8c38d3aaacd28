"""The metric definition parser/validator (crm_warehouse.metrics): YAML files, app JSON, the
row contract the SQL side consumes, and the validate command."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from crm_warehouse.metrics import (
    FRAME_COLUMNS,
    MAX_CONDITION_DEPTH,
    ROW_COLUMNS,
    MetricDefinitionError,
    definitions_frame,
    load_yaml_definitions,
    parse_app_definition,
    parse_within,
)
from crm_warehouse.metrics.validate import main as validate_main

GOLDEN = Path("/work/shared/spec/golden/metrics.yml")
REPO = Path(__file__).resolve().parents[2]
DROP = object()
BASE: dict[str, Any] = {
    "id": "m",
    "name": "M",
    "kind": "times_happened",
    "event": {"type": "tag_added", "object": "VIP"},
    "timeframe": "today",
}


def metric(**changes: Any) -> dict[str, Any]:
    """BASE with changes applied (a value of DROP removes the key)."""
    result = {**BASE, **changes}
    return {key: value for key, value in result.items() if value is not DROP}


def write_metrics(folder: Path, *metrics: dict[str, Any], name: str = "metrics.yml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"metrics": list(metrics)}, sort_keys=False))
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(MetricDefinitionError) as caught:
        load_yaml_definitions(path)
    assert str(caught.value).splitlines() == caught.value.problems
    return caught.value.problems


def rows_by_id(definitions: list) -> dict[tuple[int | None, str], dict[str, Any]]:
    return {(d.scope_account_id, d.metric_id): d.to_row() for d in definitions}


# --- the golden example -----------------------------------------------------------------------

golden_only = pytest.mark.skipif(not GOLDEN.exists(), reason="golden/metrics.yml is absent")


@golden_only
def test_golden_metrics_parse_to_14_definitions_with_the_row_contract():
    definitions = load_yaml_definitions(GOLDEN)
    assert len(definitions) == 14
    rows = [d.to_row() for d in definitions]
    assert all(tuple(row) == ROW_COLUMNS for row in rows)
    assert [row["metric_id"] for row in rows][:3] == ["new_contacts", "page_visits", "page_visits"]
    assert {row["source"] for row in rows} == {"yaml"}
    assert {row["source_file"] for row in rows} == {"metrics.yml"}
    scopes = {(row["metric_id"], row["scope_account_id"]) for row in rows}
    assert ("page_visits", None) in scopes and ("page_visits", 2) in scopes
    assert len({row["kind"] for row in rows}) == 7
    for row in rows:
        json.loads(row["definition_json"])
        assert (row["count_mode"] is not None) == (row["kind"] == "conversion_rate")


@golden_only
def test_golden_guide_optins_engaged_has_event_trigger_and_condition_tree():
    row = rows_by_id(load_yaml_definitions(GOLDEN))[(None, "guide_optins_engaged")]
    assert json.loads(row["triggers_json"]) == [{
        "role": "event", "event_type": "form_submitted", "object_ref": "name",
        "object_id": None, "object_name": "Free Guide", "detail": None,
        "transaction_status": None,
    }]
    nodes = json.loads(row["condition_nodes_json"])
    shape = [(n["node_id"], n["parent_node_id"], n["depth"], n["node_type"], n["leaf_type"])
             for n in nodes]
    assert shape == [
        (0, None, 0, "all", None),
        (1, 0, 1, "any", None),
        (2, 1, 2, "leaf", "subscribed_to_tag"),
        (3, 1, 2, "leaf", "field"),
        (4, 0, 1, "not", None),
        (5, 4, 2, "leaf", "ever_refunded"),
    ]
    assert (nodes[2]["object_ref"], nodes[2]["object_name"]) == ("name", "VIP")
    assert (nodes[3]["field_name"], nodes[3]["op"], nodes[3]["value_text"]) == (
        "Lead Score", "gt", "50")
    assert (nodes[5]["object_ref"], nodes[5]["object_id"]) == ("any", None)
    assert row["default_timeframe"] == "last_30_days"
    assert set(nodes[0]) == {
        "node_id", "parent_node_id", "depth", "node_type", "leaf_type", "field_name", "op",
        "value_text", "object_ref", "object_id", "object_name", "status", "timeframe",
        "custom_first_day", "custom_last_day", "flag",
    }


@golden_only
def test_golden_promo_clicks_each_48h_is_each_within_172800_seconds():
    row = rows_by_id(load_yaml_definitions(GOLDEN))[(None, "promo_clicks_each_48h")]
    assert (row["kind"], row["count_mode"], row["within_seconds"]) == (
        "conversion_rate", "each", 172800.0)
    triggers = json.loads(row["triggers_json"])
    assert [(t["role"], t["event_type"], t["object_ref"], t["object_name"]) for t in triggers] == [
        ("from", "email_opened", "name", "Spring Promo"),
        ("to", "email_link_clicked", "name", "Spring Promo"),
    ]
    assert row["condition_nodes_json"] == "[]"


@golden_only
def test_golden_revenue_value_spec_becomes_a_purchased_value_trigger():
    row = rows_by_id(load_yaml_definitions(GOLDEN))[(None, "revenue")]
    assert (row["value_type"], row["value_field"]) == ("sales_of", None)
    assert json.loads(row["triggers_json"]) == [{
        "role": "value", "event_type": "purchased", "object_ref": "any", "object_id": None,
        "object_name": None, "detail": None, "transaction_status": None,
    }]
    declined = rows_by_id(load_yaml_definitions(GOLDEN))[(None, "declined_amount")]
    (trigger,) = json.loads(declined["triggers_json"])
    assert (trigger["event_type"], trigger["transaction_status"]) == (None, "declined")


@golden_only
def test_golden_vip_lead_score_is_a_field_average_without_trigger():
    row = rows_by_id(load_yaml_definitions(GOLDEN))[(None, "vip_lead_score")]
    assert (row["kind"], row["value_type"], row["value_field"]) == ("avg_value", "field",
                                                                    "Lead Score")
    assert row["triggers_json"] == "[]"
    (node,) = json.loads(row["condition_nodes_json"])
    assert (node["node_type"], node["leaf_type"], node["object_name"]) == (
        "leaf", "subscribed_to_tag", "VIP")


@golden_only
def test_golden_q1_buyers_has_a_custom_range():
    row = rows_by_id(load_yaml_definitions(GOLDEN))[(None, "q1_buyers")]
    assert row["default_timeframe"] == "custom"
    assert (row["custom_first_day"], row["custom_last_day"]) == (dt.date(2026, 1, 1),
                                                                 dt.date(2026, 3, 31))
    assert json.loads(row["definition_json"])["timeframe"] == {"from": "2026-01-01",
                                                               "to": "2026-03-31"}
    (trigger,) = json.loads(row["triggers_json"])
    assert (trigger["event_type"], trigger["object_ref"]) == ("purchased", "any")


# --- folders and files ------------------------------------------------------------------------


def test_folder_is_read_recursively_in_sorted_order_with_relative_source_files(tmp_path):
    write_metrics(tmp_path, metric(id="b"), name="z/b.yaml")
    write_metrics(tmp_path, metric(id="a"), name="a.yml")
    (tmp_path / "notes.txt").write_text("not a metric file")
    definitions = load_yaml_definitions(str(tmp_path))
    assert [(d.metric_id, d.source_file) for d in definitions] == [("a", "a.yml"),
                                                                   ("b", "z/b.yaml")]


def test_missing_metrics_path_is_a_problem(tmp_path):
    (problem,) = problems_of(tmp_path / "nope")
    assert "does not exist" in problem


def test_yaml_keeps_numbers_as_written_and_yes_as_text(tmp_path):
    path = tmp_path / "m.yml"
    path.write_text(
        "metrics:\n"
        "  - {id: m, name: M, kind: times_happened, event: {type: tag_added, object: 17},\n"
        "     timeframe: today, where: {all: [{field: Score, op: gte, value: 50.50},\n"
        "                                     {field: Opt In, op: eq, value: yes}]}}\n"
    )
    (definition,) = load_yaml_definitions(path)
    row = definition.to_row()
    nodes = json.loads(row["condition_nodes_json"])
    assert [n["value_text"] for n in nodes[1:]] == ["50.50", "yes"]
    (trigger,) = json.loads(row["triggers_json"])
    assert (trigger["object_ref"], trigger["object_id"], trigger["object_name"]) == ("id", 17,
                                                                                    None)


def test_leaves_with_status_timeframe_and_flag_fill_their_columns(tmp_path):
    where = {"all": [
        {"last_transaction_status": "declined"},
        {"visited_landing_page": {"page": "Sales LP",
                                  "timeframe": {"from": "2026-01-01", "to": "2026-01-31"}}},
        {"contact_exists": True},
        {"field": "State", "op": "is_empty"},
    ]}
    (definition,) = load_yaml_definitions(write_metrics(tmp_path, metric(where=where)))
    nodes = json.loads(definition.to_row()["condition_nodes_json"])
    assert nodes[1]["status"] == "declined"
    assert (nodes[2]["object_name"], nodes[2]["timeframe"], nodes[2]["custom_first_day"],
            nodes[2]["custom_last_day"]) == ("Sales LP", "custom", "2026-01-01", "2026-01-31")
    assert nodes[3]["flag"] is True
    assert (nodes[4]["op"], nodes[4]["value_text"]) == ("is_empty", None)


def test_condition_tree_of_exactly_max_depth_levels_is_accepted(tmp_path):
    where: dict[str, Any] = {"subscribed_to_tag": "VIP"}
    for _ in range(MAX_CONDITION_DEPTH - 1):
        where = {"not": where}
    (definition,) = load_yaml_definitions(write_metrics(tmp_path, metric(where=where)))
    nodes = json.loads(definition.to_row()["condition_nodes_json"])
    assert max(n["depth"] for n in nodes) == MAX_CONDITION_DEPTH - 1


# --- invalid YAML definitions: one test per problem -------------------------------------------


def deep_where(levels: int) -> dict[str, Any]:
    where: dict[str, Any] = {"subscribed_to_tag": "VIP"}
    for _ in range(levels - 1):
        where = {"all": [where]}
    return where


CONVERSION = {"kind": "conversion_rate", "event": DROP,
              "from_event": {"type": "form_submitted"}, "to_event": {"type": "purchased"}}

INVALID_CASES = {
    "unknown_kind": (metric(kind="contacts_who_dit"), "unknown kind 'contacts_who_dit'"),
    "unknown_trigger": (metric(event={"type": "form_submited"}),
                        "unknown trigger 'form_submited'"),
    "unknown_condition_leaf": (metric(where={"subscribed_tag": "VIP"}),
                               "unknown condition 'subscribed_tag'"),
    "unknown_op": (metric(where={"field": "State", "op": "equals", "value": "CA"}),
                   "unknown op 'equals'"),
    "unknown_timeframe": (metric(timeframe="last_7_day"), "unknown timeframe 'last_7_day'"),
    "missing_to_event": (metric(**{**CONVERSION, "to_event": DROP}),
                         "missing required parameter 'to_event'"),
    "unknown_parameter_typo": (metric(event=DROP, evnt={"type": "tag_added"}),
                               "unknown parameter 'evnt'"),
    "unknown_parameter_in_event": (metric(event={"type": "tag_added", "objet": "VIP"}),
                                   "unknown parameter 'objet'"),
    "custom_from_after_to": (metric(timeframe={"from": "2026-03-31", "to": "2026-01-01"}),
                             "'from' (2026-03-31) is after 'to' (2026-01-01)"),
    "custom_unparseable_date": (metric(timeframe={"from": "2026-02-30", "to": "2026-03-31"}),
                                "unparseable date '2026-02-30'"),
    "custom_missing_to": (metric(timeframe={"from": "2026-01-01"}),
                          "a custom range needs 'to'"),
    "unreadable_within": (metric(**CONVERSION, within="7days"), "unreadable within '7days'"),
    "id_not_matching_pattern": (metric(id="Lead-Optins"), "must match [a-z0-9_]+"),
    "missing_name": (metric(name=DROP), "missing required parameter 'name'"),
    "count_not_once_or_each": (metric(**CONVERSION, count="all"), "must be once or each"),
    "count_on_wrong_kind": (metric(count="once"),
                            "parameter 'count' does not apply to kind 'times_happened'"),
    "within_on_wrong_kind": (metric(event=DROP, kind="total_value", value={"sales_of": "any"},
                                    within="7 days"),
                             "parameter 'within' does not apply to kind 'total_value'"),
    "value_field_on_total_value": (metric(event=DROP, kind="total_value",
                                          value={"field": "Lead Score"}),
                                   "'field' is not a value spec of kind 'total_value'"),
    "value_spec_unknown": (metric(event=DROP, kind="avg_value", value={"sales": "any"}),
                           "unknown value spec 'sales'"),
    "value_missing": (metric(event=DROP, kind="avg_value"),
                      "missing required parameter 'value'"),
    "unknown_transaction_status": (metric(event=DROP, kind="total_value",
                                          value={"transactions_with_status": "failed"}),
                                   "unknown transaction status 'failed'"),
    "unknown_status_in_condition": (metric(where={"last_transaction_status": "bounced"}),
                                    "unknown transaction status 'bounced'"),
    "condition_too_deep": (metric(where=deep_where(MAX_CONDITION_DEPTH + 1)),
                           f"deeper than MAX_CONDITION_DEPTH = {MAX_CONDITION_DEPTH}"),
    "account_id_zero": (metric(account_id=0), "account_id must be a positive integer"),
    "account_id_text": (metric(account_id="42"), "account_id must be a positive integer"),
    "object_ref_float": (metric(event={"type": "tag_added", "object": 1.5}),
                         "an object reference must be a name (text), an object id (integer"),
    "object_ref_list": (metric(where={"ever_purchased": ["A", "B"]}),
                        "an object reference must be a name (text), an object id (integer"),
    "object_ref_bool": (metric(event={"type": "tag_added", "object": True}),
                        "an object reference must be a name (text), an object id (integer"),
    "object_id_beyond_bigint": (metric(event={"type": "tag_added", "object": 2**63}),
                                "an object reference must be a name (text), an object id"),
    "account_id_beyond_bigint": (metric(account_id=2**63), "account_id must be a positive"),
    "object_on_contact_added": (metric(event={"type": "contact_added", "object": "VIP"}),
                                "trigger 'contact_added' takes no object"),
    "empty_all": (metric(where={"all": []}), "'all' takes a non-empty list"),
    "field_without_value": (metric(where={"field": "State", "op": "eq"}),
                            "missing required parameter 'value' for op 'eq'"),
}


@pytest.mark.parametrize("case", list(INVALID_CASES))
def test_invalid_definition_names_file_metric_and_problem(tmp_path, case):
    definition, expected = INVALID_CASES[case]
    path = write_metrics(tmp_path, metric(id="ok"), definition, name="bad_metrics.yml")
    problems = problems_of(path)
    label = f"metric '{definition['id']}'"
    assert any(
        p.startswith(f"{path}: {label}: ") and expected in p for p in problems
    ), problems
    assert not any("metric 'ok'" in p for p in problems)


def test_missing_id_is_reported_by_position(tmp_path):
    path = write_metrics(tmp_path, metric(id="ok"), metric(id=DROP))
    assert problems_of(path) == [f"{path}: metric #2: missing required parameter 'id'"]


def test_same_id_in_same_scope_is_a_duplicate_even_across_files(tmp_path):
    write_metrics(tmp_path, metric(id="m"), metric(id="m", account_id=7), name="a.yml")
    write_metrics(tmp_path, metric(id="m", account_id=7), name="b.yml")
    (problem,) = problems_of(tmp_path)
    assert problem.startswith(f"{tmp_path / 'b.yml'}: metric 'm': duplicate id 'm'")
    assert "account_id 7" in problem and str(tmp_path / "a.yml") in problem


def test_yaml_syntax_error_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text("metrics:\n  - id: m\n    name: [unclosed\n    kind: times_happened\n")
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}: invalid YAML at line ")


def test_duplicate_key_in_a_mapping_is_a_yaml_error_with_line(tmp_path):
    path = tmp_path / "dup.yml"
    path.write_text("metrics:\n  - id: m\n    name: M\n    name: N\n")
    (problem,) = problems_of(path)
    assert "duplicate key 'name'" in problem and "line 4" in problem


def test_file_without_metrics_list_is_a_problem(tmp_path):
    path = tmp_path / "other.yml"
    path.write_text("metric:\n  - id: m\n")
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}: expected a top-level mapping with a 'metrics:' list")


def test_all_problems_of_all_files_are_listed_one_per_line(tmp_path):
    write_metrics(tmp_path, metric(id="a", kind="nope"), name="a.yml")
    write_metrics(tmp_path, metric(id="b", timeframe="someday", name=DROP), name="b.yml")
    problems = problems_of(tmp_path)
    assert len(problems) == 3
    assert problems[0].startswith(f"{tmp_path / 'a.yml'}: metric 'a': unknown kind 'nope'")
    assert any("metric 'b': missing required parameter 'name'" in p for p in problems)
    assert any("metric 'b': timeframe: unknown timeframe 'someday'" in p for p in problems)


# --- within -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "seconds"), [
    ("7 days", 604800.0), ("48 hours", 172800.0), ("1 week", 604800.0), ("1 day", 86400.0),
    ("0 seconds", 0.0), ("0.5 hours", 1800.0), ("90 minutes", 5400.0), ("2 weeks", 1209600.0),
])
def test_within_is_read_as_exact_seconds(text, seconds):
    assert parse_within(text) == seconds


@pytest.mark.parametrize("text", [
    "7days", "7 Days", "-1 days", "seven days", "7  days", "7 days ", "1 month", "", ".5 hours",
    7,
])
def test_unreadable_within_is_refused(text):
    with pytest.raises(ValueError, match="unreadable within"):
        parse_within(text)


# --- app definitions --------------------------------------------------------------------------

APP_JSON = json.dumps({
    "name": "Webinar sign-ups", "kind": "contacts_who_did",
    "event": {"type": "form_submitted", "object": 31},
    "where": {"not": {"subscribed_to_tag": "Customer"}},
    "timeframe": "last_month",
})


def test_valid_app_definition_takes_scope_and_id_from_the_columns():
    definition = parse_app_definition(7, "webinar_signups", APP_JSON)
    row = definition.to_row()
    assert (row["scope_account_id"], row["metric_id"], row["source"], row["source_file"]) == (
        7, "webinar_signups", "app", "metric_definitions")
    assert (row["kind"], row["default_timeframe"]) == ("contacts_who_did", "last_month")
    (trigger,) = json.loads(row["triggers_json"])
    assert (trigger["object_ref"], trigger["object_id"]) == ("id", 31)
    assert json.loads(row["definition_json"]) == json.loads(APP_JSON)


def test_app_definition_may_repeat_matching_id_and_account_id():
    text = json.dumps({**json.loads(APP_JSON), "id": "webinar_signups", "account_id": 7})
    assert parse_app_definition(7, "webinar_signups", text).metric_id == "webinar_signups"


@pytest.mark.parametrize(("metric_id", "text", "expected"), [
    ("m", '{"name": "M", "kind": ', "invalid JSON"),
    ("m", "[1, 2]", "must be a JSON object"),
    ("m", json.dumps({**json.loads(APP_JSON), "id": "other"}),
     "id 'other' in the definition disagrees with the row's metric_id 'm'"),
    ("m", json.dumps({**json.loads(APP_JSON), "account_id": 8}),
     "account_id the number 8 in the definition disagrees with the row's account_id 7"),
    ("m", json.dumps({**json.loads(APP_JSON), "kind": "sum_of_things"}),
     "unknown kind 'sum_of_things'"),
    ("Bad Id", APP_JSON, "metric_id 'Bad Id' must match"),
])
def test_invalid_app_definition_raises_a_one_line_reason(metric_id, text, expected):
    with pytest.raises(MetricDefinitionError) as caught:
        parse_app_definition(7, metric_id, text)
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


def app_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["account_id", "metric_id", "definition", "created_at",
                                       "deleted_at"])


def test_frame_rejects_app_ids_already_defined_in_yaml_for_that_account(tmp_path):
    write_metrics(tmp_path, metric(id="shared"), metric(id="only_7", account_id=7),
                  name="core.yml")
    frame = definitions_frame(tmp_path, app_frame([
        (7, "shared", APP_JSON, "2026-01-01T00:00:00Z", None),
        (7, "only_7", APP_JSON, "2026-01-01T00:00:00Z", None),
        (8, "only_7", APP_JSON, "2026-01-01T00:00:00Z", "2026-02-01T12:00:00"),
        (8, "broken", "{nope", None, None),
    ]))
    assert list(frame.columns) == list(FRAME_COLUMNS)
    app = frame[frame["source"] == "app"].reset_index(drop=True)
    assert app["rejection_reason"].tolist()[:3] == [
        "metric id 'shared' is already defined in YAML (core.yml)",
        "metric id 'only_7' is already defined in YAML (core.yml)",
        pd.NA,
    ]
    assert app.loc[3, "rejection_reason"].startswith("invalid JSON")
    # the quarantine shows what was sent, even when it is not JSON
    assert json.loads(app.loc[3, "definition_json"]) == "{nope"
    assert app["scope_account_id"].tolist() == [7, 7, 8, 8]
    assert app["metric_id"].tolist() == ["shared", "only_7", "only_7", "broken"]
    assert app.loc[2, "app_deleted_at"] == pd.Timestamp("2026-02-01 12:00:00")
    assert app.loc[2, "app_created_at"] == pd.Timestamp("2026-01-01 00:00:00")
    assert frame.loc[frame["source"] == "yaml", "rejection_reason"].isna().all()


def test_frame_dtypes_are_the_same_when_empty(tmp_path):
    write_metrics(tmp_path, metric(timeframe={"from": "2026-01-01", "to": "2026-01-31"}))
    full = definitions_frame(tmp_path, app_frame([(7, "app_metric", APP_JSON, None, None)]))
    empty_folder = tmp_path / "empty"
    empty_folder.mkdir()
    empty = definitions_frame(empty_folder, app_frame([]))
    assert len(empty) == 0
    assert full.dtypes.to_dict() == empty.dtypes.to_dict()
    assert full.loc[0, "custom_first_day"] == dt.date(2026, 1, 1)


def test_frame_raises_on_yaml_problems(tmp_path):
    write_metrics(tmp_path, metric(kind="nope"))
    with pytest.raises(MetricDefinitionError, match="unknown kind 'nope'"):
        definitions_frame(tmp_path, None)


# --- the validate command ---------------------------------------------------------------------


def test_validate_prints_ok_and_exits_0(tmp_path, capsys):
    write_metrics(tmp_path, metric(id="a"), metric(id="b"), name="a.yml")
    write_metrics(tmp_path, metric(id="c"), name="sub/c.yaml")
    assert validate_main(["--metrics-path", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == "OK: 3 metric definitions in 2 files"


def test_validate_prints_problems_to_stderr_and_exits_1(tmp_path, capsys):
    path = write_metrics(tmp_path, metric(kind="nope"))
    assert validate_main(["--metrics-path", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{path}: metric 'm': unknown kind 'nope'" in captured.err


def test_validate_exits_1_on_missing_path(tmp_path, capsys):
    assert validate_main(["--metrics-path", str(tmp_path / "missing")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_python_dash_m_crm_warehouse_metrics_runs_the_validator(tmp_path):
    write_metrics(tmp_path, metric(kind="nope"))
    result = subprocess.run(
        [sys.executable, "-m", "crm_warehouse.metrics", "--metrics-path", str(tmp_path)],
        capture_output=True, text=True, cwd=REPO, check=False,
    )
    assert result.returncode == 1
    assert "unknown kind 'nope'" in result.stderr


def test_rejected_app_row_keeps_the_columns_known_so_far(tmp_path):
    text = json.dumps({"name": "Half done", "kind": "conversion_rate", "timeframe": "today",
                       "from_event": {"type": "form_submitted"}})
    frame = definitions_frame(tmp_path, app_frame([(3, "half_done", text, None, None)]))
    row = frame.iloc[0]
    assert (row["scope_account_id"], row["metric_id"], row["source"], row["source_file"]) == (
        3, "half_done", "app", "metric_definitions")
    assert (row["metric_name"], row["kind"], row["default_timeframe"]) == (
        "Half done", "conversion_rate", "today")
    assert "missing required parameter 'to_event'" in row["rejection_reason"]
    assert pd.isna(row["triggers_json"]) and json.loads(row["definition_json"])["kind"]
