"""Every column that a later test requires is checked at quarantine time (the issue: an `objects`
row with an empty `object_type` passed the quarantine and failed a not-null test, stopping every
account's build). For every table of the landing contract and every column but account_id, a row
of a third account with that one column empty is either staged or quarantined, and the build,
with every dbt test, succeeds; the two golden accounts keep every number."""

from __future__ import annotations

import pytest
import yaml

from crm_warehouse.reference import FRAME_KEYS, read_expected_csv
from crm_warehouse.reference.compare import compare_frames
from tests.landing.conftest import append_rows, golden_warehouse_for, read_table
from tests.warehouse import GOLDEN_DIR, PROJECT_DIR

pytestmark = pytest.mark.slow

HOSTILE_ACCOUNT = "3"
# Tables the golden landing zone does not have: one good row each.
EXTRA_TEMPLATES = {
    "dashboard_visits": {"user_id": "7", "visited_at": "2026-03-30T10:00:00Z"},
    "metric_definitions": {"metric_id": "x", "definition": "{}",
                           "created_at": "2026-03-01T00:00:00Z", "deleted_at": ""},
}


def contract() -> dict[str, dict]:
    sources = yaml.safe_load(
        (PROJECT_DIR / "models" / "staging" / "landing" / "_landing__sources.yml").read_text())
    (landing,) = [source for source in sources["sources"] if source["name"] == "landing"]
    return {table["name"]: table for table in landing["tables"]}


def fresh_key(table: dict, row: dict, number: int) -> dict:
    types = {column["name"]: column["data_type"] for column in table["columns"]}
    for key in table["meta"]["key"][1:]:
        if types[key] == "bigint":
            row[key] = str(9000 + number)
        elif types[key] == "timestamp":
            row[key] = f"2026-03-30T10:{number // 60:02d}:{number % 60:02d}Z"
        else:
            row[key] = f"Z{9000 + number}"
    return row


def test_a_row_with_any_one_column_empty_never_stops_the_build(golden_copy, tmp_path):
    tables = contract()
    append_rows(golden_copy, "accounts", [{"account_id": HOSTILE_ACCOUNT, "name": "Hostile",
                                           "timezone": "UTC", "week_start": "monday",
                                           "currency": "EUR"}])
    number = 0
    blanked = []
    for name, table in sorted(tables.items()):
        columns = [column["name"] for column in table["columns"]]
        path = golden_copy / f"{name}.csv"
        if path.exists():
            template = read_table(golden_copy, name).iloc[0].to_dict()
        else:
            template = {"account_id": HOSTILE_ACCOUNT, **EXTRA_TEMPLATES[name]}
            path.write_text(",".join(columns) + "\n")
        template["account_id"] = HOSTILE_ACCOUNT
        rows = []
        for column in columns:
            if column == "account_id":
                continue
            number += 1
            row = fresh_key(table, dict(template), number)
            row[column] = ""
            rows.append(row)
            blanked.append((name, column))
        append_rows(golden_copy, name, rows)
    assert len(blanked) > 60
    warehouse = golden_warehouse_for(tmp_path, golden_copy)
    warehouse.build()  # every dbt test, incl. not-null and accepted values of staging and marts

    counts = warehouse.query("select * from marts.landing_row_counts").set_index("table_name")
    assert (counts.raw_rows == counts.staged_rows + counts.quarantined_rows).all()
    object_types = warehouse.query(
        "select quarantine_reason from marts.quarantined_rows where table_name = 'objects' "
        "and account_id = 3 and row_key like '%/ 90%'")
    assert "invalid value" in set(object_types.quarantine_reason)
    for mart in ("metric_values", "metric_members"):
        expected = read_expected_csv(GOLDEN_DIR / "expected" / f"{mart}.csv")
        actual = warehouse.query(f"select * from marts.{mart} where account_id in (1, 2)")
        assert compare_frames(actual[list(expected.columns)], expected, FRAME_KEYS[mart],
                              check_column_order=False) == []
