{#- A hash of a row's values, to tell changed copies and changed rows apart. -#}
{% macro row_fingerprint(columns) %}
    {{ return(adapter.dispatch('row_fingerprint', 'crm_warehouse')(columns)) }}
{% endmacro %}

{% macro default__row_fingerprint(columns) -%}
    md5(concat_ws('|'
        {%- for column in columns -%}
        , coalesce(cast({{ column }} as {{ dbt.type_string() }}), '\u2400')
        {%- endfor -%}
    ))
{%- endmacro %}

{% macro duckdb__row_fingerprint(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}
