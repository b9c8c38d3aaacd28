{#-
    The landing tables of the contract (the `landing` source, models/staging/landing/
    _landing__sources.yml), sorted by name: the data-quality marts loop over these.

    dbt learns a model's dependencies (its refs) while parsing, before the contract (graph.sources)
    can be read, so the names are written here as well; at execution the list is checked against
    the contract, and a table added to or removed from the contract without this list stops the
    build, naming it (tests/metrics/test_kinds_agree.py checks it too, without a build).
-#}
{% macro landing_tables() %}
    {%- set listed = [
        'accounts', 'bookings', 'broadcasts', 'calendar_events', 'contact_field_values',
        'contacts', 'dashboard_visits', 'events', 'metric_definitions', 'objects', 'orders',
        'tickets', 'transactions',
    ] -%}
    {%- if execute -%}
        {%- set contract = graph.sources.values() | selectattr('source_name', 'equalto', 'landing') | map(attribute='name') | sort | list -%}
        {%- if contract != listed | sort -%}
            {{ exceptions.raise_compiler_error("macros/data_quality/landing_tables.sql lists the landing tables " ~ (listed | sort | join(', ')) ~ ", but the landing contract (_landing__sources.yml) has " ~ (contract | join(', ')) ~ ": update the list.") }}
        {%- endif -%}
    {%- endif -%}
    {{ return(listed) }}
{% endmacro %}

{#- The contract's node of landing table `table` (columns, meta.key), at execution. -#}
{% macro landing_table_node(table) %}
    {{ return(graph.sources['source.crm_warehouse.landing.' ~ table]) }}
{% endmacro %}

{#- Whether landing table `table` has column `column` in the contract (false while parsing). -#}
{% macro landing_table_has_column(table, column) %}
    {{ return(execute and column in landing_table_node(table).columns) }}
{% endmacro %}
