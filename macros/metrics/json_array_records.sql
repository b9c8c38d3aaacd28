{#- Rows of a JSON array column: one row per element of `json_column` in `relation`, with the
    `keep_columns` of the relation and one typed column per entry of `fields` (name -> SQL type).
    Used to turn the parsed metric definitions (triggers, condition nodes) into tables. -#}
{% macro json_array_records(relation, keep_columns, json_column, fields) %}
    {{ return(adapter.dispatch('json_array_records', 'crm_warehouse')(relation, keep_columns, json_column, fields)) }}
{% endmacro %}

{% macro default__json_array_records(relation, keep_columns, json_column, fields) -%}
    {%- set duckdb_types = {'text': 'VARCHAR', 'bigint': 'BIGINT', 'integer': 'INTEGER', 'boolean': 'BOOLEAN',
                            'date': 'DATE', 'double': 'DOUBLE'} -%}
    {%- set spec = [] -%}
    {%- for name, data_type in fields.items() -%}
        {%- do spec.append('"' ~ name ~ '": "' ~ duckdb_types[data_type] ~ '"') -%}
    {%- endfor -%}
    select
        {%- for column in keep_columns %}
        {{ column }},
        {%- endfor %}
        {%- for name in fields %}
        record.{{ name }} as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from (
        select
            {%- for column in keep_columns %}
            {{ column }},
            {%- endfor %}
            unnest(from_json({{ json_column }}, '[{ {{- spec | join(', ') -}} }]')) as record
        from {{ relation }}
    ) as records
{%- endmacro %}

{% macro postgres__json_array_records(relation, keep_columns, json_column, fields) -%}
    select
        {%- for column in keep_columns %}
        source_rows.{{ column }},
        {%- endfor %}
        {%- for name, data_type in fields.items() %}
        cast(record ->> '{{ name }}' as {{ data_type }}) as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ relation }} as source_rows
    cross join lateral jsonb_array_elements(cast(source_rows.{{ json_column }} as jsonb)) as record
{%- endmacro %}
