"""The account dashboard page: the metric grid (ONTRAPORT-style tiles) and the six Kartra-style
panels, read from the serving file (`crm_warehouse.settings.serving_path()`: $SERVING_DB, else
serving.duckdb next to the warehouse file $WAREHOUSE_DB).

Run it with `python -m crm_warehouse dashboard` (or `streamlit run crm_warehouse/dashboard/app.py`).
Each page run reads everything it shows through one short read-only connection, so the page is one
consistent publish even when a new one lands meanwhile."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from crm_warehouse.dashboard import panels, queries, style, tiles
from crm_warehouse.dashboard.formatting import format_ago, is_missing, md_escape
from crm_warehouse.publish import connect_serving
from crm_warehouse.settings import serving_path

ACCOUNT_STATE = "account"


def _account_label(accounts: pd.DataFrame):
    names = dict(zip(accounts["account_id"], accounts["account_name"], strict=True))
    return lambda account_id: f"{names.get(account_id) or 'Account'} (#{account_id})"


def _initial_account(accounts: pd.DataFrame) -> int:
    wanted = st.query_params.get("account")
    ids = list(accounts["account_id"])
    if wanted is not None and wanted.isdigit() and int(wanted) in ids:
        return int(wanted)
    return ids[0]


def _on_account_change() -> None:
    tiles.reset_timeframes()
    st.session_state.pop(tiles.DRILL_STATE, None)
    st.query_params["account"] = str(st.session_state[ACCOUNT_STATE])


def _as_of_text(values: pd.DataFrame, info: dict | None, timezone: str | None) -> str:
    as_of = info["as_of"] if info else None
    if (as_of is None or is_missing(as_of)) and not values.empty:
        as_of = values["as_of"].max()
    if as_of is None or is_missing(as_of):
        return ""
    stamp = pd.Timestamp(as_of).tz_localize("UTC")
    try:
        local = stamp.tz_convert(timezone) if timezone else stamp
    except Exception:
        local = stamp
    text = f"{local:%b} {local.day}, {local:%Y %I:%M %p}".replace(" 0", " ")
    return f"Data as of {text} ({timezone or 'UTC'})"


def load(account_id: int | None = None) -> dict:
    """Everything the page shows, read in one short-lived read-only connection."""
    with connect_serving() as con:
        accounts = queries.accounts(con)
        data: dict = {"accounts": accounts, "info": queries.publish_info(con)}
        if accounts.empty:
            return data
        if account_id not in set(accounts["account_id"]):
            account_id = _initial_account(accounts)
        data["account_id"] = account_id
        data["values"] = queries.metric_values(con, account_id)
        data["panels"] = {name: queries.panel(con, name, account_id) for name in queries.PANELS}
        drill = st.session_state.pop(tiles.DRILL_STATE, None)
        if drill is not None:
            metric_id, timeframe = drill
            data["drill"] = (metric_id, timeframe,
                             queries.metric_members(con, account_id, metric_id, timeframe))
    return data


def page() -> None:
    st.set_page_config(page_title="CRM dashboard", page_icon=":material/monitoring:",
                       layout="wide")
    style.inject()
    path = serving_path()
    if not path.exists():
        st.title("CRM dashboard", anchor=False)
        st.warning(f"No serving file at `{path}` yet. Build and publish the warehouse first: "
                   "`python -m crm_warehouse demo` (or `build`, then `publish`).",
                   icon=":material/database_off:")
        return
    data = load(st.session_state.get(ACCOUNT_STATE))
    accounts = data["accounts"]
    head, picker = st.columns([3, 1], vertical_alignment="bottom")
    if accounts.empty:
        head.title("CRM dashboard", anchor=False)
        st.info("The serving file has no accounts.", icon=":material/group_off:")
        return
    account_id = data["account_id"]
    st.session_state[ACCOUNT_STATE] = account_id
    picker.selectbox("Account", list(accounts["account_id"]), key=ACCOUNT_STATE,
                     format_func=_account_label(accounts), on_change=_on_account_change)
    account = accounts[accounts["account_id"] == account_id].iloc[0].to_dict()
    values: pd.DataFrame = data["values"]
    head.title(md_escape(account["account_name"] or f"Account #{account_id}"), anchor=False)
    details = [_as_of_text(values, data["info"], account.get("timezone")),
               f"currency {account.get('currency') or '—'}"]
    if data["info"] and not is_missing(data["info"].get("published_at")):
        details.append(f"published {format_ago(data['info']['published_at'], _now())}")
    head.caption(" · ".join(md_escape(d) for d in details if d))

    st.subheader("Metrics", anchor=False)
    st.caption("Click a number to see the contacts behind it; ◀ ▶ step through the timeframes.")
    tiles.metric_grid(account, values)
    if "drill" in data:
        metric_id, timeframe, members = data["drill"]
        rows = values[(values["metric_id"] == metric_id) & (values["timeframe"] == timeframe)]
        if not rows.empty:
            tiles.drilldown(account, rows.iloc[0], members)

    st.divider()
    st.subheader("Last 7 days", anchor=False)
    found = data["panels"]
    currency, timezone = account.get("currency"), account.get("timezone")
    left, right = st.columns(2)
    with left.container(border=True):
        panels.sales(found["panel_sales"], currency)
    with right.container(border=True):
        panels.subscriptions(found["panel_subscriptions"])
    with st.container(border=True):
        panels.broadcasts(found["panel_broadcasts"], timezone)
    left, right = st.columns(2)
    with left.container(border=True):
        panels.traffic(found["panel_traffic"])
    with right.container(border=True):
        panels.helpdesk(found["panel_helpdesk"])
    with right.container(border=True):
        panels.calendar(found["panel_calendar"])


def _now() -> datetime:
    return datetime.now(UTC)


page()
