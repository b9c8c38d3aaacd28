with

base as (
    select * from {{ ref('base_landing__dashboard_visits') }}
),

final as (
    select
        account_id,
        user_id,
        visited_at
    from base
    where quarantine_reason is null
)

select * from final
