with

base as (
    select * from {{ ref('base_landing__tickets') }}
),

final as (
    select
        account_id,
        ticket_id,
        contact_id,
        channel,
        satisfaction,
        created_at,
        first_opened_at,
        closed_at
    from base
    where quarantine_reason is null
)

select * from final
