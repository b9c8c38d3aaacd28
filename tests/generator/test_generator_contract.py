"""Generated good data conforms to raw_contract.md: tables, columns, types, vocabularies, keys."""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crm_warehouse.generator import generate
from crm_warehouse.generator.constants import (
    EVENT_TYPES,
    OBJECT_TYPES,
    TIMEZONES,
    TRANSACTION_STATUSES,
    TRANSACTION_TYPES,
)
from crm_warehouse.generator.entities import zipf_weights
from crm_warehouse.generator.schema import CONTRACT, KEYS

ARROW = {"id": pa.int64(), "int": pa.int32(), "text": pa.string(),
         "ts": pa.timestamp("us"), "money": pa.decimal128(18, 2)}
REQUIRED_ZONES = {"America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Berlin",
                  "Asia/Kolkata", "Asia/Kathmandu", "Australia/Sydney", "Pacific/Auckland",
                  "America/Sao_Paulo", "Africa/Johannesburg", "Asia/Tokyo", "America/Chicago",
                  "Asia/Dubai", "America/St_Johns", "UTC"}


@pytest.fixture(scope="module")
def zone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lz")
    generate(out, scale=0.003, seed=11, accounts=15)
    return out


@pytest.fixture(scope="module")
def tables(zone: Path) -> dict[str, pd.DataFrame]:
    return {name: pq.read_table(zone / f"{name}.parquet").to_pandas() for name in CONTRACT}


def test_every_table_and_column_with_contract_types(zone: Path) -> None:
    for name, columns in CONTRACT.items():
        schema = pq.read_schema(zone / f"{name}.parquet")
        assert schema.names == [c for c, _ in columns], name
        for column, kind in columns:
            assert schema.field(column).type == ARROW[kind], (name, column)
        assert pq.ParquetFile(zone / f"{name}.parquet").metadata.row_group(0) \
            .column(0).compression == "ZSTD"


def test_tables_are_not_empty(tables: dict[str, pd.DataFrame]) -> None:
    assert {name for name, frame in tables.items() if frame.empty} == set()


def test_vocabularies_are_complete(tables: dict[str, pd.DataFrame]) -> None:
    assert set(tables["events"].event_type) == set(EVENT_TYPES)
    assert set(tables["objects"].object_type) == set(OBJECT_TYPES)
    assert set(tables["transactions"].type) == set(TRANSACTION_TYPES)
    assert set(tables["transactions"].status) == set(TRANSACTION_STATUSES)
    assert set(tables["orders"].status) == {"open", "cancelled", "completed"}
    assert set(tables["broadcasts"].channel) == {"email", "sms"}
    assert set(tables["tickets"].channel) == {"ticket", "chat"}
    # every event type in every account
    per_account = tables["events"].groupby("account_id").event_type.nunique()
    assert (per_account == len(EVENT_TYPES)).all()


def test_accounts_time_zones_and_week_starts(tables: dict[str, pd.DataFrame]) -> None:
    accounts = tables["accounts"]
    assert list(accounts.account_id) == list(range(1, 16))
    assert set(accounts.timezone) == set(TIMEZONES) == REQUIRED_ZONES
    assert set(accounts.timezone) <= available_timezones()
    offsets = {tz: ZoneInfo(tz).utcoffset(datetime(2026, 1, 15)).total_seconds() / 60
               for tz in accounts.timezone}
    assert offsets["Asia/Kolkata"] == 330 and offsets["Asia/Kathmandu"] == 345
    assert offsets["America/St_Johns"] == -210
    starts = set(accounts.week_start.dropna())
    assert starts <= {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
                      "saturday"}
    assert len(starts) >= 3 and accounts.week_start.isna().any()


def test_zipf_account_sizes() -> None:
    w = zipf_weights(100, np.random.default_rng(0))
    assert 0.18 < w.max() < 0.2 and abs(w.sum() - 1) < 1e-9


def test_keys_are_unique_within_accounts(tables: dict[str, pd.DataFrame]) -> None:
    for name, key in KEYS.items():
        frame = tables[name]
        assert not frame[list(key)].isna().any().any(), name
        assert not frame.duplicated(list(key)).any(), name
    objects = tables["objects"]
    # names repeat across accounts under (generally) different ids
    shared = objects.groupby("name").account_id.nunique()
    assert shared["Lead Magnet"] == 15 and shared["Membership Product"] == 15


def test_time_order_and_range(tables: dict[str, pd.DataFrame]) -> None:
    for name, column in (("events", "occurred_at"), ("transactions", "occurred_at")):
        t = tables[name][column]
        assert t.is_monotonic_increasing, name
        assert t.min() >= pd.Timestamp("2024-07-01") and t.max() < pd.Timestamp("2026-07-01")


def test_money_is_non_negative_decimal(tables: dict[str, pd.DataFrame]) -> None:
    tx = tables["transactions"]
    assert (tx.amount >= 0).all() and tx.amount.notna().all()
    commission = tx.affiliate_commission.dropna()
    assert (commission >= 0).all() and len(commission) > 0
    assert tx.loc[tx.affiliate_commission.notna(), "affiliate_id"].notna().all()
    products = tables["objects"].query("object_type == 'product'")
    assert products.price.notna().all()
    assert tables["objects"].query("object_type != 'product'").price.isna().all()


def test_activity_shape(tables: dict[str, pd.DataFrame]) -> None:
    events, contacts = tables["events"], tables["contacts"]
    anonymous = events[events.contact_id.isna()]
    assert len(anonymous) > 0 and anonymous.visitor_id.notna().all()
    assert events[events.contact_id.notna()].visitor_id.notna().any()
    known = events.dropna(subset=["contact_id"]).merge(
        contacts[["account_id", "contact_id"]], how="left", indicator=True)
    assert (known["_merge"] == "left_only").any()  # events of contacts missing from contacts
    assert contacts.deleted_at.notna().any()
    # power law: the most active 10% of contacts do far more than 10% of the events
    per_contact = events.groupby(["account_id", "contact_id"]).size().sort_values()[::-1]
    assert per_contact.iloc[: len(per_contact) // 10].sum() > 0.3 * per_contact.sum()
    # local daytime: most events between 08:00 and 21:00 in the account's time zone
    tz = events.account_id.map(tables["accounts"].set_index("account_id").timezone)
    hours = pd.concat([
        events.occurred_at[tz == z].dt.tz_localize("UTC").dt.tz_convert(z).dt.hour
        for z in tz.unique()
    ])
    assert ((hours >= 8) & (hours < 21)).mean() > 0.65


def test_related_tables_are_consistent(tables: dict[str, pd.DataFrame]) -> None:
    objects = tables["objects"].set_index(["account_id", "object_id"]).object_type
    bc = tables["broadcasts"]
    assert (objects.loc[list(zip(bc.account_id, bc.message_id, strict=True))] == "message").all()
    sent = tables["events"].query("event_type == 'message_sent'")
    delivered = set(zip(sent.account_id, sent.object_id, strict=True))
    assert set(zip(bc.account_id, bc.message_id, strict=True)) <= delivered
    bookings, cal = tables["bookings"], tables["calendar_events"]
    assert bookings.merge(cal, on=["account_id", "calendar_event_id"]).shape[0] == len(bookings)
    assert (cal.capacity == 1).any() and bookings.cancelled_at.notna().any()
    tickets = tables["tickets"]
    assert tickets.first_opened_at.isna().any() and tickets.satisfaction.between(1, 5).any()
    orders = tables["orders"]
    assert orders.query("status == 'open'").ended_at.isna().all()


def test_field_values_and_app_metrics(tables: dict[str, pd.DataFrame]) -> None:
    values = tables["contact_field_values"]
    assert {"Lead Score", "State"} <= set(values.field)
    score = values.query("field == 'Lead Score'").value
    numeric = score.str.strip().str.fullmatch(r"-?[0-9]+(\.[0-9]+)?")
    assert numeric.mean() > 0.8 and (~numeric).any() and (score.str.strip() == "").any()
    definitions = tables["metric_definitions"]
    for text in definitions.definition:
        assert json.loads(text)["kind"]
    assert definitions.metric_id.str.fullmatch(r"[a-z0-9_]+").all()


def test_csv_conventions(tmp_path: Path) -> None:
    generate(tmp_path, scale=0.002, seed=5, fmt="csv")
    ts = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
    for name, columns in CONTRACT.items():
        with open(tmp_path / f"{name}.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        assert rows[0] == [c for c, _ in columns], name
        assert len(rows) > 1
        for i, (column, kind) in enumerate(columns):
            cells = [r[i] for r in rows[1:] if r[i] != ""]
            if kind == "ts":
                assert all(ts.fullmatch(c) for c in cells), (name, column)
            elif kind == "money":
                assert all(re.fullmatch(r"\d+\.\d\d", c) for c in cells), (name, column)
            elif kind in ("id", "int"):
                assert all(re.fullmatch(r"\d+", c) for c in cells), (name, column)
