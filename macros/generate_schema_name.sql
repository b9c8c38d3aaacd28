{#- Schemas are named by layer (staging, intermediate, marts, ...), not prefixed with the target
    schema: analysts and BI tools query `marts.metric_values`, whatever the target. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
