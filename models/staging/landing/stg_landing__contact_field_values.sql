with

base as (
    select * from {{ ref('base_landing__contact_field_values') }}
),

final as (
    select
        account_id,
        contact_id,
        field as field_name,
        value as field_value,
        updated_at
    from base
    where quarantine_reason is null
)

select * from final
