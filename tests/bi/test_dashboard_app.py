"""The dashboard page logic, run headless with Streamlit's AppTest on the golden build's serving
file: tiles formatted per kind, timeframe arrows that wrap, drill-downs whose members reproduce
the number, panels, and empty states."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal

import duckdb
import pytest

from crm_warehouse.dashboard.formatting import (
    Presentation,
    format_value,
    reproduce,
    reproduce_text,
)
from crm_warehouse.dashboard.tiles import md_escape, state_key
from crm_warehouse.publish import connect_serving

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("bi")]


def run(at):
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def select_account(at, account_id: int):
    at.selectbox(key="account").set_value(account_id)
    return run(at)


def shown_timeframe(at, metric_id: str) -> str:
    for markdown in at.markdown:
        found = re.search(rf"data-metric='{metric_id}' data-timeframe='([a-z0-9_]+)'",
                          markdown.value)
        if found:
            return found.group(1)
    raise AssertionError(f"no tile for {metric_id}")


def value_label(at, metric_id: str) -> str:
    return at.button(key=f"value-{metric_id}").label


def members_table(at):
    tables = [d.value for d in at.dataframe if "Email" in d.value.columns]
    assert len(tables) == 1, "expected one drill-down table"
    return tables[0]


def read(serving, sql: str, parameters: list) -> list[tuple]:
    with connect_serving(path=serving) as con:
        return con.execute(sql, parameters).fetchall()


def tile_rows(serving, account_id: int, timeframe_sql: str = "v.is_default") -> list[tuple]:
    return read(serving, f"""
        select v.metric_id, d.unit, d.value_rule, d.contribution, v.value, a.currency,
            v.timeframe
        from marts.metric_values as v
        join marts.dim_accounts as a using (account_id)
        left join marts.dim_metrics as d using (account_id, metric_id)
        where v.account_id = ? and {timeframe_sql}
        order by v.metric_id""", [account_id])


def test_one_tile_per_metric_formatted_by_kind(golden_serving, dashboard):
    at = run(dashboard(golden_serving))
    assert at.title[0].value == "Hudson Candle Co."
    for account_id in (1, 2):
        if account_id == 2:
            select_account(at, 2)
            assert at.title[0].value == "Pune Yoga Studio"
        rows = tile_rows(golden_serving, account_id)
        value_buttons = [b.key for b in at.button if str(b.key).startswith("value-")]
        assert sorted(value_buttons) == sorted(f"value-{r[0]}" for r in rows)
        for metric_id, unit, rule, contribution, value, currency, timeframe in rows:
            assert shown_timeframe(at, metric_id) == timeframe
            assert value_label(at, metric_id) == md_escape(
                format_value(Presentation(unit, rule, contribution), value, currency)), metric_id
        captions = [c.value for c in at.caption]
        updated = [c for c in captions if c.startswith("Last updated ")]
        assert len(updated) == len(rows)
        assert all(c.endswith((" ago", "just now")) for c in updated)
    # the kinds, pinned (account 2 is in INR, account 1 in USD)
    assert value_label(at, "revenue") == "₹1,200.00"
    assert value_label(at, "revenue_per_contact") == "₹171.43"
    assert value_label(at, "promo_clicks_each_48h") == "150.0%"
    assert value_label(at, "guide_to_purchase_7d") == "—"
    select_account(at, 1)
    assert value_label(at, "revenue") == "\\$200.00"
    assert value_label(at, "declined_amount") == "\\$40.00"
    assert value_label(at, "guide_to_purchase_7d") == "66.7%"
    assert value_label(at, "time_to_first_purchase") == "10d 2h"
    assert value_label(at, "pricing_visits_per_visitor") == "1.33"
    assert value_label(at, "vip_lead_score") == "40.00"
    assert value_label(at, "new_contacts") == "2"
    changes = " ".join(m.value for m in at.markdown if "crm-change" in m.value)
    assert "▲ 1,233%</span> <span class='crm-muted'>vs &#36;15.00 previous period" in changes


def test_timeframe_arrows_step_through_all_timeframes_and_wrap(golden_serving, dashboard):
    at = run(dashboard(golden_serving))
    builtin = [t for (t,) in read(golden_serving, """
        select timeframe from marts.metric_values
        where account_id = ? and metric_id = ? order by timeframe_sort_order""", [1, "revenue"])]
    assert len(builtin) == 13
    assert shown_timeframe(at, "revenue") == "this_month"
    seen = []
    for _ in range(13):
        at.button(key="next-revenue").click()
        run(at)
        seen.append(shown_timeframe(at, "revenue"))
    start = builtin.index("this_month")
    assert seen == builtin[start + 1:] + builtin[:start + 1]  # all 13, back to the default
    for _ in range(builtin.index("this_month")):
        at.button(key="prev-revenue").click()
        run(at)
    assert shown_timeframe(at, "revenue") == "today"
    at.button(key="prev-revenue").click()
    run(at)
    assert shown_timeframe(at, "revenue") == "year_to_date"  # wrapped backwards
    assert at.session_state[state_key(1, "revenue")] == "year_to_date"
    ((value, label),) = read(golden_serving, """
        select value, timeframe_label from marts.metric_values
        where account_id = ? and metric_id = ? and timeframe = ?""",
                             [1, "revenue", "year_to_date"])
    assert value_label(at, "revenue") == md_escape(format_value(Presentation("money"), value,
                                                                "USD"))
    assert any(f"<b>{label}</b>" in m.value for m in at.markdown)
    # other tiles did not move
    assert shown_timeframe(at, "new_contacts") == "this_week"

    # a metric with a custom range steps through 14: custom, then wraps to today
    assert shown_timeframe(at, "q1_buyers") == "custom"
    at.button(key="next-q1_buyers").click()
    run(at)
    assert shown_timeframe(at, "q1_buyers") == "today"
    at.button(key="prev-q1_buyers").click()
    run(at)
    at.button(key="prev-q1_buyers").click()
    run(at)
    assert shown_timeframe(at, "q1_buyers") == "year_to_date"

    # changing the account resets every tile to its default timeframe
    select_account(at, 2)
    select_account(at, 1)
    assert shown_timeframe(at, "revenue") == "this_month"


@pytest.mark.parametrize("account_id", [1, 2])
def test_drilldown_members_reproduce_every_value(golden_serving, dashboard, account_id):
    at = run(dashboard(golden_serving))
    if account_id != 1:
        select_account(at, account_id)
    for metric_id, unit, rule, contribution, value, currency, timeframe in tile_rows(
            golden_serving, account_id):
        shown = Presentation(unit, rule, contribution)
        at.button(key=f"value-{metric_id}").click()
        run(at)
        members = read(golden_serving, """
            select contribution, in_numerator from marts.metric_members
            where account_id = ? and metric_id = ? and timeframe = ?""",
                       [account_id, metric_id, timeframe])
        if not members:
            assert any(i.value == "No contacts behind this number." for i in at.info), metric_id
            assert not [d for d in at.dataframe if "Email" in d.value.columns]
            continue
        table = members_table(at)
        assert len(table) == len(members), metric_id
        assert list(table.columns[:4]) == ["Contact id", "Name", "Email", "Created"]
        contributions = table.iloc[:, 4].tolist()
        recomputed = reproduce(rule, contributions)
        assert recomputed is not None and value is not None
        assert abs(recomputed - value) <= Decimal("1e-6") * max(1, abs(value)), metric_id
        exact = reproduce(rule, [c for c, _ in members])
        assert abs(exact - value) <= Decimal("1e-12") * max(1, abs(value)), metric_id
        converted = sum(i for _, i in members) if contribution == "conversions" else None
        assert at.success[0].value == md_escape(
            reproduce_text(shown, [c for c, _ in members], converted, currency))
        assert [b.label for b in at.get("download_button")] == ["Download CSV"]
        # the dialog is not reopened by the next interaction
        at.button(key=f"next-{metric_id}").click()
        run(at)
        assert not [d for d in at.dataframe if "Email" in d.value.columns]
        at.button(key=f"prev-{metric_id}").click()
        run(at)


def test_drilldown_follows_the_timeframe_shown(golden_serving, dashboard):
    at = run(dashboard(golden_serving))
    at.button(key="next-revenue").click()  # this_month -> last_month
    run(at)
    at.button(key="value-revenue").click()
    run(at)
    (count,) = read(golden_serving, """
        select count(*) from marts.metric_members
        where account_id = ? and metric_id = ? and timeframe = ?""", [1, "revenue", "last_month"])
    tables = [d.value for d in at.dataframe if "Email" in d.value.columns]
    assert len(tables) == (1 if count[0] else 0)
    if count[0]:
        assert len(tables[0]) == count[0]


def test_panels_and_broadcast_switch(golden_serving, dashboard):
    at = run(dashboard(golden_serving))
    subheaders = [s.value for s in at.subheader]
    for title in ("Sales", "Subscriptions", "Recent broadcasts", "Traffic & conversions",
                  "Helpdesk", "Upcoming events"):
        assert title in subheaders
    metrics = {m.label: m.value for m in at.metric}
    ((revenue, new_tickets),) = read(golden_serving, """
        select s.revenue, h.new_tickets from marts.panel_sales as s, marts.panel_helpdesk as h
        where s.account_id = ? and h.account_id = s.account_id and s.section = 'week_total'
          and s.timeframe = 'week' and h.timeframe = 'week'""", [1])
    assert metrics["Revenue"] == md_escape(format_value(Presentation("money"), revenue, "USD"))
    assert metrics["New tickets"] == str(new_tickets)
    broadcasts = next(d.value for d in at.dataframe if "Broadcast" in d.value.columns)
    ((name, delivered, delivered_pct),) = read(golden_serving, """
        select name, delivered, delivered_pct from marts.panel_broadcasts
        where account_id = ? and rank = 1""", [1])
    assert broadcasts.iloc[0]["Broadcast"] == name
    assert broadcasts.iloc[0]["Delivered"] == delivered
    at.get("segmented_control")[0].set_value("Percentages")
    run(at)
    broadcasts = next(d.value for d in at.dataframe if "Broadcast" in d.value.columns)
    assert broadcasts.iloc[0]["Delivered"] == f"{float(delivered_pct):.1f}%"
    assert any("% of recipients" in c.value for c in at.caption)
    calendar = " ".join(m.value for m in at.markdown if "crm-event" in m.value)
    ((title,),) = [r for r in read(golden_serving, """
        select title from marts.panel_calendar where account_id = ? and rank = 1""", [1])]
    assert title in calendar


@pytest.fixture
def sparse_serving(golden_serving, tmp_path):
    """A copy of the golden serving file with an account that has no data at all, and without
    the helpdesk and calendar panels."""
    path = tmp_path / "serving.duckdb"
    shutil.copy(golden_serving, path)
    with duckdb.connect(str(path)) as con:
        con.execute("""
            insert into marts.dim_accounts (account_id, account_name, timezone, week_start,
                                            currency)
            values (?, ?, ?, ?, ?)""", [99, "Aardvark Empty Ltd", "UTC", "sunday", "EUR"])
        con.execute("drop table marts.panel_helpdesk")
        con.execute("drop table marts.panel_calendar")
    return path


def test_empty_states(sparse_serving, dashboard):
    at = run(dashboard(sparse_serving))
    assert at.title[0].value == "Aardvark Empty Ltd"  # first by name
    infos = [i.value for i in at.info]
    assert any(i.startswith("No metrics for this account yet") for i in infos)
    assert any(i.startswith("Helpdesk: this panel is not in the serving file") for i in infos)
    assert any(i.startswith("Calendar: this panel is not in the serving file") for i in infos)
    captions = [c.value for c in at.caption]
    for text in ("No sales data for this account.", "No subscription data for this account.",
                 "No broadcast sent yet.", "No traffic data for this account."):
        assert text in captions
    assert not [b for b in at.button if str(b.key).startswith("value-")]
    # an account with metrics in the same file: tiles, and the absent panels still explained
    select_account(at, 1)
    assert [b for b in at.button if str(b.key).startswith("value-")]
    assert any(i.value.startswith("Calendar: this panel") for i in at.info)
