with

base as (
    select * from {{ ref('base_landing__metric_definitions') }}
),

final as (
    select
        account_id,
        metric_id,
        definition as definition_json,
        created_at,
        deleted_at
    from base
    where quarantine_reason is null
)

select * from final
