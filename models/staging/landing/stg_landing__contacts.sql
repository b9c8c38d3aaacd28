with

base as (
    select * from {{ ref('base_landing__contacts') }}
),

final as (
    select
        account_id,
        contact_id,
        email,
        first_name,
        last_name,
        coalesce(
            nullif(
                trim(concat_ws(' ', nullif(trim(first_name), ''), nullif(trim(last_name), ''))), ''
            ),
            email
        ) as display_name,
        created_at,
        deleted_at
    from base
    where quarantine_reason is null
)

select * from final
