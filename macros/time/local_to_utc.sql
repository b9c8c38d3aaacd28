{#- The UTC instant (naive timestamp) of a wall-clock time `local_timestamp` in IANA zone
    `timezone`. Inverse of to_local_timestamp; used for window bounds, never per event. -#}
{% macro local_to_utc(local_timestamp, timezone) %}
    {{ return(adapter.dispatch('local_to_utc', 'crm_warehouse')(local_timestamp, timezone)) }}
{% endmacro %}

{% macro default__local_to_utc(local_timestamp, timezone) -%}
    (timezone({{ timezone }}, cast({{ local_timestamp }} as timestamp)) at time zone 'UTC')
{%- endmacro %}

{% macro postgres__local_to_utc(local_timestamp, timezone) -%}
    ((cast({{ local_timestamp }} as timestamp) at time zone {{ timezone }}) at time zone 'UTC')
{%- endmacro %}
