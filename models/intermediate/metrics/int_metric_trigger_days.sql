{#- The additive daily rollup of trigger matches: per account x metric x role x contact x local
    day, the number of occurrences, their amount and the first instant. Windows are whole local
    days, so every window is a range of these rows. -#}
{{ config(materialized='table') }}
with

matches as (
    select * from {{ ref('int_metric_trigger_matches') }}
),

final as (
    select
        account_id,
        metric_id,
        trigger_role,
        contact_id,
        occurred_date,
        count(*) as occurrences,
        sum(amount) as amount,
        min(occurred_at) as first_occurred_at
    from matches
    group by 1, 2, 3, 4, 5
)

select * from final
