{#- The value of every metric in every window (both periods), aggregated from its members by the
    rule of its kind (macros/metric_kinds/). Windows without members get the kind's empty value:
    0 for counts and sums, null for ratios and averages. -#}
{{ config(materialized='table') }}
with

metrics as (
    select * from {{ ref('int_metrics') }}
),

windows as (
    select * from {{ ref('int_metric_windows') }}
),

members as (
    select * from {{ ref('int_metric_members') }}
),

member_aggregates as (
    select
        account_id,
        metric_id,
        timeframe,
        period,
        count(*) as members,
        sum(contribution) as contribution_sum,
        {{ median('cast(contribution as double)') }} as contribution_median
    from members
    group by 1, 2, 3, 4
),

window_aggregates as (
    select
        windows.*,
        metrics.kind,
        coalesce(member_aggregates.members, 0) as members,
        coalesce(member_aggregates.contribution_sum, 0) as contribution_sum,
        member_aggregates.contribution_median
    from windows
    inner join metrics
        on windows.account_id = metrics.account_id
            and windows.metric_id = metrics.metric_id
    left join member_aggregates
        on windows.account_id = member_aggregates.account_id
            and windows.metric_id = member_aggregates.metric_id
            and windows.timeframe = member_aggregates.timeframe
            and windows.period = member_aggregates.period
),

final as (
    select
        account_id,
        metric_id,
        timeframe,
        period,
        {%- for column in ['value', 'numerator', 'denominator', 'median'] %}
            cast(
                case kind
                    {%- for kind in metric_kinds() %}
                        when '{{ kind }}' then {{ metric_kind(kind)[column] }}
                    {%- endfor %}
                end as decimal(38, 9)
            ) as {{ column }},
        {%- endfor %}
        first_day,
        last_day
    from window_aggregates
)

select * from final
