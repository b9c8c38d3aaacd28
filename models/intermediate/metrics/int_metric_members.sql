{#- The members of every metric value (both periods): the contacts behind each number with their
    own contribution. Values are aggregated from these rows, so members always reproduce them. -#}
{{ config(materialized='table') }}
with

event_counts as (
    select * from {{ ref('int_metric_members__event_counts') }}
),

conversions as (
    select * from {{ ref('int_metric_members__conversions') }}
),

metric_values_members as (
    select * from {{ ref('int_metric_members__values') }}
),

final as (
    select * from event_counts
    union all
    select * from conversions
    union all
    select * from metric_values_members
)

select * from final
