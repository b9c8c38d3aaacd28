{#- The value of every metric in every window (both periods), aggregated from its members by the
    value rule of its kind (seed metric_kinds, column value_rule; one macro per rule in
    macros/value_rules/), and the median of the contributions for the kinds that have one
    (has_median). Windows without members get the rule's empty value: 0 for counts and sums, null
    for ratios. Values and medians are decimal(38, 18): ratios are exact to 18 decimals. -#}
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
        metrics.value_rule,
        metrics.has_median,
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
        {%- for column, data_type in [
            ('value', 'decimal(38, 18)'),
            ('numerator', 'decimal(38, 18)'),
            ('denominator', 'decimal(38, 18)'),
        ] %}
            {#- each branch cast on its own: a CASE's type is its branches' common type #}
            case value_rule
                {%- for rule in value_rules() %}
                    when '{{ rule }}' then cast({{ value_rule(rule)[column] }} as {{ data_type }})
                {%- endfor %}
            end as {{ column }},
        {%- endfor %}
        cast(
            case when has_median then contribution_median end as decimal(38, 18)
        ) as median,
        first_day,
        last_day
    from window_aggregates
)

select * from final
