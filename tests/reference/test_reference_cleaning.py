"""Bad-input rules of the reference (raw_contract.md "Bad input", metrics.md 5 "Quarantine"),
app metric definitions, and landing-zone reading."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from crm_warehouse.reference import compute_reference
from crm_warehouse.reference.landing import LandingError

AS_OF = datetime(2026, 3, 31, 19, tzinfo=UTC)

BASE = {
    "accounts": [
        "account_id,name,timezone,week_start,currency",
        "1,Good,America/New_York,sunday,USD",
        "2,Bad zone,Mars/Olympus_Mons,sunday,USD",
        ",No id,UTC,sunday,USD",
        "3,Bad week,UTC,someday,USD",
    ],
    "contacts": [
        "account_id,contact_id,email,first_name,last_name,created_at,deleted_at",
        "1,1,a@x,Ann,,2026-03-01T10:00:00Z,",
        "1,1,a2@x,Ann again,,2026-03-01T10:00:00Z,",  # duplicate: the first stays
        "1,2,b@x,Bo,,2024-02-30T10:00:00Z,",  # not a valid instant
        "1,3,c@x,Cy,,2026-03-02T10:00:00,",  # no offset = UTC
        "2,1,z@x,Zed,,2026-03-01T10:00:00Z,",  # account with an invalid timezone
        "9,1,n@x,Nobody,,2026-03-01T10:00:00Z,",  # no such account
        "1,,m@x,Missing,,2026-03-01T10:00:00Z,",
    ],
    "objects": [
        "account_id,object_id,object_type,name,url,price",
        "1,1,tag,VIP,,",
        "1,2,gadget,Odd,,",
        "1,3,product,Kit,,-5.00",
    ],
    "events": [
        "account_id,event_id,contact_id,visitor_id,event_type,object_id,page_id,detail,occurred_at",
        "1,E1,1,,tag_added,1,,,2026-03-10T10:00:00Z",
        "1,E2,1,,tag_exploded,1,,,2026-03-10T10:00:00Z",  # unknown type, then two good copies
        "1,E2,1,,tag_added,1,,,2026-03-11T10:00:00Z",
        "1,E2,1,,tag_added,1,,,2026-03-12T10:00:00Z",
        "1,E3,99,,page_visited,,,,2026-03-10T10:00:00Z",  # contact missing: staged
        "1,E4,1,,page_visited,,,,not a time",
    ],
    "transactions": [
        "account_id,transaction_id,contact_id,product_id,type,status,amount,affiliate_id,"
        "affiliate_commission,page_id,occurred_at",
        "1,1,1,,sale,paid,10.00,,,,2026-03-10T10:00:00Z",
        "1,2,1,,sale,paid,-10.00,,,,2026-03-10T10:00:00Z",
        "1,3,1,,gift,paid,10.00,,,,2026-03-10T10:00:00Z",
        "1,4,1,,sale,lost,10.00,,,,2026-03-10T10:00:00Z",
        "1,5,99,,sale,paid,7.50,,,,2026-03-30T10:00:00Z",  # contact missing: staged
        "2,1,1,,sale,paid,10.00,,,,2026-03-10T10:00:00Z",
    ],
}


def write_zone(folder: Path, tables: dict[str, list[str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for table, lines in tables.items():
        (folder / f"{table}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def reasons(results: dict[str, pd.DataFrame], table: str) -> list[tuple]:
    q = results["quarantine"]
    q = q[q["table_name"] == table]
    return sorted(zip(q["account_id"], q["row_key"], q["reason"], strict=True),
                  key=lambda r: (str(r[0]), r[1], r[2]))


@pytest.fixture
def dirty(tmp_path: Path) -> dict[str, pd.DataFrame]:
    return compute_reference(write_zone(tmp_path / "zone", BASE), [], AS_OF)


def test_every_raw_row_is_staged_or_quarantined(dirty: dict[str, pd.DataFrame]) -> None:
    staged = dict(zip(dirty["staged_counts"]["table_name"],
                      dirty["staged_counts"]["staged_rows"], strict=True))
    quarantined = dirty["quarantine"]["table_name"].value_counts().to_dict()
    for table, lines in BASE.items():
        assert staged[table] + quarantined.get(table, 0) == len(lines) - 1, table
    assert staged["orders"] == 0  # absent optional tables are empty


def test_account_reasons(dirty: dict[str, pd.DataFrame]) -> None:
    assert reasons(dirty, "accounts") == [
        (2, "2", "invalid timezone"), (3, "3", "invalid value"), (None, "", "missing key"),
    ]


def test_contact_reasons(dirty: dict[str, pd.DataFrame]) -> None:
    assert reasons(dirty, "contacts") == [
        (1, "", "missing key"),
        (1, "1", "duplicate"),
        (1, "2", "unparseable timestamp"),
        (2, "1", "unknown account"),  # every other row of an invalid-timezone account
        (9, "1", "unknown account"),
    ]


def test_duplicates_are_judged_among_otherwise_good_rows(dirty: dict[str, pd.DataFrame]) -> None:
    assert reasons(dirty, "events") == [
        (1, "E2", "duplicate"), (1, "E2", "unknown event_type"), (1, "E4", "unparseable timestamp"),
    ]
    members = dirty["metric_members"]
    assert members.empty  # no metrics were given


def test_value_and_amount_reasons(dirty: dict[str, pd.DataFrame]) -> None:
    assert reasons(dirty, "objects") == [(1, "2", "invalid value"), (1, "3", "negative amount")]
    assert reasons(dirty, "transactions") == [
        (1, "2", "negative amount"), (1, "3", "invalid value"), (1, "4", "invalid value"),
        (2, "1", "unknown account"),
    ]


def test_missing_contacts_count_in_panels_not_in_metrics(tmp_path: Path) -> None:
    metrics = [{"id": "revenue", "name": "Revenue", "kind": "total_value",
                "value": {"sales_of": "any"}, "timeframe": "this_month"}]
    results = compute_reference(write_zone(tmp_path / "zone", BASE), metrics, AS_OF)
    values = results["metric_values"].set_index(["account_id", "metric_id", "timeframe"])
    assert str(values.loc[(1, "revenue", "this_month"), "value"]) == "10.00"
    week = results["panel_sales"]
    total = week[(week["account_id"] == 1) & (week["section"] == "week_total")].iloc[0]
    assert str(total["revenue"]) == "7.50"  # contact 99's sale on Mar 30


def test_app_definitions(tmp_path: Path) -> None:
    good = {"name": "App visits", "kind": "times_happened", "event": {"type": "tag_added"},
            "timeframe": "this_month"}
    rows = [
        ("app_tags", good, "2026-03-01T00:00:00Z", ""),
        ("gone", good, "2026-03-01T00:00:00Z", "2026-03-20T00:00:00Z"),
        ("future", good, "2026-04-01T00:00:00Z", ""),
        ("broken_json", "{not json", "2026-03-01T00:00:00Z", ""),
        ("bad_kind", {**good, "kind": "wishful"}, "2026-03-01T00:00:00Z", ""),
        ("revenue", good, "2026-03-01T00:00:00Z", ""),  # collides with a YAML id
    ]
    lines = ["account_id,metric_id,definition,created_at,deleted_at"]
    for metric_id, definition, created, deleted in rows:
        text = definition if isinstance(definition, str) else json.dumps(definition)
        quoted = '"' + text.replace('"', '""') + '"'
        lines.append(f"1,{metric_id},{quoted},{created},{deleted}")
    zone = write_zone(tmp_path / "zone", {**BASE, "metric_definitions": lines})
    yaml_metrics = [{"id": "revenue", "name": "Revenue", "kind": "total_value",
                     "value": {"sales_of": "any"}, "timeframe": "this_month"}]
    results = compute_reference(zone, yaml_metrics, AS_OF)
    assert reasons(results, "metric_definitions") == [
        (1, "bad_kind", "invalid definition"), (1, "broken_json", "invalid definition"),
        (1, "revenue", "invalid definition"),
    ]
    values = results["metric_values"]
    one = values[values["account_id"] == 1]
    assert sorted(set(one["metric_id"])) == ["app_tags", "revenue"]
    app = one[(one["metric_id"] == "app_tags") & (one["timeframe"] == "this_month")].iloc[0]
    assert app["source"] == "app" and app["value"] == 2 and app["is_default"]


def test_missing_required_table_or_column_is_named(tmp_path: Path) -> None:
    without_events = {t: v for t, v in BASE.items() if t != "events"}
    with pytest.raises(LandingError, match="events"):
        compute_reference(write_zone(tmp_path / "a", without_events), [], AS_OF)
    no_column = {**BASE, "objects": ["account_id,object_id,object_type,name,url", "1,1,tag,VIP,"]}
    with pytest.raises(LandingError, match="price"):
        compute_reference(write_zone(tmp_path / "b", no_column), [], AS_OF)


def test_parquet_and_partitioned_folders(tmp_path: Path) -> None:
    """The same zone as Parquet files (typed values) and a partitioned folder gives the same
    staging as CSV text."""
    csv_zone = write_zone(tmp_path / "csv", BASE)
    parquet_zone = tmp_path / "parquet"
    parquet_zone.mkdir()
    for table in BASE:
        frame = pd.read_csv(csv_zone / f"{table}.csv", dtype=str, keep_default_na=False)
        frame = frame.replace("", None)
        if table == "events":
            (parquet_zone / "events").mkdir()
            frame.iloc[:3].to_parquet(parquet_zone / "events" / "part-0.parquet")
            frame.iloc[3:].to_parquet(parquet_zone / "events" / "part-1.parquet")
        else:
            frame.to_parquet(parquet_zone / f"{table}.parquet")
    from_csv = compute_reference(csv_zone, [], AS_OF)
    from_parquet = compute_reference(parquet_zone, [], AS_OF)
    pd.testing.assert_frame_equal(from_csv["quarantine"], from_parquet["quarantine"])
    pd.testing.assert_frame_equal(from_csv["staged_counts"], from_parquet["staged_counts"])
