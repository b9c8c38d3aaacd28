{#- The metrics of every account at as-of (one row per account x metric): name, kind, default
    timeframe and parameters a dashboard needs to present a value (is an avg_value money or a
    field?). Incremental by account, like the other metric marts. -#}

with

metrics as (
    select * from {{ ref('int_metrics') }}
),

final as (
    select
        account_id,
        metric_id,
        metric_name,
        kind,
        source,
        default_timeframe,
        count_mode,
        value_type,
        value_field,
        within_seconds,
        custom_first_day,
        custom_last_day
    from metrics
)

select * from final
