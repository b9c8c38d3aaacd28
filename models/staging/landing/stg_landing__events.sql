with

base as (
    select * from {{ ref('base_landing__events') }}
),

final as (
    select
        account_id,
        event_id,
        contact_id,
        visitor_id,
        event_type,
        object_id,
        page_id,
        detail,
        occurred_at
    from base
    where quarantine_reason is null
)

select * from final
