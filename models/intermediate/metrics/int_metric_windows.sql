{#- Every window a metric is computed for: the 13 built-in timeframes of its account at as-of and
    its custom range if it has one, each for the current period and the previous period of the
    same span. One row per account x metric x timeframe x period, in local days. -#}
with

metrics as (
    select * from {{ ref('int_metrics') }}
),

account_timeframes as (
    select * from {{ ref('int_account_timeframes') }}
),

builtin_windows as (
    select
        metrics.account_id,
        metrics.metric_id,
        account_timeframes.timeframe,
        account_timeframes.first_day,
        account_timeframes.last_day,
        account_timeframes.previous_first_day,
        account_timeframes.previous_last_day
    from metrics
    inner join account_timeframes
        on metrics.account_id = account_timeframes.account_id
),

{%- set custom = timeframe_custom('custom_first_day', 'custom_last_day') %}

custom_windows as (
    select
        account_id,
        metric_id,
        'custom' as timeframe,
        {{ custom[0] }} as first_day,
        {{ custom[1] }} as last_day,
        {{ custom[2] }} as previous_first_day,
        {{ custom[3] }} as previous_last_day
    from metrics
    where custom_first_day is not null
),

timeframes as (
    select * from builtin_windows
    union all
    select * from custom_windows
),

final as (
    select
        account_id,
        metric_id,
        timeframe,
        'current' as period,
        first_day,
        last_day
    from timeframes
    union all
    select
        account_id,
        metric_id,
        timeframe,
        'previous' as period,
        previous_first_day,
        previous_last_day
    from timeframes
)

select * from final
