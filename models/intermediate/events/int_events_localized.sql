{#-
    Every occurrence (events, contact_added, transactions) with its account-local wall-clock time
    and local date, computed here once per row and never again. The metric and panel models read
    it; the public mart fct_events is a leaf over it.

    Incremental and idempotent: a run converts only rows that are new or changed (by fingerprint,
    or because their account's timezone changed), whatever their age, so late arrivals need no
    lookback window; rows that left staging are deleted by the post-hook. Building twice, or
    after appending a day, gives the same table as a full rebuild (tests/landing/test_incremental.py).
-#}
{{ config(
    materialized='incremental',
    unique_key=['account_id', 'event_key'],
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook=[
        "delete from {{ this }} where {{ in_refreshed_accounts() }} and not exists (
            select 1 from {{ ref('int_events_unioned') }} as staged
            where staged.account_id = {{ this }}.account_id
                and staged.event_key = {{ this }}.event_key
        )",
    ],
) }}

with

occurrences as (
    select * from {{ ref('int_events_unioned') }}
),

accounts as (
    select * from {{ ref('stg_landing__accounts') }}
),

new_or_changed as (
    select
        occurrences.*,
        accounts.timezone
    from occurrences
    inner join accounts
        on occurrences.account_id = accounts.account_id
    where {{ in_refreshed_accounts('occurrences.account_id') }}
    {% if is_incremental() -%}
        and not exists (
        select 1
        from {{ this }} as existing
        where existing.account_id = occurrences.account_id
            and existing.event_key = occurrences.event_key
            and existing.row_fingerprint = occurrences.row_fingerprint
            and existing.timezone = accounts.timezone
    )
    {%- endif %}
),

localized as (
    select
        *,
        {{ to_local_timestamp('occurred_at', 'timezone') }} as occurred_local_at
    from new_or_changed
),

final as (
    select
        account_id,
        event_key,
        event_source,
        event_type,
        contact_id,
        visitor_id,
        object_id,
        page_id,
        detail,
        transaction_type,
        transaction_status,
        timezone,
        amount,
        affiliate_id,
        affiliate_commission,
        row_fingerprint,
        cast(occurred_local_at as date) as occurred_date,
        occurred_at,
        occurred_local_at
    from localized
)

select * from final
