{#- The members of every metric value (both periods): the contacts behind each number with their
    own contribution, from the members model of each member family (seed metric_kinds, column
    member_family; one model members/int_metric_members__<family>). Values are aggregated from
    these rows, so members always reproduce them. -#}
{{ config(materialized='table') }}
{%- set families = member_families() %}
with

{% for family in families -%}
    {{ family }} as (
        select * from {{ ref('int_metric_members__' ~ family) }}
    ),

{% endfor -%}
final as (
    {%- for family in families %}
        select * from {{ family }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from final
