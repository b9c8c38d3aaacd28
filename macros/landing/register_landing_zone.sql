{#-
    on-run-start: make the landing zone (raw_contract.md) visible as one view per contract table in
    schema `landing`, so that sources, staging and everything after it read one shape whatever the
    import format. For each table of the `landing` source it looks, in the folder of the dbt var
    `landing_zone`, for `<table>.parquet`, then `<table>.csv`, then `<table>/*.parquet`.
    - an absent optional table becomes an empty view;
    - an absent required table, or a missing column that the contract does not mark optional,
      stops the build with a message naming the folder, the table and the column;
    - every view carries `_file_name` and `_file_row_number`, the file order that decides which copy
      of a duplicated key is kept.
    CSV files are read as text (every value kept, typed later in base models) in the contract's
    dialect, never sniffed (RFC 4180: comma, double quotes, quote-doubling, header row, UTF-8);
    Parquet as typed.
-#}
{% macro register_landing_zone() %}
    {{ return(adapter.dispatch('register_landing_zone', 'crm_warehouse')()) }}
{% endmacro %}

{% macro default__register_landing_zone() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set landing_zone = var('landing_zone') | string | trim -%}
    {%- set folder = landing_zone.rstrip('/') -%}
    {%- set all_files = _landing_zone_files(folder) -%}
    {%- set empty = _landing_zone_empty_files(folder) if all_files else [] -%}
    {%- set found = all_files | reject('in', empty) | list -%}
    {%- set statements = ['create schema if not exists landing'] -%}
    {%- for node in graph.sources.values() | selectattr('source_name', 'equalto', 'landing') | sort(attribute='name') -%}
        {%- set table = node.name -%}
        {%- set reader = _landing_reader(folder, table, found) -%}
        {%- if reader is none -%}
            {%- set empty_files = [folder ~ '/' ~ table ~ '.csv', folder ~ '/' ~ table ~ '.parquet'] | select('in', empty) | list -%}
            {%- if empty_files and node.meta.get('required', false) -%}
                {{ exceptions.raise_compiler_error(
                    "Landing zone '" ~ folder ~ "': the required table '" ~ table ~ "' is an empty file (0 bytes, not even a header row): "
                    ~ empty_files | join(', ') ~ ".") }}
            {%- elif empty_files -%}
                {{ log("Landing zone: " ~ empty_files | join(', ') ~ " is empty (0 bytes): the optional table '" ~ table ~ "' is read as empty.", info=true) }}
            {%- endif -%}
            {%- if node.meta.get('required', false) -%}
                {{ exceptions.raise_compiler_error(
                    "Landing zone '" ~ folder ~ "': the required table '" ~ table ~ "' is missing (looked for "
                    ~ table ~ ".parquet, " ~ table ~ ".csv and " ~ table ~ "/*.parquet). "
                    ~ "Set the dbt var landing_zone (or env LANDING_ZONE) to a folder that follows raw_contract.md.") }}
            {%- endif -%}
            {%- set columns = [] -%}
            {%- for column in node.columns.values() -%}
                {%- do columns.append('cast(null as varchar) as ' ~ column.name) -%}
            {%- endfor -%}
            {%- do statements.append(
                'create or replace view landing.' ~ table ~ ' as select ' ~ columns | join(', ')
                ~ ", cast(null as varchar) as _file_name, cast(null as bigint) as _file_row_number where false") -%}
        {%- else -%}
            {%- set described = _landing_columns(reader) -%}
            {%- set present = described[0] -%}
            {%- set present_types = described[1] -%}
            {%- set columns = [] -%}
            {%- for column in node.columns.values() -%}
                {%- if column.name in present and not _landing_type_is_readable(column.data_type, present_types[column.name]) -%}
                    {{ exceptions.raise_compiler_error(
                        "Landing zone '" ~ folder ~ "': table '" ~ table ~ "' (" ~ _landing_table_files(folder, table, found)
                        ~ "), column '" ~ present[column.name] ~ "' is " ~ present_types[column.name]
                        ~ ", which cannot be read as the contract's " ~ column.data_type
                        ~ " (raw_contract.md): the whole table is unreadable, so the build stops before any account is changed.") }}
                {%- endif -%}
                {%- if column.name in present -%}
                    {%- do columns.append('"' ~ present[column.name] ~ '" as ' ~ column.name) -%}
                {%- elif column.meta.get('optional', false) -%}
                    {%- do columns.append('cast(null as varchar) as ' ~ column.name) -%}
                {%- else -%}
                    {{ exceptions.raise_compiler_error(
                        "Landing zone '" ~ folder ~ "': table '" ~ table ~ "' has no column '" ~ column.name
                        ~ "' (required by raw_contract.md; the file has: " ~ present.values() | list | join(', ') ~ ").") }}
                {%- endif -%}
            {%- endfor -%}
            {%- do statements.append(
                'create or replace view landing.' ~ table ~ ' as select ' ~ columns | join(', ')
                ~ ', filename as _file_name, file_row_number as _file_row_number from ' ~ reader) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for statement in statements -%}
        {%- do run_query(statement) -%}
    {%- endfor -%}
    {{ log("Landing zone: " ~ folder, info=true) }}
    {{ return('') }}
{% endmacro %}

{#- The files directly in the folder that are empty (0 bytes): an optional table in one is read
    as empty; a required one stops the build naming the file. -#}
{% macro _landing_zone_empty_files(folder) %}
    {%- set files = [] -%}
    {%- for row in run_query("select filename from read_blob('" ~ _sql_text(folder) ~ "/*') where size = 0") -%}
        {%- do files.append(row[0] | replace('\\', '/')) -%}
    {%- endfor -%}
    {{ return(files) }}
{% endmacro %}

{#- Every file directly in the folder and every Parquet file one level below it. -#}
{% macro _landing_zone_files(folder) %}
    {%- set query -%}
        select file from glob('{{ _sql_text(folder) }}/*')
        union all
        select file from glob('{{ _sql_text(folder) }}/*/*.parquet')
    {%- endset -%}
    {%- set files = [] -%}
    {%- for row in run_query(query) -%}
        {%- do files.append(row[0] | replace('\\', '/')) -%}
    {%- endfor -%}
    {{ return(files) }}
{% endmacro %}

{#- A path as the inside of a SQL string literal (a folder may contain a quote). -#}
{% macro _sql_text(text) %}
    {{ return(text | replace("'", "''")) }}
{% endmacro %}

{% macro _landing_reader(folder, table, files) %}
    {%- set path = folder ~ '/' ~ table -%}
    {%- set prefix = _sql_text(path) -%}
    {%- if (path ~ '.parquet') in files -%}
        {{ return("read_parquet('" ~ prefix ~ ".parquet', filename = true, file_row_number = true)") }}
    {%- elif (path ~ '.csv') in files -%}
        {#- read_csv has no file_row_number: number the rows in scan order, which DuckDB keeps
            (preserve_insertion_order, on by default; a test guards it). -#}
        {#- The contract's CSV form is read as written, never sniffed (RFC 4180: comma, double
            quote, a quote doubled inside a quoted field, header row, UTF-8). A line of up to
            64 MiB is a row like any other (DuckDB's default limit, 2 MB, stopped every account's
            build on one long `detail`). -#}
        {{ return("(select *, row_number() over () as file_row_number from read_csv('" ~ prefix
            ~ ".csv', header = true, all_varchar = true, filename = true, delim = ',', quote = '\"', "
            ~ "escape = '\"', encoding = 'utf-8', max_line_size = 67108864))") }}
    {%- endif -%}
    {%- for file in files -%}
        {%- if file.startswith(path ~ '/') -%}
            {{ return("read_parquet('" ~ prefix ~ "/*.parquet', filename = true, file_row_number = true, union_by_name = true)") }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}

{#- Whether a typed input column can be read as the contract type at all: text (and a column of
    nulls only) always; a number
    of the contract from a number or text; a timestamp from a timestamp, a date or text. A column
    that cannot (e.g. occurred_at as BIGINT) makes the table unreadable: a file fault, not a
    row fault. -#}
{% macro _landing_type_is_readable(contract_type, input_type) %}
    {%- set contract = contract_type | lower -%}
    {%- set input = input_type | upper -%}
    {%- set is_text = input.startswith('VARCHAR') or input == 'TEXT' or input.startswith('CHAR') -%}
    {%- set is_number = input in ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT',
        'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT', 'FLOAT', 'DOUBLE', 'REAL']
        or input.startswith('DECIMAL') -%}
    {%- if contract == 'text' or input.strip('"') == 'NULL' -%}
        {{ return(true) }}
    {%- elif contract == 'timestamp' -%}
        {{ return(is_text or input.startswith('TIMESTAMP') or input == 'DATE') }}
    {%- else -%}
        {{ return(is_text or is_number) }}
    {%- endif -%}
{% endmacro %}

{#- The file (or file pattern) a table is read from, for messages. -#}
{% macro _landing_table_files(folder, table, files) %}
    {%- set path = folder ~ '/' ~ table -%}
    {%- if (path ~ '.parquet') in files -%}
        {{ return(path ~ '.parquet') }}
    {%- elif (path ~ '.csv') in files -%}
        {{ return(path ~ '.csv') }}
    {%- endif -%}
    {{ return(path ~ '/*.parquet') }}
{% endmacro %}

{#- The reader's column names and types, each keyed by the lower-case name (headers are matched
    case-insensitively), from one DESCRIBE: [names, types]. -#}
{% macro _landing_columns(reader) %}
    {%- set present = {} -%}
    {%- set types = {} -%}
    {%- for row in run_query('describe select * from ' ~ reader) -%}
        {%- do present.update({(row[0] | lower): row[0]}) -%}
        {%- do types.update({(row[0] | lower): (row[1] | upper)}) -%}
    {%- endfor -%}
    {{ return([present, types]) }}
{% endmacro %}
