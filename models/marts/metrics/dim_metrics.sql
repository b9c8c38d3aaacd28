{#- The metrics of every account at as-of (one row per account x metric): name, kind, default
    timeframe, parameters, and its kind's rules from the seed metric_kinds (member family, value
    rule, unit, median) that a dashboard or a check needs to present or verify a value. Per
    account (dbt_project.yml). -#}

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
        member_family,
        value_rule,
        contribution,
        unit,
        has_median,
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
