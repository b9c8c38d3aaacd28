{#- Incremental by account like every base model (landing_base_model): a run for some accounts
    re-reads only their rows, so another account's time zone change waits for its own refresh. -#}
{%- set columns = ['account_id', 'name', 'timezone', 'week_start', 'currency'] -%}

with

source as (
    select * from {{ source('landing', 'accounts') }}
    where {{ in_refreshed_accounts(parse_number('account_id', 'bigint')) }}
),

time_zones as (
    select name as timezone from pg_timezone_names()
),

checked as (
    select
        {{ parse_number('source.account_id', 'bigint') }} as account_id,
        {#- Base models keep the contract's column names (staging renames it account_name). #}
        cast(source.name as varchar) as name,  -- noqa: RF04
        cast(source.timezone as varchar) as timezone,
        lower(trim(coalesce(cast(source.week_start as varchar), 'sunday'))) as week_start,
        upper(trim(coalesce(cast(source.currency as varchar), 'USD'))) as currency,
        {{ quarantine_reason([
            (parse_number('source.account_id', 'bigint') ~ " is null", "missing key"),
            ("time_zones.timezone is null", "invalid timezone"),
            ("lower(trim(coalesce(cast(source.week_start as varchar), 'sunday'))) not in "
             ~ "('sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday')",
             "invalid value"),
        ]) }} as _problem,
        {{ row_fingerprint([
            'source.account_id', 'source.name', 'source.timezone', 'source.week_start',
            'source.currency',
        ]) }} as _row_fingerprint,
        source._file_name,
        source._file_row_number
    from source
    left join time_zones
        on cast(source.timezone as varchar) = time_zones.timezone
),

{{ deduplicate_checked_rows(columns, ['account_id']) }}
