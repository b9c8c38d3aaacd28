{#- Last year: Jan 1 .. Dec 31 of last year. Previous period: the year before last year. -#}
{% macro timeframe_last_year(today, week_start) -%}
    {%- set last_year = _add_years(_year_start(today), -1) -%}
    {%- set year_before = _add_years(_year_start(today), -2) -%}
    {{ return([last_year, _add_days(_year_start(today), -1), year_before, _add_days(last_year, -1)]) }}
{%- endmacro %}
