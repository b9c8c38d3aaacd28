{#- Last month to date: 1st of last month .. today's day-of-month there, clamped to its last day.
    Previous period: the same in the month before last (always from today's day number). -#}
{% macro timeframe_last_month_to_date(today, week_start) -%}
    {%- set last_month = _add_months(_month_start(today), -1) -%}
    {%- set month_before = _add_months(_month_start(today), -2) -%}
    {{ return([last_month, _same_day_of_month_clamped(last_month, today),
               month_before, _same_day_of_month_clamped(month_before, today)]) }}
{%- endmacro %}
