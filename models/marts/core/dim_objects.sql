with

objects as (
    select * from {{ ref('stg_landing__objects') }}
),

final as (
    select
        account_id,
        object_id,
        object_type,
        object_name,
        object_url,
        price
    from objects
    where {{ in_refreshed_accounts() }}
)

select * from final
