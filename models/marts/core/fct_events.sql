{#- The per-contact event fact, the public leaf over int_events_localized (where the local time
    and date of every occurrence are computed once). Per account (dbt_project.yml): a run for
    some accounts rewrites only their rows. -#}
with

events as (
    select * from {{ ref('int_events_localized') }}
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
        occurred_date,
        occurred_at,
        occurred_local_at
    from events
    where {{ in_refreshed_accounts() }}
)

select * from final
