{#- Year to date: Jan 1 .. today. Previous period: last year to date. -#}
{% macro timeframe_year_to_date(today, week_start) -%}
    {{ return([_year_start(today), today, _add_years(_year_start(today), -1), _add_years(today, -1)]) }}
{%- endmacro %}
