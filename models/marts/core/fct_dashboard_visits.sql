{#- The staged dashboard visits (who opened an account's dashboard, when): the refresh sensor's
    record of activity as of the last build (it also reads new visits live from the landing
    zone). Per account (dbt_project.yml). -#}
with

visits as (
    select * from {{ ref('stg_landing__dashboard_visits') }}
),

final as (
    select
        account_id,
        user_id,
        visited_at
    from visits
    where {{ in_refreshed_accounts() }}
)

select * from final
