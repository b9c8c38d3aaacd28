"""The metric grid (ONTRAPORT-style tiles) and the drill-down dialog behind a tile's number."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from crm_warehouse.dashboard.formatting import (
    DASH,
    Presentation,
    change,
    contribution_label,
    format_ago,
    format_duration,
    format_range,
    format_value,
    html_escape,
    md_escape,
    ordered_timeframes,
    reproduce_text,
    step_timeframe,
)

TILES_PER_ROW = 4
TIMEFRAME_STATE = "tf-"  # session-state keys of the timeframe each tile shows
DRILL_STATE = "drill"  # (metric_id, timeframe) of the number last clicked


def state_key(account_id: int, metric_id: str) -> str:
    return f"{TIMEFRAME_STATE}{account_id}-{metric_id}"


def reset_timeframes() -> None:
    """Back to every metric's default timeframe (on an account change, as ONTRAPORT does when
    leaving the dashboard)."""
    for key in [k for k in st.session_state if str(k).startswith(TIMEFRAME_STATE)]:
        del st.session_state[key]


def _step(key: str, timeframes: list[str], step: int) -> None:
    st.session_state[key] = step_timeframe(timeframes, st.session_state.get(key), step)


def _open(metric_id: str, timeframe: str) -> None:
    st.session_state[DRILL_STATE] = (metric_id, timeframe)


def current_timeframe(account_id: int, metric_id: str, rows: pd.DataFrame) -> tuple[str, list]:
    """The timeframe a tile shows (its default until an arrow is clicked) and the stepping list."""
    timeframes = ordered_timeframes(list(zip(rows["timeframe"], rows["timeframe_sort_order"],
                                             strict=True)))
    key = state_key(account_id, metric_id)
    if st.session_state.get(key) not in timeframes:
        defaults = rows.loc[rows["is_default"].fillna(False).astype(bool), "timeframe"]
        st.session_state[key] = defaults.iloc[0] if not defaults.empty else timeframes[0]
    return st.session_state[key], timeframes


def tile(account: dict, metric_id: str, rows: pd.DataFrame) -> None:
    timeframe, timeframes = current_timeframe(account["account_id"], metric_id, rows)
    row = rows[rows["timeframe"] == timeframe].iloc[0]
    presentation, currency = Presentation.of(row), account.get("currency")
    key = state_key(account["account_id"], metric_id)
    with st.container(border=True, key=f"tile-{metric_id}"):
        st.markdown(f"<div class='crm-tile-name' title='{html_escape(metric_id)}'>"
                    f"{html_escape(row['metric_name'])}</div>", unsafe_allow_html=True)
        st.button(md_escape(format_value(presentation, row["value"], currency)),
                  key=f"value-{metric_id}", type="tertiary", on_click=_open,
                  args=(metric_id, timeframe), help="Show the contacts behind this number")
        direction, text = change(row["value"], row["previous_value"])
        previous = format_value(presentation, row["previous_value"], currency)
        if direction == "none":
            line = f"<span class='crm-muted'>previous period: {html_escape(previous)}</span>"
        else:
            line = (f"<span class='crm-{direction}'>{text}</span> <span class='crm-muted'>vs "
                    f"{html_escape(previous)} previous period</span>")
        span = html_escape(format_range(row["previous_first_day"], row["previous_last_day"]))
        st.markdown(f"<div class='crm-change' title='{span}'>{line}</div>",
                    unsafe_allow_html=True)
        left, middle, right = st.columns([1, 5, 1], vertical_alignment="center", gap=None)
        left.button("◀", key=f"prev-{metric_id}", type="tertiary", on_click=_step,
                    args=(key, timeframes, -1), help="Previous timeframe")
        middle.markdown(
            f"<div class='crm-timeframe' data-metric='{html_escape(metric_id)}' "
            f"data-timeframe='{html_escape(timeframe)}'>"
            f"<b>{html_escape(row['timeframe_label'])}</b><br><span class='crm-muted'>"
            f"{html_escape(format_range(row['first_day'], row['last_day']))}</span>"
            "</div>", unsafe_allow_html=True)
        right.button("▶", key=f"next-{metric_id}", type="tertiary", on_click=_step,
                     args=(key, timeframes, 1), help="Next timeframe")
        st.caption(f"Last updated {format_ago(row['computed_at'])}")


def metric_grid(account: dict, values: pd.DataFrame) -> None:
    if values.empty:
        st.info("No metrics for this account yet: add metric definitions (metrics/ or the "
                "app's metric_definitions) and build.", icon=":material/grid_off:")
        return
    metric_ids = list(dict.fromkeys(values["metric_id"]))
    for start in range(0, len(metric_ids), TILES_PER_ROW):
        columns = st.columns(TILES_PER_ROW)
        for column, metric_id in zip(columns, metric_ids[start:start + TILES_PER_ROW],
                                     strict=False):
            with column:
                tile(account, metric_id, values[values["metric_id"] == metric_id])


def members_table(presentation: Presentation, members: pd.DataFrame,
                  timezone: str | None) -> pd.DataFrame:
    """The drill-down rows as shown and downloaded: name, email, created, contribution."""
    created = pd.to_datetime(members["created_at"])
    if timezone:
        try:
            created = created.dt.tz_localize("UTC").dt.tz_convert(timezone).dt.tz_localize(None)
        except Exception:  # an unknown zone: keep UTC
            pass
    label = contribution_label(presentation)
    contribution = members["contribution"].astype(float)
    table = pd.DataFrame({
        "Name": members["display_name"].fillna(DASH).to_numpy(),
        "Email": members["email"].fillna("").to_numpy(),
        "Created": created.to_numpy(),
        label: contribution.to_numpy(),
    })
    if presentation.counts_conversions:
        table["Converted"] = members["in_numerator"].fillna(0).astype(int).astype(bool).to_numpy()
    if presentation.unit == "seconds":
        table["Time"] = [format_duration(s) for s in contribution]
    if presentation.is_money:
        table[label] = contribution.round(2).to_numpy()
    table.insert(0, "Contact id", members["contact_id"].to_numpy())
    return table


def drilldown(account: dict, row: pd.Series, members: pd.DataFrame) -> None:
    """The contacts behind one number, in a dialog, with a CSV download."""
    presentation = Presentation.of(row)
    currency, timezone = account.get("currency"), account.get("timezone")
    title = f"{md_escape(row['metric_name'])} · {md_escape(row['timeframe_label'])}"

    def body() -> None:
        shown = html_escape(format_value(presentation, row["value"], currency))
        st.markdown(
            f"<div class='crm-drill-value'>{shown}</div>"
            f"<div class='crm-muted'>{html_escape(format_range(row['first_day'], row['last_day']))}"
            f" · {html_escape(account['account_name'])}</div>", unsafe_allow_html=True)
        if members.empty:
            st.info("No contacts behind this number.", icon=":material/person_off:")
            return
        converted = (int(members["in_numerator"].fillna(0).astype(int).sum())
                     if presentation.counts_conversions else None)
        st.success(md_escape(reproduce_text(presentation, list(members["contribution"]),
                                            converted, currency)), icon=":material/functions:")
        table = members_table(presentation, members, timezone)
        label = contribution_label(presentation)
        number_format = "%.2f" if presentation.is_money else "%g"
        st.dataframe(table, hide_index=True, width="stretch", key="table-members",
                     column_config={
                         "Contact id": st.column_config.NumberColumn(format="%d", width="small"),
                         "Created": st.column_config.DatetimeColumn(format="MMM D, YYYY h:mm a"),
                         label: st.column_config.NumberColumn(format=number_format),
                     })
        csv = table.to_csv(index=False).encode("utf-8")
        st.download_button(
            "Download CSV", csv, mime="text/csv", icon=":material/download:",
            file_name=f"{row['metric_id']}_{row['timeframe']}_account{account['account_id']}.csv",
            key="download-members", on_click="ignore",
        )

    dialog: Callable = st.dialog(title, width="large")(body)
    dialog()
