"""The six Kartra-style panels of dashboards.md, each drawn from its panel mart's rows for one
account (None when the serving file has no such panel: an empty state, never an error)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from crm_warehouse.dashboard.formatting import (
    DASH,
    format_count,
    format_decimal,
    format_money,
    html_escape,
    is_missing,
    md_escape,
)

BLUE, GREEN, RED, AMBER, PURPLE = "#2563eb", "#16a34a", "#dc2626", "#d97706", "#7c3aed"


def _absent(title: str) -> None:
    st.info(f"{title}: this panel is not in the serving file yet (it appears after a build that "
            "includes it).", icon=":material/hourglass_empty:")


def _empty(text: str) -> None:
    st.caption(text)


def _section(df: pd.DataFrame, section: str) -> pd.DataFrame:
    if "section" not in df.columns:
        return df.iloc[0:0]
    return df[df["section"] == section]


def _days(df: pd.DataFrame) -> pd.DataFrame:
    """Daily rows in day order, with a short label ("Wed 24") for the x axis."""
    days = df.sort_values("day").copy()
    stamps = pd.to_datetime(days["day"])
    days["label"] = stamps.dt.strftime("%a ") + stamps.dt.day.astype(str)
    days["date"] = stamps.dt.strftime("%a, %b ") + stamps.dt.day.astype(str)
    return days


def _number(row: pd.Series, column: str) -> float:
    value = row.get(column)
    return 0.0 if is_missing(value) else float(value)


def _bar_chart(data: pd.DataFrame, y: str, title: str, tooltip: list, color=None,
               height: int = 190) -> alt.Chart:
    encoding = {
        "x": alt.X("label:N", sort=None, title=None, axis=alt.Axis(labelAngle=0)),
        "y": alt.Y(f"{y}:Q", title=title, axis=alt.Axis(tickMinStep=1)),
        "tooltip": tooltip,
    }
    if color is not None:
        encoding["color"] = color
    mark = alt.Chart(data).mark_bar(cornerRadiusTopLeft=3, cornerRadiusTopRight=3,
                                    color=BLUE if color is None else alt.Undefined)
    return mark.encode(**encoding).properties(height=height)


def sales(df: pd.DataFrame | None, currency: str | None) -> None:
    st.subheader("Sales", anchor=False)
    if df is None:
        return _absent("Sales")
    daily, total = _section(df, "daily"), _section(df, "week_total")
    if daily.empty and total.empty:
        return _empty("No sales data for this account.")
    tab_sales, tab_affiliates = st.tabs(["Last 7 days", "Top affiliates"])
    with tab_sales:
        week = total.iloc[0] if not total.empty else pd.Series(dtype=object)
        columns = st.columns(4)
        cards = (
            ("Sales & rebills", format_count(_number(week, "sales_and_rebills_count")),
             format_money(_number(week, "sales_and_rebills_amount"), currency)),
            ("Refunds", format_count(_number(week, "refunds_count")),
             format_money(_number(week, "refunds_amount"), currency)),
            ("Revenue", format_money(_number(week, "revenue"), currency), "sales + rebills"),
            ("Profit", format_money(_number(week, "profit"), currency),
             f"after {format_money(_number(week, 'affiliate_commissions'), currency)} commissions"),
        )
        for column, (label, value, note) in zip(columns, cards, strict=True):
            column.metric(label, md_escape(value), help=None)  # money shows a currency code
            column.caption(md_escape(note))
        if not daily.empty:
            days = _days(daily)
            money = ("sales_amount", "rebills_amount", "refunds_amount", "affiliate_commissions",
                     "revenue", "profit")
            for column in money:
                days[f"{column}_text"] = [format_money(v, currency) for v in days[column]]
            days["revenue_value"] = days["revenue"].astype(float)
            tooltip = [
                alt.Tooltip("date:N", title="Day"),
                alt.Tooltip("sales_count:Q", title="Sales"),
                alt.Tooltip("sales_amount_text:N", title="Sales amount"),
                alt.Tooltip("rebills_count:Q", title="Rebills"),
                alt.Tooltip("rebills_amount_text:N", title="Rebills amount"),
                alt.Tooltip("refunds_count:Q", title="Refunds"),
                alt.Tooltip("refunds_amount_text:N", title="Refunds amount"),
                alt.Tooltip("affiliate_commissions_text:N", title="Affiliate commissions"),
                alt.Tooltip("revenue_text:N", title="Revenue"),
                alt.Tooltip("profit_text:N", title="Profit"),
            ]
            chart = _bar_chart(days, "revenue_value", f"Revenue ({currency or ''})".strip(),
                               tooltip)
            st.altair_chart(chart, width="stretch", key="chart-sales")
    with tab_affiliates:
        top = _section(df, "top_affiliate")
        if top.empty:
            return _empty("No affiliate sales in the last 7 days.")
        per_day = _section(df, "top_affiliate_daily")
        table = top.sort_values("rank")[["rank", "affiliate_id", "affiliate_name",
                                         "sales_count", "sales_amount"]].copy()
        if not per_day.empty:
            days = _days(per_day)
            pivot = days.pivot_table(index="rank", columns="label", values="sales_count",
                                     aggfunc="sum", sort=False)
            pivot = pivot[list(dict.fromkeys(days["label"]))]
            table = table.merge(pivot, left_on="rank", right_index=True, how="left")
        table["affiliate_name"] = [
            name if not is_missing(name) else f"Affiliate #{affiliate}"
            for name, affiliate in zip(table["affiliate_name"], table["affiliate_id"], strict=True)
        ]
        table["sales_amount"] = [format_money(v, currency) for v in table["sales_amount"]]
        table = table.drop(columns=["affiliate_id"]).rename(columns={
            "rank": "#", "affiliate_name": "Affiliate", "sales_count": "Purchases",
            "sales_amount": "Amount",
        })
        ordered = ["#", "Affiliate", *[c for c in table.columns if c not in
                                       ("#", "Affiliate", "Purchases", "Amount")],
                   "Purchases", "Amount"]
        st.dataframe(table[ordered], hide_index=True, width="stretch", key="table-affiliates")


SUBSCRIPTION_TYPES = {
    "new_leads": "New leads", "list_subscriptions": "Lists",
    "sequence_additions": "Sequences", "membership_grants": "Memberships",
}


def subscriptions(df: pd.DataFrame | None) -> None:
    st.subheader("Subscriptions", anchor=False)
    if df is None:
        return _absent("Subscriptions")
    daily, total = _section(df, "daily"), _section(df, "week_total")
    if daily.empty and total.empty:
        return _empty("No subscription data for this account.")
    week = total.iloc[0] if not total.empty else pd.Series(dtype=object)
    plus = format_count(_number(week, "subscriptions_plus"))
    minus = format_count(_number(week, "unsubscriptions_minus"))
    leads = format_count(_number(week, "new_leads"))
    st.markdown(
        f"<div class='crm-pm'><span class='crm-plus'>+{plus}</span> subscriptions "
        f"<span class='crm-minus'>−{minus}</span> unsubscriptions "
        f"<span class='crm-muted'>· {leads} new leads · last 7 days</span></div>",
        unsafe_allow_html=True,
    )
    if daily.empty:
        return
    days = _days(daily)
    for column in SUBSCRIPTION_TYPES:  # the day's details for the tooltip of every bar part
        days[f"tip_{column}"] = days[column]
    long = days.melt(
        id_vars=["label", "date", "subscriptions_plus", "unsubscriptions_minus",
                 *[f"tip_{column}" for column in SUBSCRIPTION_TYPES]],
        value_vars=list(SUBSCRIPTION_TYPES), var_name="type", value_name="events",
    )
    long["type"] = long["type"].map(SUBSCRIPTION_TYPES)
    color = alt.Color("type:N", title=None, sort=list(SUBSCRIPTION_TYPES.values()),
                      scale=alt.Scale(domain=list(SUBSCRIPTION_TYPES.values()),
                                      range=[AMBER, BLUE, PURPLE, GREEN]),
                      legend=alt.Legend(orient="top", direction="horizontal"))
    tooltip = [
        alt.Tooltip("date:N", title="Day"),
        alt.Tooltip("tip_new_leads:Q", title="New leads"),
        alt.Tooltip("tip_list_subscriptions:Q", title="List subscriptions"),
        alt.Tooltip("tip_sequence_additions:Q", title="Sequence additions"),
        alt.Tooltip("tip_membership_grants:Q", title="Membership grants"),
        alt.Tooltip("subscriptions_plus:Q", title="Subscriptions (+)"),
        alt.Tooltip("unsubscriptions_minus:Q", title="Unsubscriptions (−)"),
    ]
    chart = _bar_chart(long, "events", "Events", tooltip, color=color, height=262)
    st.altair_chart(chart, width="stretch", key="chart-subscriptions")


BROADCAST_COLUMNS = (
    ("delivered", "Delivered"), ("unique_opens", "Opens"), ("unique_clicks", "Clicks"),
    ("bounces", "Bounces"), ("unsubscribes", "Unsubscribes"), ("complaints", "Complaints"),
)
BROADCAST_PERCENTS = {
    "delivered": "delivered_pct", "unique_opens": "opens_pct", "unique_clicks": "clicks_pct",
    "bounces": "bounced_pct", "unsubscribes": "unsubscribes_pct",
    "complaints": "complaints_pct",
}


def _local(series: pd.Series, timezone: str | None) -> pd.Series:
    stamps = pd.to_datetime(series)
    if timezone:
        try:
            stamps = stamps.dt.tz_localize("UTC").dt.tz_convert(timezone)
        except Exception:  # an unknown zone: show UTC rather than fail
            pass
    return stamps.dt.strftime("%b %d, %I:%M %p").str.replace(" 0", " ", regex=False)


def broadcasts(df: pd.DataFrame | None, timezone: str | None) -> None:
    header, switch = st.columns([4, 1], vertical_alignment="bottom")
    header.subheader("Recent broadcasts", anchor=False)
    if df is None:
        return _absent("Recent broadcasts")
    if df.empty:
        return _empty("No broadcast sent yet.")
    mode = switch.segmented_control(
        "Show", ["Counts", "Percentages"], default="Counts", key="broadcast-mode",
        label_visibility="collapsed", required=True,
    ) or "Counts"
    rows = df.sort_values("rank") if "rank" in df.columns else df
    table = pd.DataFrame({
        "Broadcast": rows["name"].fillna(DASH).to_numpy(),
        "Channel": rows["channel"].fillna("").str.capitalize().to_numpy(),
        "Sent": _local(rows["sent_at"], timezone).to_numpy(),
        "Recipients": rows["recipients"].to_numpy(),
    })
    for column, label in BROADCAST_COLUMNS:
        if mode == "Percentages":
            source = rows.get(BROADCAST_PERCENTS[column])
            table[label] = [DASH if is_missing(v) else f"{float(v):.1f}%"
                            for v in (source if source is not None else [None] * len(rows))]
        else:
            table[label] = rows[column].to_numpy()
    st.dataframe(table, hide_index=True, width="stretch", key="table-broadcasts")
    if mode == "Percentages":
        st.caption("Delivered and bounces: % of recipients; opens, clicks, unsubscribes and "
                   "complaints: % of delivered.")


TRAFFIC_SECTIONS = (("pages", "Pages"), ("videos", "Videos"), ("forms", "Forms"))


def traffic(df: pd.DataFrame | None) -> None:
    st.subheader("Traffic & conversions", anchor=False)
    if df is None:
        return _absent("Traffic & conversions")
    if df.empty:
        return _empty("No traffic data for this account.")
    tabs = st.tabs([label for _, label in TRAFFIC_SECTIONS])
    for tab, (section, label) in zip(tabs, TRAFFIC_SECTIONS, strict=True):
        with tab:
            rows = _section(df, section)
            if rows.empty:
                _empty(f"No {label.lower()} viewed in the last 7 days.")
                continue
            rows = rows.sort_values("rank")
            table = pd.DataFrame({
                label[:-1]: rows["name"].fillna(DASH).to_numpy(),
                "Views": rows["views"].to_numpy(),
                "Unique visitors": rows["unique_visitors"].to_numpy(),
                "Goals": rows["goals"].to_numpy(),
                "Goal rate": [DASH if is_missing(v) else f"{float(v) * 100:.1f}%"
                              for v in rows["goal_rate"]],
            })
            st.dataframe(table, hide_index=True, width="stretch", key=f"table-traffic-{section}")
    visitors = _section(df, "daily_unique_visitors")
    if not visitors.empty:
        days = _days(visitors)
        tooltip = [alt.Tooltip("date:N", title="Day"),
                   alt.Tooltip("unique_visitors:Q", title="Unique visitors")]
        chart = _bar_chart(days, "unique_visitors", "Unique visitors", tooltip, height=150)
        st.altair_chart(chart, width="stretch", key="chart-visitors")


def helpdesk(df: pd.DataFrame | None) -> None:
    st.subheader("Helpdesk", anchor=False)
    if df is None:
        return _absent("Helpdesk")
    if df.empty:
        return _empty("No helpdesk data for this account.")
    row = df.iloc[0]
    satisfaction = row.get("avg_satisfaction")
    top = st.columns(2)
    bottom = st.columns(2)
    top[0].metric("New tickets", md_escape(format_count(_number(row, "new_tickets"))),
                  border=True)
    top[1].metric("Unopened tickets", md_escape(format_count(_number(row, "unopened_tickets"))),
                  border=True)
    bottom[0].metric("New chats", md_escape(format_count(_number(row, "new_chats"))),
                     border=True)
    bottom[1].metric("Avg. satisfaction", md_escape(format_decimal(satisfaction, 1)), border=True,
                     help="Average rating of the tickets and chats closed in the last 7 days "
                          f"({format_count(_number(row, 'rated_closed'))} rated).")


def calendar(df: pd.DataFrame | None) -> None:
    st.subheader("Upcoming events", anchor=False)
    if df is None:
        return _absent("Calendar")
    if df.empty:
        return _empty("No upcoming calendar events.")
    rows = df.sort_values("rank") if "rank" in df.columns else df
    for row in rows.itertuples(index=False):
        start = pd.Timestamp(row.starts_local)
        registrants = getattr(row, "registrants", None)
        name = getattr(row, "registrant_name", None)
        who = (str(name) if not is_missing(name)
               else f"{format_count(registrants)} registrant"
                    f"{'' if _number(pd.Series({'r': registrants}), 'r') == 1 else 's'}")
        title = str(row.title) if not is_missing(row.title) else DASH
        st.markdown(
            f"<div class='crm-event'><div class='crm-date'><span>{start:%b}</span>"
            f"<b>{start.day}</b></div><div><div class='crm-event-title'>{html_escape(title)}"
            f"</div><div class='crm-muted'>{start:%a} {start:%I:%M %p}".replace(" 0", " ")
            + f" · {html_escape(who)}</div></div></div>",
            unsafe_allow_html=True,
        )
