{#- The 13 built-in timeframe keys, in the order the dashboard's arrows step through them. -#}
{% macro builtin_timeframes() -%}
    {{ return([
        'today', 'yesterday', 'last_7_days', 'this_week', 'last_week', 'last_week_to_date',
        'this_month', 'last_month', 'last_month_to_date', 'last_30_days', 'last_year',
        'last_year_to_date', 'year_to_date',
    ]) }}
{%- endmacro %}

{#- [first, last, previous_first, previous_last] SQL date expressions of built-in timeframe `key`
    for an account whose local date at as-of is `today` and whose current week starts on
    `week_start`. Dispatches to the macro of that timeframe in macros/timeframes/. -#}
{% macro timeframe_bounds(key, today, week_start) -%}
    {{ return(context['timeframe_' ~ key](today, week_start)) }}
{%- endmacro %}
