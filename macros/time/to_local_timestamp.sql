{#- The wall-clock time in IANA zone `timezone` of a UTC instant stored as a naive timestamp.
    The slowest per-row step of the warehouse (perf_notes.md): only fct_events calls it per event. -#}
{% macro to_local_timestamp(utc_timestamp, timezone) %}
    {{ return(adapter.dispatch('to_local_timestamp', 'crm_warehouse')(utc_timestamp, timezone)) }}
{% endmacro %}

{% macro default__to_local_timestamp(utc_timestamp, timezone) -%}
    timezone({{ timezone }}, cast({{ utc_timestamp }} as timestamptz))
{%- endmacro %}

{% macro postgres__to_local_timestamp(utc_timestamp, timezone) -%}
    (({{ utc_timestamp }} at time zone 'UTC') at time zone {{ timezone }})
{%- endmacro %}
