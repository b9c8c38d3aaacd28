{#- Yesterday: today-1. Previous period: today-2. -#}
{% macro timeframe_yesterday(today, week_start) -%}
    {{ return([_add_days(today, -1), _add_days(today, -1), _add_days(today, -2), _add_days(today, -2)]) }}
{%- endmacro %}
