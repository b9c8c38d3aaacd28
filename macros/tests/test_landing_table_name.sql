{#- Generic test: every value of the column names a table of the landing contract (macro
    landing_tables), so the list is never written twice. -#}
{% test landing_table_name(model, column_name) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} not in (
    {%- for table in landing_tables() %}'{{ table }}'{% if not loop.last %}, {% endif %}{% endfor -%}
)
{% endtest %}
