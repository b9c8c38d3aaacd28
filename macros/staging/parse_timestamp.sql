{#- A UTC instant from ISO-8601 text (text without an offset is UTC) or from a typed timestamp;
    null when the value is not a valid instant (e.g. 2024-02-30T10:00:00Z). Stored as a naive
    timestamp in UTC. -#}
{% macro parse_timestamp(column) %}
    {{ return(adapter.dispatch('parse_timestamp', 'crm_warehouse')(column)) }}
{% endmacro %}

{% macro default__parse_timestamp(column) -%}
    (try_cast({{ column }} as timestamptz) at time zone 'UTC')
{%- endmacro %}
