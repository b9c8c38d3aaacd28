{#- Small date helpers for the timeframe macros (all take and give SQL date expressions). -#}
{% macro _add_days(date, days) -%}
    cast({{ dbt.dateadd('day', days, date) }} as date)
{%- endmacro %}

{% macro _add_months(date, months) -%}
    cast({{ dbt.dateadd('month', months, date) }} as date)
{%- endmacro %}

{% macro _add_years(date, years) -%}
    {#- Feb 29 plus or minus a year is Feb 28 (the engines clamp month arithmetic). -#}
    cast({{ dbt.dateadd('year', years, date) }} as date)
{%- endmacro %}

{% macro _month_start(date) -%}
    cast({{ dbt.date_trunc('month', date) }} as date)
{%- endmacro %}

{% macro _year_start(date) -%}
    cast({{ dbt.date_trunc('year', date) }} as date)
{%- endmacro %}

{% macro _month_end(month_start) -%}
    {{ _add_days(_add_months(month_start, 1), -1) }}
{%- endmacro %}

{#- The same day-of-month as `today` in the month starting `month_start`, clamped to its last day. -#}
{% macro _same_day_of_month_clamped(month_start, today) -%}
    least(
        {{ _add_days(month_start, 'cast(extract(day from ' ~ today ~ ') as integer) - 1') }},
        {{ _month_end(month_start) }}
    )
{%- endmacro %}
