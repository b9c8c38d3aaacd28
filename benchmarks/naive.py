"""The naive baseline of perf_notes.md: one query per (metric, timeframe, period), each filtering
the event fact by per-account UTC bounds, evaluating the metric's kind directly. It reads the
resolved definitions of the warehouse (triggers with object ids, condition contacts, metric
windows) so that only the evaluation strategy differs, and it works in UTC instants rather than
the fact's precomputed local dates, so agreement also checks the local-date assignment."""

from __future__ import annotations

import time
from dataclasses import dataclass

import duckdb
import pandas as pd

# Occurrences matching a metric's trigger of a role, in one window given in UTC instants.
MATCHES = """
    with window_triggers as (
        select windows.account_id, windows.utc_start, windows.utc_end, triggers.event_type,
            triggers.matches_any_object, triggers.object_id, triggers.detail,
            triggers.transaction_status
        from windows_utc as windows
        inner join intermediate.int_metric_triggers as triggers
            on windows.account_id = triggers.account_id and windows.metric_id = triggers.metric_id
        where windows.metric_id = $metric_id and windows.timeframe = $timeframe
            and windows.period = $period and triggers.trigger_role = '{role}'
    ),
    matched as (
        select events.* from window_triggers as triggers
        inner join marts.fct_events as events
            on events.account_id = triggers.account_id and events.event_type = triggers.event_type
        where triggers.matches_any_object
            and events.occurred_at >= triggers.utc_start and events.occurred_at < triggers.utc_end
            and (triggers.detail is null or events.detail = triggers.detail)
        union all
        select events.* from window_triggers as triggers
        inner join marts.fct_events as events
            on events.account_id = triggers.account_id and events.event_type = triggers.event_type
            and events.object_id = triggers.object_id
        where not triggers.matches_any_object
            and events.occurred_at >= triggers.utc_start and events.occurred_at < triggers.utc_end
            and (triggers.detail is null or events.detail = triggers.detail)
        union all
        select events.* from window_triggers as triggers
        inner join marts.fct_events as events
            on events.account_id = triggers.account_id
            and events.transaction_status = triggers.transaction_status
        where triggers.event_type is null and events.event_source = 'transactions'
            and events.occurred_at >= triggers.utc_start and events.occurred_at < triggers.utc_end
    )
    select matched.account_id, matched.contact_id, matched.event_key, matched.occurred_at,
        matched.amount
    from matched
    inner join intermediate.int_metric_condition_contacts as condition_contacts
        on condition_contacts.account_id = matched.account_id
        and condition_contacts.metric_id = $metric_id
        and condition_contacts.contact_id = matched.contact_id
    where matched.occurred_at <= $as_of
"""

EVENT_KINDS = """
    with matches as ({event})
    select account_id, count(distinct contact_id) as contacts, count(*) as events
    from matches group by 1
"""

VALUE_KINDS = """
    with matches as ({value})
    select account_id, sum(amount) as amount from matches group by 1
"""

CONVERSIONS = """
    with from_matches as ({from_}), to_matches as ({to}),
    first_from as (
        select account_id, contact_id, min(occurred_at) as first_from_at
        from from_matches group by 1, 2
    ),
    conversions as (
        select first_from.account_id, first_from.contact_id, first_from.first_from_at,
            count(to_matches.event_key) as to_events, min(to_matches.occurred_at) as first_to_at
        from first_from
        left join to_matches
            on first_from.account_id = to_matches.account_id
            and first_from.contact_id = to_matches.contact_id
            and to_matches.occurred_at > first_from.first_from_at
            and ($within is null or date_diff('microsecond', first_from.first_from_at,
                to_matches.occurred_at) <= round($within * 1000000))
        group by 1, 2, 3
    )
    select account_id, count(*) as contacts, sum(to_events) as to_events,
        sum(least(to_events, 1)) as converted,
        sum(case when to_events > 0 then date_diff('microsecond', first_from_at, first_to_at)
            / 1000000.0 end) as seconds,
        count(first_to_at) as timed
    from conversions group by 1
"""

GROUP = """
    select condition_contacts.account_id, count(*) as group_size,
        sum(case when regexp_full_match(trim(field_values.field_value, ' '), '-?[0-9]+(\\.[0-9]+)?')
            then coalesce(try_cast(trim(field_values.field_value, ' ') as decimal(38, 18)), 0)
            else 0 end) as field_sum
    from intermediate.int_metric_condition_contacts as condition_contacts
    inner join intermediate.int_metrics as metrics
        on condition_contacts.account_id = metrics.account_id
        and condition_contacts.metric_id = metrics.metric_id
    left join staging.stg_landing__contact_field_values as field_values
        on field_values.account_id = condition_contacts.account_id
        and field_values.contact_id = condition_contacts.contact_id
        and field_values.field_name = metrics.value_field
    where condition_contacts.metric_id = $metric_id
    group by 1
"""


@dataclass
class NaiveResult:
    values: pd.DataFrame
    seconds: float
    queries: int


def _ratio(numerator, denominator):
    return None if not denominator else float(numerator) / float(denominator)


def _value(kind: str, count_mode: str | None, row: dict) -> tuple:
    """(value, numerator, denominator) of one account's window from the kind's aggregates."""
    row = {
        key: (None if isinstance(value, float) and value != value else value)
        for key, value in row.items()
    }
    if kind == "contacts_who_did":
        return row.get("contacts") or 0, None, None
    if kind == "times_happened":
        return row.get("events") or 0, None, None
    if kind == "avg_times_per_contact":
        events, contacts = row.get("events") or 0, row.get("contacts") or 0
        return _ratio(events, contacts), events, contacts
    if kind == "conversion_rate":
        contacts = row.get("contacts") or 0
        numerator = (row.get("to_events") if count_mode == "each" else row.get("converted")) or 0
        return _ratio(numerator, contacts), numerator, contacts
    if kind == "avg_time_between":
        seconds, timed = row.get("seconds") or 0, row.get("timed") or 0
        return _ratio(seconds, timed), seconds, timed
    if kind == "total_value":
        return row.get("amount") or 0, None, None
    # avg_value
    group = row.get("group_size") or 0
    total = row.get("field_sum") if row.get("value_type") == "field" else row.get("amount")
    return _ratio(total or 0, group), total or 0, group


def run_naive(warehouse: str, as_of: str) -> NaiveResult:
    """Compute every metric value (both periods) with one query per metric x timeframe x period."""
    connection = duckdb.connect(warehouse, read_only=True)
    try:
        connection.execute("""
            create temp table windows_utc as
            select windows.account_id, windows.metric_id, windows.timeframe, windows.period,
                timezone(accounts.timezone, cast(windows.first_day as timestamp))
                    at time zone 'UTC' as utc_start,
                timezone(accounts.timezone, cast(windows.last_day + 1 as timestamp))
                    at time zone 'UTC' as utc_end
            from intermediate.int_metric_windows as windows
            inner join marts.dim_accounts as accounts on windows.account_id = accounts.account_id
        """)
        metrics = connection.execute(
            "select distinct metric_id, kind, count_mode, within_seconds, value_type "
            "from intermediate.int_metrics"
        ).df()
        windows = connection.execute(
            "select distinct metric_id, timeframe, period from windows_utc"
        ).df()
        by_metric = {row.metric_id: row for row in metrics.itertuples()}
        # A metric id may have a different kind per account (account-specific YAML): group by kind.
        kinds = connection.execute(
            "select account_id, metric_id, kind, count_mode, within_seconds, value_type "
            "from intermediate.int_metrics"
        ).df()
        rows, queries = [], 0
        started = time.perf_counter()
        as_of_value = pd.Timestamp(as_of.replace("Z", "")).to_pydatetime()
        for window in windows.itertuples():
            parameters = {
                "metric_id": window.metric_id,
                "timeframe": window.timeframe,
                "period": window.period,
                "as_of": as_of_value,
            }
            results: dict[tuple[str, int], dict] = {}
            for kind in kinds[kinds.metric_id == window.metric_id].kind.unique():
                sql, extra = _query_for(kind)
                if kind in ("conversion_rate", "avg_time_between"):
                    within = by_metric[window.metric_id].within_seconds
                    extra = {"within": None if pd.isna(within) else float(within)}
                queries += 1
                frame = connection.execute(sql, {**parameters, **extra}).df()
                if kind == "avg_value":
                    queries += 1
                    group = connection.execute(GROUP, {"metric_id": window.metric_id}).df()
                    frame = group.merge(frame, on="account_id", how="left")
                for record in frame.to_dict("records"):
                    results[(kind, int(record["account_id"]))] = record
            for account in kinds[kinds.metric_id == window.metric_id].itertuples():
                record = {
                    **results.get((account.kind, int(account.account_id)), {}),
                    "value_type": account.value_type,
                }
                value, numerator, denominator = _value(account.kind, account.count_mode, record)
                rows.append(
                    {
                        "account_id": int(account.account_id),
                        "metric_id": window.metric_id,
                        "timeframe": window.timeframe,
                        "period": window.period,
                        "value": value,
                        "numerator": numerator,
                        "denominator": denominator,
                    }
                )
        seconds = time.perf_counter() - started
    finally:
        connection.close()
    return NaiveResult(pd.DataFrame(rows), seconds, queries)


def _query_for(kind: str) -> tuple[str, dict]:
    if kind in ("contacts_who_did", "times_happened", "avg_times_per_contact"):
        return EVENT_KINDS.format(event=MATCHES.format(role="event")), {}
    if kind in ("total_value", "avg_value"):
        return VALUE_KINDS.format(value=MATCHES.format(role="value")), {}
    return CONVERSIONS.format(from_=MATCHES.format(role="from"), to=MATCHES.format(role="to")), {}
