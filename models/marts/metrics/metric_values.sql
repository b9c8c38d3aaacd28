{#- One row per account x metric x timeframe (the 13 built-in timeframes, plus `custom` for a
    metric with a custom range): the value of the current window and of the previous period of the
    same span, with numerator / denominator / median where the kind has them. -#}


with

metrics as (
    select * from {{ ref('int_metrics') }}
),

window_values as (
    select * from {{ ref('int_metric_window_values') }}
),

labels as (
    select * from {{ ref('timeframes') }}
),

current_values as (
    select * from window_values
    where period = 'current'
),

previous_values as (
    select * from window_values
    where period = 'previous'
),

final as (
    select
        metrics.account_id,
        metrics.metric_id,
        metrics.metric_name,
        metrics.kind,
        metrics.source,
        current_values.timeframe,
        labels.timeframe_label,
        labels.sort_order as timeframe_sort_order,
        current_values.value,
        current_values.numerator,
        current_values.denominator,
        current_values.median,
        previous_values.value as previous_value,
        previous_values.numerator as previous_numerator,
        previous_values.denominator as previous_denominator,
        previous_values.median as previous_median,
        current_values.timeframe = metrics.default_timeframe as is_default,
        current_values.first_day,
        current_values.last_day,
        previous_values.first_day as previous_first_day,
        previous_values.last_day as previous_last_day,
        {{ as_of() }} as as_of,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp) as computed_at
    from current_values
    inner join metrics
        on current_values.account_id = metrics.account_id
            and current_values.metric_id = metrics.metric_id
    inner join previous_values
        on current_values.account_id = previous_values.account_id
            and current_values.metric_id = previous_values.metric_id
            and current_values.timeframe = previous_values.timeframe
    inner join labels
        on current_values.timeframe = labels.timeframe
)

select * from final
