{#- Last 7 days: today-7 .. today-1. Previous period: today-14 .. today-8. -#}
{% macro timeframe_last_7_days(today, week_start) -%}
    {{ return([_add_days(today, -7), _add_days(today, -1), _add_days(today, -14), _add_days(today, -8)]) }}
{%- endmacro %}
