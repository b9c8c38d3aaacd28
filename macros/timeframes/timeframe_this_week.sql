{#- This week: ws(today) .. today. Previous period: ws-7 .. today-7 (last week to date). -#}
{% macro timeframe_this_week(today, week_start) -%}
    {{ return([week_start, today, _add_days(week_start, -7), _add_days(today, -7)]) }}
{%- endmacro %}
