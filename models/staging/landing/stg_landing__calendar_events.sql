with

base as (
    select * from {{ ref('base_landing__calendar_events') }}
),

final as (
    select
        account_id,
        calendar_event_id,
        title,
        capacity,
        starts_at,
        ends_at
    from base
    where quarantine_reason is null
)

select * from final
