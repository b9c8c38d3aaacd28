{#- Generic test: every row's `columns` (a composite foreign key) exist together as `to_columns`
    (default: the same names) in the model `to`. Rows with a null in any of `columns` are not
    checked, as in dbt's `relationships` test. With `refreshed_accounts_only`, only the rows of the
    accounts a run refreshes (var refresh_accounts) are checked: for an account-level mart, whose
    other accounts' rows a partial run leaves as they were, compared with a model rebuilt from
    today's data (an as-of model then holds only the refreshed accounts). -#}
{% test relationships_combination(model, columns, to, to_columns=none, refreshed_accounts_only=false) %}
{%- set to_columns = to_columns or columns -%}
select child.*
from {{ model }} as child
where
    {%- if refreshed_accounts_only %}
    {{ in_refreshed_accounts('child.account_id') }} and
    {%- endif %}
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
