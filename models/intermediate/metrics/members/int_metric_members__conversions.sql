{#-
    Members of the kinds of member family `conversions` (seed metric_kinds: conversion_rate,
    avg_time_between). Per window, each contact of C with a `from_event` in it, its first such
    instant, and the `to_event`s in the window strictly after it (and no later than `within`
    after it, an elapsed duration, inclusive). By the kind's member scope and contribution:
    - `from_contacts` / `conversions` (conversion_rate): every from-contact; contribution = 1/0
      (`once`) or the count (`each`);
    - `converted_contacts` / `seconds_to_convert` (avg_time_between): the converted contacts;
      contribution = seconds from the first from_event to the first such to_event (exact,
      fractions kept).
-#}
{%- set seconds_to_convert = exact_seconds(dbt.datediff(
    'conversions.first_from_at', 'conversions.first_to_at', 'microsecond'
)) %}

with

metrics as (
    select * from {{ ref('int_metrics') }}
    where member_family = 'conversions'
),

windows as (
    select * from {{ ref('int_metric_windows') }}
),

from_days as (
    select * from {{ ref('int_metric_trigger_days') }}
    where trigger_role = 'from'
),

to_matches as (
    select * from {{ ref('int_metric_trigger_matches') }}
    where trigger_role = 'to'
),

first_from_events as (
    select
        windows.account_id,
        windows.metric_id,
        windows.timeframe,
        windows.period,
        windows.first_day,
        windows.last_day,
        from_days.contact_id,
        min(from_days.first_occurred_at) as first_from_at
    from metrics
    inner join windows
        on metrics.account_id = windows.account_id
            and metrics.metric_id = windows.metric_id
    inner join from_days
        on windows.account_id = from_days.account_id
            and windows.metric_id = from_days.metric_id
            and from_days.occurred_date between windows.first_day and windows.last_day
    group by 1, 2, 3, 4, 5, 6, 7
),

conversions as (
    select
        first_from_events.account_id,
        first_from_events.metric_id,
        first_from_events.timeframe,
        first_from_events.period,
        first_from_events.contact_id,
        first_from_events.first_from_at,
        count(to_matches.event_key) as to_events,
        min(to_matches.occurred_at) as first_to_at
    from first_from_events
    inner join metrics
        on first_from_events.account_id = metrics.account_id
            and first_from_events.metric_id = metrics.metric_id
    left join to_matches
        on first_from_events.account_id = to_matches.account_id
            and first_from_events.metric_id = to_matches.metric_id
            and first_from_events.contact_id = to_matches.contact_id
            and to_matches.occurred_date
            between first_from_events.first_day and first_from_events.last_day
            and first_from_events.first_from_at < to_matches.occurred_at
            and (
                metrics.within_seconds is null
                or {{ dbt.datediff(
                    'first_from_events.first_from_at', 'to_matches.occurred_at', 'microsecond'
                ) }} <= round(metrics.within_seconds * 1000000)
            )
    group by 1, 2, 3, 4, 5, 6
),

final as (
    select
        conversions.account_id,
        conversions.metric_id,
        conversions.timeframe,
        conversions.period,
        conversions.contact_id,
        case
            when metrics.contribution = 'seconds_to_convert' then {{ seconds_to_convert }}
            when metrics.count_mode = 'each'
                then cast(conversions.to_events as decimal(38, 18))
            else cast(least(conversions.to_events, 1) as decimal(38, 18))
        end as contribution,
        conversions.to_events > 0 as in_numerator
    from conversions
    inner join metrics
        on conversions.account_id = metrics.account_id
            and conversions.metric_id = metrics.metric_id
    where metrics.member_scope = 'from_contacts' or conversions.to_events > 0
)

select * from final
