{#- A UTC instant from ISO-8601 text (text without an offset is UTC) or from a typed timestamp;
    null when the value is not a valid instant (e.g. 2024-02-30T10:00:00Z). Stored as a naive
    timestamp in UTC. `input_type` (the landing column's type, when known) skips parsing for
    columns that are already timestamps (Parquet). -#}
{% macro parse_timestamp(column, input_type=none) %}
    {{ return(adapter.dispatch('parse_timestamp', 'crm_warehouse')(column, input_type)) }}
{% endmacro %}

{#- The text form of an instant the contract accepts (ISO-8601 extended: a date, optionally a time
    to the microsecond, optionally `Z` or an offset): `infinity`, `now`, 5-digit years and the
    like are not instants. The reference implementation uses the same pattern
    (crm_warehouse/reference/parsing.py; tests/metrics/test_kinds_agree.py checks they agree). -#}
{% macro iso_instant_pattern() -%}
    [0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}(:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6})?)?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?
{%- endmacro %}

{% macro default__parse_timestamp(column, input_type=none) -%}
    {%- set input_type = (input_type or '') | upper -%}
    {%- if input_type.startswith('TIMESTAMP WITH TIME ZONE') or input_type == 'TIMESTAMPTZ' -%}
        {%- set instant = '(' ~ column ~ " at time zone 'UTC')" -%}
    {%- elif input_type.startswith('TIMESTAMP') or input_type == 'DATE' -%}
        {%- set instant = 'cast(' ~ column ~ ' as timestamp)' -%}
    {%- else -%}
        {%- set text = 'trim(cast(' ~ column ~ ' as varchar))' -%}
        {%- set instant = "(case when regexp_full_match(" ~ text ~ ", '" ~ iso_instant_pattern()
            ~ "') then try_cast(" ~ text ~ " as timestamptz) end at time zone 'UTC')" -%}
    {%- endif -%}
    {#- typed values too: no infinities, years 1 to 9999 -#}
    (case when isfinite({{ instant }}) and year({{ instant }}) between 1 and 9999 then {{ instant }} end)
{%- endmacro %}
