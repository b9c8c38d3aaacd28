{#- Every occurrence the metrics and panels count, from the three tables they come from:
    events rows; one `contact_added` per contact at its created_at; one row per transaction
    (event_type `purchased` for a purchase, `refunded` for a refund or chargeback row, otherwise
    `transaction`). No time zone work here: fct_events does it once per row. -#}
with

events as (
    select * from {{ ref('stg_landing__events') }}
),

contacts as (
    select * from {{ ref('stg_landing__contacts') }}
),

transactions as (
    select * from {{ ref('stg_landing__transactions') }}
),

activity_events as (
    select
        account_id,
        'event:' || event_id as event_key,
        'events' as event_source,
        event_type,
        contact_id,
        visitor_id,
        object_id,
        page_id,
        detail,
        cast(null as varchar) as transaction_type,
        cast(null as varchar) as transaction_status,
        cast(null as decimal(18, 2)) as amount,
        cast(null as bigint) as affiliate_id,
        cast(null as decimal(18, 2)) as affiliate_commission,
        occurred_at
    from events
),

contact_added_events as (
    select
        account_id,
        'contact:' || cast(contact_id as varchar) as event_key,
        'contacts' as event_source,
        'contact_added' as event_type,
        contact_id,
        cast(null as varchar) as visitor_id,
        cast(null as bigint) as object_id,
        cast(null as bigint) as page_id,
        cast(null as varchar) as detail,
        cast(null as varchar) as transaction_type,
        cast(null as varchar) as transaction_status,
        cast(null as decimal(18, 2)) as amount,
        cast(null as bigint) as affiliate_id,
        cast(null as decimal(18, 2)) as affiliate_commission,
        created_at as occurred_at
    from contacts
),

transaction_events as (
    select
        account_id,
        'transaction:' || cast(transaction_id as varchar) as event_key,
        'transactions' as event_source,
        case
            when is_purchase then 'purchased'
            when is_refund then 'refunded'
            else 'transaction'
        end as event_type,
        contact_id,
        cast(null as varchar) as visitor_id,
        product_id as object_id,
        page_id,
        cast(null as varchar) as detail,
        transaction_type,
        transaction_status,
        amount,
        affiliate_id,
        affiliate_commission,
        occurred_at
    from transactions
),

unioned as (
    select * from activity_events
    union all
    select * from contact_added_events
    union all
    select * from transaction_events
),

final as (
    select
        *,
        {{ row_fingerprint([
            'event_type', 'contact_id', 'visitor_id', 'object_id', 'page_id', 'detail',
            'transaction_type', 'transaction_status', 'amount', 'affiliate_id',
            'affiliate_commission', 'occurred_at',
        ]) }} as row_fingerprint
    from unioned
)

select * from final
