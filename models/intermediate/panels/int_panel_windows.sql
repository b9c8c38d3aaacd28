{#-
    The windows the dashboard panels are computed for: per account, the local days of each
    requested panel timeframe at as-of, and the UTC instants they span.

    The dbt var `panel_timeframe` picks the timeframes: `week` (the default: the 7 local days
    ending today, today included, dashboards.md), any of the 13 built-in keys of metrics.md
    (their windows come from int_account_timeframes), a list or comma-separated string of keys,
    or `all` (the week and the 13 keys).
-#}
{%- set allowed = ['week'] + builtin_timeframes() -%}
{%- set requested = var('panel_timeframe', 'week') -%}
{%- set requested = requested.split(',') if requested is string else requested -%}
{%- set requested = requested | map('string') | map('trim') | list -%}
{%- set panel_timeframes = allowed if 'all' in requested else requested | unique | list -%}
{%- set unknown = panel_timeframes | reject('in', allowed) | list -%}
{%- if unknown or not panel_timeframes -%}
{{ exceptions.raise_compiler_error(
    "The dbt var panel_timeframe must be 'week', 'all' or built-in timeframes ("
    ~ builtin_timeframes() | join(', ') ~ "), got '" ~ requested | join(',') ~ "'.") }}
{%- endif %}

with

account_timeframes as (
    select * from {{ ref('int_account_timeframes') }}
),

builtin_windows as (
    select
        account_id,
        timeframe,
        timezone,
        today,
        first_day,
        last_day
    from account_timeframes
),

week_windows as (
    select
        account_id,
        'week' as timeframe,
        timezone,
        today,
        {{ _add_days('today', -6) }} as first_day,
        today as last_day
    from account_timeframes
    where timeframe = 'today'
),

windows as (
    select * from week_windows
    union all
    select * from builtin_windows
),

final as (
    select
        account_id,
        timeframe,
        timezone,
        today,
        first_day,
        last_day,
        {{ local_to_utc('first_day', 'timezone') }} as utc_start,
        {{ local_to_utc(_add_days('last_day', 1), 'timezone') }} as utc_end_exclusive
    from windows
    where timeframe in ('{{ panel_timeframes | join("', '") }}')
)

select * from final
