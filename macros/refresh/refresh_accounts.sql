{#-
    Per-account refresh. The dbt var `refresh_accounts` (a list of account ids, default empty =
    every account) limits a run to those accounts: the as-of models read only their rows, and the
    per-account models replace only their rows, leaving every other account's rows untouched.

    Which models are per account is declared once, per folder, in dbt_project.yml (the anchor
    `&per_account`: tag `per_account`, incremental by account, the pre-hook
    `delete_refreshed_accounts`). Python reads the tag from the manifest (orchestration).
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

{#- Whether this run is for every account (no refresh_accounts): per-account models are then
    rebuilt whole (config full_refresh in dbt_project.yml). -#}
{% macro is_every_account_run() -%}
    {{ return(refresh_accounts() | length == 0) }}
{%- endmacro %}

{#- The pre-hook of every per-account model (dbt_project.yml): before a run for some accounts
    appends their new rows, delete their old ones, so an account whose rows all disappeared is
    emptied too. (The incremental strategy then replaces, by account_id, the accounts present in
    the new rows: a model that selects other accounts' rows as well rewrites them, never
    duplicates them.) A run for every account rebuilds the table, so there is nothing to delete. -#}
{% macro delete_refreshed_accounts() -%}
    {%- if is_incremental() and not is_every_account_run() -%}
        delete from {{ this }} where {{ in_refreshed_accounts() }}
    {%- endif -%}
{%- endmacro %}
