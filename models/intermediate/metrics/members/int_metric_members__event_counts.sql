{#- Members of the kinds of member family `event_counts` (seed metric_kinds: contacts_who_did,
    times_happened, avg_times_per_contact): per window, each contact of C with at least one
    matching occurrence in it (member scope `matched_contacts`), with its count. -#}
with

metrics as (
    select * from {{ ref('int_metrics') }}
    where member_family = 'event_counts'
),

windows as (
    select * from {{ ref('int_metric_windows') }}
),

trigger_days as (
    select * from {{ ref('int_metric_trigger_days') }}
    where trigger_role = 'event'
),

final as (
    select
        windows.account_id,
        windows.metric_id,
        windows.timeframe,
        windows.period,
        trigger_days.contact_id,
        cast(sum(trigger_days.occurrences) as decimal(38, 18)) as contribution,
        true as in_numerator
    from metrics
    inner join windows
        on metrics.account_id = windows.account_id
            and metrics.metric_id = windows.metric_id
    inner join trigger_days
        on windows.account_id = trigger_days.account_id
            and windows.metric_id = trigger_days.metric_id
            and trigger_days.occurred_date between windows.first_day and windows.last_day
    group by 1, 2, 3, 4, 5
)

select * from final
