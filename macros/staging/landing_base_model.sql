{#-
    The body of a base model: every raw row of landing table `table`, typed by the contract's
    column types (the `landing` source), with the reason it is quarantined (null = good row).

    Per account (folder config in dbt_project.yml): a run for some accounts (var
    `refresh_accounts`) reads, checks and replaces only the landing rows of those accounts, so a
    per-account refresh costs in proportion to their data; rows without a readable account_id
    are (re)checked by runs for every account. Every key starts with account_id, so a duplicate
    never spans two accounts and deduplicating one account's rows is the same as deduplicating all.

    Checks, in the order of raw_contract.md "Bad input" (a row gets the first that applies):
      missing key            a key column is null or unreadable
      unknown account        account_id is not a good account row of base_landing__accounts
                             (unknown, or quarantined, e.g. its timezone is invalid)
      unparseable timestamp  a timestamp is not a valid instant (or is null where required)
      `checks`               the table's own checks, e.g. unknown event_type, a rating 1..5
      invalid value          a column the contract marks not_null is empty, or a column with
                             accepted_values has another value (meta of the landing contract)
      invalid value          a number that is not one of its contract type (macro parse_number:
                             `1.5` is no id, `12.345` no amount, `1e5` neither)
      negative amount        a column of `non_negative` below zero
      duplicate              a repeat of a key, after every other check (first in file order kept)
-#}
{% macro landing_base_model(table, required_timestamps=[], checks=[], non_negative=[]) -%}
{%- set source_relation = source('landing', table) -%}
{%- set accounts_relation = ref('base_landing__accounts') -%}
{%- if not execute -%}
select 1 as placeholder
{%- else -%}
{%- set node = graph.sources['source.crm_warehouse.landing.' ~ table] -%}
{#- Typed inputs (Parquet) need no parsing; text inputs (CSV) are parsed and checked. -#}
{%- set input_types = {} -%}
{%- for column in adapter.get_columns_in_relation(source_relation) -%}
    {%- do input_types.update({column.name | lower: column.dtype | upper}) -%}
{%- endfor -%}
{%- set key_columns = node.meta['key'] -%}
{%- if key_columns[0] != 'account_id' -%}
    {{ exceptions.raise_compiler_error("Landing table '" ~ table ~ "': its key must start with account_id (base models are incremental by account), got " ~ key_columns | join(', ') ~ ".") }}
{%- endif -%}
{%- set columns = [] -%}
{%- set raw_columns = [] -%}
{%- set typed = {} -%}
{%- set all_checks = [] -%}
{%- for column in node.columns.values() -%}
    {%- set raw = 'source.' ~ column.name -%}
    {%- do columns.append(column.name) -%}
    {%- do raw_columns.append(raw) -%}
    {%- if column.data_type == 'text' -%}
        {%- do typed.update({column.name: 'cast(' ~ raw ~ ' as varchar)'}) -%}
    {%- elif column.data_type == 'timestamp' -%}
        {%- do typed.update({column.name: parse_timestamp(raw, input_types.get(column.name))}) -%}
    {%- else -%}
        {%- do typed.update({column.name: parse_number(raw, column.data_type, input_types.get(column.name))}) -%}
    {%- endif -%}
{%- endfor -%}
{%- set types = {} -%}
{%- for column in node.columns.values() -%}
    {%- do types.update({column.name: column.data_type}) -%}
{%- endfor -%}
{#- A key instant (dashboard_visits.visited_at) is a required timestamp: empty or not an instant,
    it is `unparseable timestamp`, like every required timestamp (docs/decisions.md). -#}
{%- for key in key_columns if types[key] != 'timestamp' -%}
    {%- do all_checks.append((typed[key] ~ ' is null', 'missing key')) -%}
{%- endfor -%}
{%- do all_checks.append(('known_accounts.account_id is null', 'unknown account')) -%}
{%- for column in node.columns.values() if column.data_type == 'timestamp' -%}
    {%- if column.name in required_timestamps or column.name in key_columns -%}
        {%- do all_checks.append((typed[column.name] ~ ' is null', 'unparseable timestamp')) -%}
    {%- else -%}
        {%- do all_checks.append(('(source.' ~ column.name ~ ' is not null and ' ~ typed[column.name] ~ ' is null)', 'unparseable timestamp')) -%}
    {%- endif -%}
{%- endfor -%}
{%- for check in checks -%}
    {%- do all_checks.append(check) -%}
{%- endfor -%}
{#- The contract's own rules (meta of each column): a value is required, or must be one of a list. -#}
{%- for column in node.columns.values() if column.name not in key_columns -%}
    {%- set accepted = column.meta.get('accepted_values') -%}
    {%- if accepted -%}
        {%- set quoted = [] -%}
        {%- for value in accepted -%}{%- do quoted.append("'" ~ value ~ "'") -%}{%- endfor -%}
        {%- do all_checks.append(('coalesce(' ~ typed[column.name] ~ ' not in (' ~ quoted | join(', ') ~ '), '
            ~ ('true' if column.meta.get('not_null', false) else 'false') ~ ')', 'invalid value')) -%}
    {%- elif column.meta.get('not_null', false) -%}
        {%- do all_checks.append((typed[column.name] ~ ' is null', 'invalid value')) -%}
    {%- endif -%}
{%- endfor -%}
{%- for column in node.columns.values() if column.data_type not in ('text', 'timestamp') and column.name not in key_columns -%}
    {%- do all_checks.append(('(source.' ~ column.name ~ ' is not null and ' ~ typed[column.name] ~ ' is null)', 'invalid value')) -%}
{%- endfor -%}
{%- for column in non_negative -%}
    {%- do all_checks.append((typed[column] ~ ' < 0', 'negative amount')) -%}
{%- endfor -%}

with

source as (
    select * from {{ source_relation }} as source
    where {{ in_refreshed_accounts(typed['account_id']) }}
),

known_accounts as (
    select account_id from {{ accounts_relation }}
    where quarantine_reason is null
),

checked as (
    select
        {%- for column in columns %}
        {{ typed[column] }} as {{ column }},
        {%- endfor %}
        {{ quarantine_reason(all_checks) }} as _problem,
        {{ row_fingerprint(raw_columns) }} as _row_fingerprint,
        source._file_name,
        source._file_row_number
    from source
    left join known_accounts
        on {{ typed['account_id'] }} = known_accounts.account_id
),

{{ deduplicate_checked_rows(columns, key_columns) }}
{%- endif -%}
{%- endmacro %}
