{#-
    Overrides dbt's get_where_subquery, which gives every generic test the relation it checks.
    Besides a test's `where` config, a run for some accounts (var refresh_accounts) checks only
    their rows of a relation with an account_id column: the rows that run wrote. The other
    accounts' rows were checked by the run that wrote them, so a per-account refresh's tests cost
    in proportion to the refreshed accounts' data, not the warehouse's. A run for every account
    checks every row.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do conditions.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- if execute and refresh_accounts() | length > 0 and relation is not string -%}
        {%- set column_names = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
        {%- if 'account_id' in column_names -%}
            {%- do conditions.append(in_refreshed_accounts()) -%}
        {%- endif -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ conditions | join(' and ') }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
