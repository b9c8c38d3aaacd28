with

base as (
    select * from {{ ref('base_landing__transactions') }}
),

final as (
    select
        account_id,
        transaction_id,
        contact_id,
        product_id,
        affiliate_id,
        page_id,
        type as transaction_type,
        status as transaction_status,
        amount,
        affiliate_commission,
        type in ('sale', 'rebill') and status in ('paid', 'refunded') as is_purchase,
        type in ('refund', 'chargeback') as is_refund,
        occurred_at
    from base
    where quarantine_reason is null
)

select * from final
