{#- This month: the 1st .. today. Previous period: last month to date (clamped). -#}
{% macro timeframe_this_month(today, week_start) -%}
    {%- set last_month = _add_months(_month_start(today), -1) -%}
    {{ return([_month_start(today), today, last_month, _same_day_of_month_clamped(last_month, today)]) }}
{%- endmacro %}
