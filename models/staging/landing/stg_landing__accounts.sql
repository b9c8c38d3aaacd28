with

base as (
    select * from {{ ref('base_landing__accounts') }}
),

final as (
    select
        account_id,
        name as account_name,
        timezone,
        week_start,
        case week_start
            when 'sunday' then 0
            when 'monday' then 1
            when 'tuesday' then 2
            when 'wednesday' then 3
            when 'thursday' then 4
            when 'friday' then 5
            when 'saturday' then 6
        end as week_start_day_number,
        currency
    from base
    where quarantine_reason is null
)

select * from final
