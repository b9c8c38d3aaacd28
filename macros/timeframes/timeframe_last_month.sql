{#- Last month: its 1st .. its last day. Previous period: the month before last month. -#}
{% macro timeframe_last_month(today, week_start) -%}
    {%- set last_month = _add_months(_month_start(today), -1) -%}
    {%- set month_before = _add_months(_month_start(today), -2) -%}
    {{ return([last_month, _month_end(last_month), month_before, _month_end(month_before)]) }}
{%- endmacro %}
