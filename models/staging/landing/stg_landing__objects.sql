with

base as (
    select * from {{ ref('base_landing__objects') }}
),

final as (
    select
        account_id,
        object_id,
        object_type,
        name as object_name,
        url as object_url,
        price
    from base
    where quarantine_reason is null
)

select * from final
