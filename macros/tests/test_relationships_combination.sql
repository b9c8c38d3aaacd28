{#- Generic test: every row's `columns` (a composite foreign key) exist together as `to_columns`
    (default: the same names) in the model `to`. Rows with a null in any of `columns` are not
    checked, as in dbt's `relationships` test. A run for some accounts checks only their rows
    (macros/tests/get_where_subquery.sql). -#}
{% test relationships_combination(model, columns, to, to_columns=none) %}
{%- set to_columns = to_columns or columns -%}
select child.*
from (select * from {{ model }}) as child
where
    {%- for column in columns %}
    child.{{ column }} is not null and
    {%- endfor %}
    not exists (
        select 1
        from {{ to }} as parent
        where
            {%- for column in columns %}
            parent.{{ to_columns[loop.index0] }} = child.{{ column }}{{ ' and' if not loop.last }}
            {%- endfor %}
    )
{% endtest %}
