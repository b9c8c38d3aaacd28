with

base as (
    select * from {{ ref('base_landing__orders') }}
),

final as (
    select
        account_id,
        order_id,
        contact_id,
        product_id,
        status as order_status,
        started_at,
        ended_at
    from base
    where quarantine_reason is null
)

select * from final
