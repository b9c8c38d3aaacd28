{#- Generic test: none of `columns` holds a null. One test per model rather than one `not_null` per
    column: every dbt test costs a fixed ~0.07 s to compile and run, and a per-account refresh runs
    them all. One scan counts the nulls of every column; a failing row names the column and its
    number of null rows. -#}
{% test not_null_columns(model, columns) %}
with

null_counts as (
    select
        {%- for column in columns %}
        sum(case when {{ column }} is null then 1 else 0 end) as nulls_{{ loop.index }}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from {{ model }}
)

{% for column in columns -%}
select '{{ column }}' as column_name, nulls_{{ loop.index }} as null_rows
from null_counts
where nulls_{{ loop.index }} > 0
{% if not loop.last %}union all
{% endif -%}
{% endfor %}
{% endtest %}
