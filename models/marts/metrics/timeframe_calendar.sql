{#- Each account's timeframes at as-of: first and last local day, the UTC instants they span
    (the window ends at as-of at the latest), its length in hours (23- and 25-hour days
    included) and its previous period. -#}
with

timeframes as (
    select * from {{ ref('int_account_timeframes') }}
),

labels as (
    select * from {{ ref('timeframes') }}
),

bounds as (
    select
        timeframes.*,
        {{ local_to_utc('timeframes.first_day', 'timeframes.timezone') }} as utc_start,
        {{ local_to_utc(_add_days('timeframes.last_day', 1), 'timeframes.timezone') }}
            as utc_end_exclusive
    from timeframes
),

final as (
    select
        bounds.account_id,
        bounds.timeframe,
        labels.timeframe_label,
        cast(
            {{ dbt.datediff('bounds.utc_start', 'bounds.utc_end_exclusive', 'hour') }}
            as integer
        ) as hours,
        bounds.first_day,
        bounds.last_day,
        bounds.previous_first_day,
        bounds.previous_last_day,
        bounds.utc_start,
        bounds.utc_end_exclusive,
        least(bounds.utc_end_exclusive, {{ as_of() }}) as utc_end_effective,
        {{ as_of() }} as as_of
    from bounds
    inner join labels
        on bounds.timeframe = labels.timeframe
)

select * from final
