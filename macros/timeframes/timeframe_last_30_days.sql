{#- Last 30 days: today-30 .. today-1. Previous period: today-60 .. today-31. -#}
{% macro timeframe_last_30_days(today, week_start) -%}
    {{ return([_add_days(today, -30), _add_days(today, -1), _add_days(today, -60), _add_days(today, -31)]) }}
{%- endmacro %}
