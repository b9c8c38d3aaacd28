with

base as (
    select * from {{ ref('base_landing__bookings') }}
),

final as (
    select
        account_id,
        booking_id,
        calendar_event_id,
        contact_id,
        booked_at,
        cancelled_at
    from base
    where quarantine_reason is null
)

select * from final
