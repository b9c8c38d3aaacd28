{#- Generic test: every value of the column is one of the values the landing contract accepts for
    `table`.`column` (its meta.accepted_values, which the base model's quarantine checks too), so
    the list is written once. -#}
{% test contract_accepted_values(model, column_name, table, column) %}
{%- set accepted = landing_table_node(table).columns[column].meta['accepted_values'] if execute else [] -%}
select {{ column_name }}
from {{ model }}
where {{ column_name }} not in (
    {%- for value in accepted %}'{{ value }}'{% if not loop.last %}, {% endif %}{% endfor -%}
)
{% endtest %}
