with

base as (
    select * from {{ ref('base_landing__broadcasts') }}
),

final as (
    select
        account_id,
        broadcast_id,
        message_id,
        name as broadcast_name,
        channel,
        sent_at
    from base
    where quarantine_reason is null
)

select * from final
