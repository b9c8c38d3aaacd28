{#- The landing tables of the contract (the `landing` source), sorted by name. -#}
{% macro landing_tables() %}
    {%- set tables = [] -%}
    {%- for node in graph.sources.values() | selectattr('source_name', 'equalto', 'landing') | sort(attribute='name') -%}
        {%- do tables.append({'name': node.name, 'key': node.meta['key']}) -%}
    {%- endfor -%}
    {{ return(tables) }}
{% endmacro %}
