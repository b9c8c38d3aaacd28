{#- The median of a numeric expression (the mean of the two middle values for an even count). -#}
{% macro median(expression) %}
    {{ return(adapter.dispatch('median', 'crm_warehouse')(expression)) }}
{% endmacro %}

{% macro default__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}

{% macro duckdb__median(expression) -%}
    quantile_cont({{ expression }}, 0.5)
{%- endmacro %}
