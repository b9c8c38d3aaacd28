{#- A UTC instant from ISO-8601 text (text without an offset is UTC) or from a typed timestamp;
    null when the value is not a valid instant (e.g. 2024-02-30T10:00:00Z). Stored as a naive
    timestamp in UTC. `input_type` (the landing column's type, when known) skips parsing for
    columns that are already timestamps (Parquet). -#}
{% macro parse_timestamp(column, input_type=none) %}
    {{ return(adapter.dispatch('parse_timestamp', 'crm_warehouse')(column, input_type)) }}
{% endmacro %}

{% macro default__parse_timestamp(column, input_type=none) -%}
    {%- set input_type = (input_type or '') | upper -%}
    {%- if input_type.startswith('TIMESTAMP WITH TIME ZONE') or input_type == 'TIMESTAMPTZ' -%}
        ({{ column }} at time zone 'UTC')
    {%- elif input_type.startswith('TIMESTAMP') or input_type == 'DATE' -%}
        cast({{ column }} as timestamp)
    {%- else -%}
        (try_cast({{ column }} as timestamptz) at time zone 'UTC')
    {%- endif -%}
{%- endmacro %}
