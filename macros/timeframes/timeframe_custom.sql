{#- Custom date range: from .. to. Previous period: the N = to - from + 1 days just before `from`. -#}
{% macro timeframe_custom(first_day, last_day) -%}
    {%- set span = dbt.datediff(first_day, last_day, 'day') -%}
    {{ return([first_day, last_day,
               _add_days(first_day, '-(' ~ span ~ ') - 1'), _add_days(first_day, -1)]) }}
{%- endmacro %}
