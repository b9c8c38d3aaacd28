{#- Each account's 13 built-in timeframes at the as-of instant, in its own time zone and week
    start: first and last local day of the window and of its previous period. One row per
    account x timeframe; the rules live in macros/timeframes/ (one macro per timeframe). -#}
with

accounts as (
    select * from {{ ref('stg_landing__accounts') }}
),

account_days as (
    select
        account_id,
        timezone,
        week_start_day_number,
        cast({{ to_local_timestamp(as_of(), 'timezone') }} as date) as today
    from accounts
    where {{ in_refreshed_accounts() }}
),

account_weeks as (
    select
        *,
        {{ _add_days(
            'today', '-((cast(extract(dow from today) as integer) - week_start_day_number + 7) % 7)'
        ) }} as week_start_day
    from account_days
),

timeframes as (
    {%- for key in builtin_timeframes() %}
        {%- set bounds = timeframe_bounds(key, 'today', 'week_start_day') %}
        select
            account_id,
            timezone,
            today,
            '{{ key }}' as timeframe,
            {{ bounds[0] }} as first_day,
            {{ bounds[1] }} as last_day,
            {{ bounds[2] }} as previous_first_day,
            {{ bounds[3] }} as previous_last_day
        from account_weeks
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from timeframes
