"""The checked-in demo landing zone (seeds/demo) follows the contract, is what the generator
writes, and has content for every dashboard panel of every account in the week before as-of."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
import yaml

from crm_warehouse.generator import DEMO_AS_OF, generate_demo
from crm_warehouse.generator.constants import EVENT_TYPES
from crm_warehouse.generator.schema import CONTRACT, KEYS

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "seeds" / "demo"
AS_OF = pd.Timestamp(DEMO_AS_OF.rstrip("Z"))
TS = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"


@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    tables = {}
    for name, columns in CONTRACT.items():
        frame = pd.read_csv(DEMO / f"{name}.csv", dtype=str, keep_default_na=False)
        assert list(frame.columns) == [c for c, _ in columns], name
        for column, kind in columns:
            cells = frame[column][frame[column] != ""]
            if kind == "ts":
                assert cells.str.fullmatch(TS).all(), (name, column)
                frame[column] = pd.to_datetime(frame[column].replace("", None),
                                               format="%Y-%m-%dT%H:%M:%SZ")
            elif kind in ("id", "int"):
                assert cells.str.fullmatch(r"\d+").all(), (name, column)
                frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("Int64")
            elif kind == "money":
                assert cells.str.fullmatch(r"\d+\.\d\d").all(), (name, column)
        tables[name] = frame
    return tables


def week(demo: dict[str, pd.DataFrame], account: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """UTC bounds of the 7 local days ending today (today at as-of) of an account."""
    tz = ZoneInfo(demo["accounts"].set_index("account_id").timezone[account])
    local = AS_OF.tz_localize("UTC").tz_convert(tz)
    first = datetime(local.year, local.month, local.day, tzinfo=tz) - timedelta(days=6)
    return pd.Timestamp(first).tz_convert("UTC").tz_localize(None), AS_OF


def in_week(frame: pd.DataFrame, column: str, demo: dict[str, pd.DataFrame], account: int
            ) -> pd.DataFrame:
    lo, hi = week(demo, account)
    rows = frame[frame.account_id == account]
    return rows[(rows[column] >= lo) & (rows[column] <= hi)]


def test_three_accounts_in_the_required_time_zones(demo: dict[str, pd.DataFrame]) -> None:
    accounts = demo["accounts"].set_index("account_id")
    assert list(accounts.index) == [1, 2, 3]
    zones = list(accounts.timezone)
    assert zones == ["America/Los_Angeles", "Asia/Kolkata", "Australia/Sydney"]
    july = datetime(2026, 7, 1)
    assert ZoneInfo("Asia/Kolkata").utcoffset(july) == timedelta(hours=5, minutes=30)
    # southern hemisphere: standard time in July, summer time in January
    assert ZoneInfo("Australia/Sydney").dst(july) == timedelta(0)
    assert ZoneInfo("Australia/Sydney").dst(datetime(2026, 1, 15)) == timedelta(hours=1)
    assert len(set(accounts.week_start)) == 3


def test_keys_unique_and_small(demo: dict[str, pd.DataFrame]) -> None:
    for name, key in KEYS.items():
        assert not demo[name].duplicated(list(key)).any(), name
    size = sum(p.stat().st_size for p in DEMO.glob("*.csv"))
    assert size < 4_000_000
    assert "2026-06-30T18:00:00Z" in (DEMO / "README.md").read_text()


def test_contacts(demo: dict[str, pd.DataFrame]) -> None:
    contacts = demo["contacts"]
    sizes = contacts.groupby("account_id").size()
    assert sizes.between(200, 500).all()
    names = contacts.first_name + " " + contacts.last_name
    for account in (1, 2, 3):
        mine = names[contacts.account_id == account]
        assert mine.str.contains("'").any()
        assert mine.map(lambda s: not s.isascii()).any()
    assert contacts.email.str.fullmatch(r"[a-z0-9.]+@[a-z.]+").all()
    assert (contacts.created_at <= AS_OF).all() and contacts.deleted_at.notna().any()


def test_activity_ends_at_as_of_and_covers_every_event_type(demo: dict[str, pd.DataFrame]
                                                            ) -> None:
    events = demo["events"]
    assert events.occurred_at.max() <= AS_OF
    assert events.occurred_at.max() > AS_OF - pd.Timedelta(hours=2)
    assert events.occurred_at.min() < AS_OF - pd.Timedelta(days=120)  # several months
    assert (demo["transactions"].occurred_at <= AS_OF).all()
    for account in (1, 2, 3):
        recent = in_week(events, "occurred_at", demo, account)
        assert set(recent.event_type) == set(EVENT_TYPES), account


def test_every_panel_has_content_in_the_week(demo: dict[str, pd.DataFrame]) -> None:
    events, tx, tickets = demo["events"], demo["transactions"], demo["tickets"]
    for a in (1, 2, 3):
        # sales: sales, rebills, refunds, affiliates
        t = in_week(tx, "occurred_at", demo, a)
        purchases = t[t.type.isin(["sale", "rebill"]) & t.status.isin(["paid", "refunded"])]
        assert set(purchases.type) == {"sale", "rebill"}
        assert {"refund", "chargeback"} <= set(t.type)
        assert purchases.affiliate_id.nunique() >= 3
        # subscriptions
        assert len(in_week(demo["contacts"], "created_at", demo, a)) > 0
        # broadcasts: 3 sent at or before as-of, the latest within the week
        bc = demo["broadcasts"][(demo["broadcasts"].account_id == a)
                                & (demo["broadcasts"].sent_at <= AS_OF)]
        assert len(bc) >= 3 and bc.sent_at.max() >= week(demo, a)[0]
        latest = bc.sort_values("sent_at").message_id.iloc[-1]
        sent = events[(events.account_id == a) & (events.object_id == latest)]
        assert {"message_sent", "email_delivered", "email_opened"} <= set(sent.event_type)
        # traffic: pages, videos, forms viewed, anonymous visitors
        e = in_week(events, "occurred_at", demo, a)
        assert e.contact_id.isna().any()
        # helpdesk
        k = in_week(tickets, "created_at", demo, a)
        assert set(k.channel) == {"ticket", "chat"}
        mine = tickets[tickets.account_id == a]
        assert (mine.first_opened_at.isna() & mine.closed_at.isna()
                & (mine.channel == "ticket")).sum() >= 2
        assert in_week(mine, "closed_at", demo, a).satisfaction.notna().any()


def test_calendar_has_upcoming_events(demo: dict[str, pd.DataFrame]) -> None:
    cal, bookings = demo["calendar_events"], demo["bookings"]
    assert (bookings.booked_at <= AS_OF).all()
    active = bookings[bookings.cancelled_at.isna()]
    for a in (1, 2, 3):
        upcoming = cal[(cal.account_id == a) & (cal.starts_at > AS_OF)].sort_values("starts_at")
        assert len(upcoming) >= 3
        single = upcoming[upcoming.capacity == 1]
        assert len(single) >= 1
        registrants = active.merge(single, on=["account_id", "calendar_event_id"])
        assert len(registrants) == 1


def test_dashboard_visits(demo: dict[str, pd.DataFrame]) -> None:
    last = demo["dashboard_visits"].groupby("account_id").visited_at.max()
    assert (last <= AS_OF).all()
    assert (last >= AS_OF - pd.Timedelta(hours=72)).sum() >= 1
    assert (last < AS_OF - pd.Timedelta(days=21)).sum() >= 1


def test_app_metric_definitions(demo: dict[str, pd.DataFrame]) -> None:
    parser = pytest.importorskip("crm_warehouse.metrics.definitions")
    defs = demo["metric_definitions"]
    invalid = []
    for row in defs.itertuples():
        try:
            parser.parse_app_definition(int(row.account_id), row.metric_id, row.definition)
        except Exception:  # noqa: BLE001
            invalid.append(row.metric_id)
    assert len(invalid) == 1
    assert ((defs.deleted_at.notna()) & (defs.deleted_at <= AS_OF)).sum() == 1
    assert all(json.loads(d) for d in defs.definition if d)


def _object_refs(node: Any, refs: set[str]) -> None:
    """Object names of a metric definition (triggers, values, condition leaves)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("object", "sales_of", "page") and isinstance(value, str):
                refs.add(value)
            elif key.startswith(("subscribed_to_", "opened_", "clicked_", "ever_", "had_",
                                 "has_")) and isinstance(value, str):
                refs.add(value)
            else:
                _object_refs(value, refs)
    elif isinstance(node, list):
        for item in node:
            _object_refs(item, refs)


def test_demo_metrics_refer_to_existing_objects(demo: dict[str, pd.DataFrame]) -> None:
    metrics = yaml.safe_load((ROOT / "metrics" / "demo.yml").read_text())["metrics"]
    refs: set[str] = set()
    _object_refs(metrics, refs)
    refs.discard("any")
    assert {"Lead Magnet", "Membership Product", "Opt-In Form"} <= refs
    objects = demo["objects"]
    for a in (1, 2, 3):
        names = set(objects[objects.account_id == a].name)
        assert refs <= names, (a, refs - names)
    fields = set(demo["contact_field_values"].field)
    used = {leaf["field"] for m in metrics for leaf in _leaves(m.get("where"))}
    assert used <= fields


def _leaves(node: Any) -> list[dict[str, Any]]:
    if not isinstance(node, dict):
        return []
    if "field" in node:
        return [node]
    out: list[dict[str, Any]] = []
    for value in node.values():
        for child in value if isinstance(value, list) else [value]:
            out += _leaves(child)
    return out


def test_demo_is_what_the_generator_writes(tmp_path: Path) -> None:
    files = generate_demo(tmp_path)
    assert sorted(files) == sorted(f"{name}.csv" for name in CONTRACT)
    for name in files:
        assert (tmp_path / name).read_bytes() == (DEMO / name).read_bytes(), name
