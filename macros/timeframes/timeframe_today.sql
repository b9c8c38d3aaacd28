{#- Today: today (up to as-of). Previous period: all of yesterday. -#}
{% macro timeframe_today(today, week_start) -%}
    {{ return([today, today, _add_days(today, -1), _add_days(today, -1)]) }}
{%- endmacro %}
