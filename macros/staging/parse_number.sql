{#- A number of the contract from a raw landing value, or null when it is not one. The contract's
    own grammar, the same whatever the engine's casts would accept:
    - an integer type (bigint, integer): digits with an optional sign (`1.6`, `1.0`, `1e3`, `0x1`
      are not integers);
    - decimal(p, s): digits with an optional sign and at most s decimals (`12.345` is not an
      amount of decimal(18, 2), `1e5` is no amount at all);
    surrounding spaces are ignored, and a value that does not fit the type is not one either.
    Typed inputs (Parquet) of an integer type, or of a decimal type with no more decimals than the
    contract's, are cast as they are; any other typed value is judged by its text. -#}
{% macro parse_number(column, data_type, input_type=none) %}
    {{ return(adapter.dispatch('parse_number', 'crm_warehouse')(column, data_type, input_type)) }}
{% endmacro %}

{% macro default__parse_number(column, data_type, input_type=none) -%}
    {%- set target = data_type | lower | replace(' ', '') -%}
    {%- set input = (input_type or 'VARCHAR') | upper | replace(' ', '') -%}
    {%- set integer_types = ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT',
                             'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT', 'INT', 'INT2', 'INT4',
                             'INT8'] -%}
    {%- if target.startswith('decimal(') or target.startswith('numeric(') -%}
        {%- set scale = target.split(',')[1].rstrip(')') | int -%}
        {%- set grammar = '[+-]?([0-9]+(\\.[0-9]{0,' ~ scale ~ '})?|\\.[0-9]{1,' ~ scale ~ '})' -%}
    {%- else -%}
        {%- set scale = 0 -%}
        {%- set grammar = '[+-]?[0-9]+' -%}
    {%- endif -%}
    {%- set input_scale = input.split(',')[1].rstrip(')') | int if input.startswith('DECIMAL(') else none -%}
    {%- if input in integer_types or (input_scale is not none and input_scale <= scale) -%}
        try_cast({{ column }} as {{ data_type }})
    {%- else -%}
        {%- set text = 'trim(cast(' ~ column ~ ' as varchar))' -%}
        case
            when regexp_full_match({{ text }}, '{{ grammar }}')
                then try_cast({{ text }} as {{ data_type }})
        end
    {%- endif -%}
{%- endmacro %}
