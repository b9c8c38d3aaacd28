with

accounts as (
    select * from {{ ref('stg_landing__accounts') }}
),

final as (
    select
        account_id,
        account_name,
        timezone,
        week_start,
        currency,
        week_start_day_number
    from accounts
    where {{ in_refreshed_accounts() }}
)

select * from final
