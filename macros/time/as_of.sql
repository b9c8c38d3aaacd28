{#-
    The as-of instant of the build as a SQL timestamp literal (UTC, naive): the dbt var `as_of`
    (ISO-8601; `Z`, an offset, or no offset = UTC), or the start of the build when it is empty.
    One value for the whole build: every number depends on it, and tests pin it.
-#}
{% macro as_of() %}
    {%- set raw = var('as_of', '') | string | trim -%}
    {%- if raw in ('', 'None', 'none', 'now') -%}
        {%- set instant = run_started_at -%}
    {%- else -%}
        {%- set shape = '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?)?([Zz]|[+-]\\d{2}:?\\d{2})?$' -%}
        {%- if not modules.re.match(shape, raw) -%}
            {{ exceptions.raise_compiler_error(
                "The dbt var as_of must be an ISO-8601 instant such as 2026-03-31T19:00:00Z, got '" ~ raw ~ "'.") }}
        {%- endif -%}
        {%- set instant = modules.datetime.datetime.fromisoformat(raw) -%}
    {%- endif -%}
    {%- if instant.tzinfo is not none -%}
        {%- set instant = instant.astimezone(modules.pytz.utc).replace(tzinfo=none) -%}
    {%- endif -%}
    {{ return("cast('" ~ instant.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "' as timestamp)") }}
{% endmacro %}
