{#- The member families of the metric kinds (seed metric_kinds, column member_family): each has
    its members model models/intermediate/metrics/members/int_metric_members__<family>.sql. -#}
{% macro member_families() -%}
    {{ return(['event_counts', 'conversions', 'values']) }}
{%- endmacro %}
