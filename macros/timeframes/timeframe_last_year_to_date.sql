{#- Last year to date: Jan 1 last year .. the same date last year (Feb 29 -> Feb 28).
    Previous period: Jan 1 two years ago .. the same date two years ago. -#}
{% macro timeframe_last_year_to_date(today, week_start) -%}
    {{ return([_add_years(_year_start(today), -1), _add_years(today, -1),
               _add_years(_year_start(today), -2), _add_years(today, -2)]) }}
{%- endmacro %}
