{#-
    Per-account refresh. The dbt var `refresh_accounts` (a list of account ids, default empty =
    every account) limits a run to those accounts: the as-of models read only their rows, and the
    account-level marts (materialized with `account_incremental_config`) replace only their rows,
    leaving every other account's rows untouched.
-#}
{% macro refresh_accounts() %}
    {%- set accounts = var('refresh_accounts', []) -%}
    {%- if accounts is string -%}
        {%- set accounts = accounts.replace('[', '').replace(']', '').split(',') | map('trim') | reject('equalto', '') | list -%}
    {%- endif -%}
    {%- set ids = [] -%}
    {%- for account in accounts -%}
        {%- if not (account | string | trim).lstrip('-').isdigit() -%}
            {{ exceptions.raise_compiler_error("The dbt var refresh_accounts must list account ids, got '" ~ account ~ "'.") }}
        {%- endif -%}
        {%- do ids.append(account | int) -%}
    {%- endfor -%}
    {{ return(ids) }}
{% endmacro %}

{#- A SQL condition keeping the rows of the accounts being refreshed (true when all are). -#}
{% macro in_refreshed_accounts(column='account_id') -%}
    {%- set ids = refresh_accounts() -%}
    {%- if ids | length == 0 -%}
        true
    {%- else -%}
        {{ column }} in ({{ ids | join(', ') }})
    {%- endif -%}
{%- endmacro %}

{#- The config of a table that is incremental by account. A run for some accounts deletes and
    re-inserts only their rows (never a full refresh, even with --full-refresh: the table would
    keep only those accounts); a run for every account rebuilds the whole table (full_refresh).
    The account-level marts are public interfaces with enforced contracts, which dbt allows only
    with on_schema_change `fail` or `append_new_columns`: a change of their columns is a contract
    change, built by a run for every account (or with --full-refresh). -#}
{% macro account_incremental_config() -%}
    {%- if refresh_accounts() | length == 0 -%}
        {{ config(
            materialized='incremental',
            incremental_strategy='append',
            on_schema_change='fail',
            full_refresh=true,
        ) }}
    {%- else -%}
        {{ config(
            materialized='incremental',
            incremental_strategy='append',
            on_schema_change='fail',
            full_refresh=false,
            pre_hook=["{% if is_incremental() %}delete from {{ this }} where "
                ~ in_refreshed_accounts() ~ "{% endif %}"],
        ) }}
    {%- endif -%}
{%- endmacro %}
