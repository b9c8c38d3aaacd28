{#- Last week to date: ws-7 .. today-7. Previous period: ws-14 .. today-14. -#}
{% macro timeframe_last_week_to_date(today, week_start) -%}
    {{ return([_add_days(week_start, -7), _add_days(today, -7),
               _add_days(week_start, -14), _add_days(today, -14)]) }}
{%- endmacro %}
