{#- Last week: ws-7 .. ws-1. Previous period: ws-14 .. ws-8. -#}
{% macro timeframe_last_week(today, week_start) -%}
    {{ return([_add_days(week_start, -7), _add_days(week_start, -1),
               _add_days(week_start, -14), _add_days(week_start, -8)]) }}
{%- endmacro %}
