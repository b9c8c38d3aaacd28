{#- A whole number of microseconds as exact seconds, a decimal(38, 18) (a division could be a
    float on some engines). -#}
{% macro exact_seconds(microseconds) -%}
    cast(cast({{ microseconds }} as decimal(38, 0)) * cast('0.000001' as decimal(7, 6)) as decimal(38, 18))
{%- endmacro %}
