{#- Every raw row that did not land in staging, with its table, key, reason, file and raw values:
    the rows of the base models (one per table of the landing contract, macro landing_tables)
    with a quarantine reason, plus app metric definitions that the parser rejected (`invalid
    definition`). The marts quarantined_rows (its public leaf) and landing_row_counts read it. -#}
{%- set base_models = landing_tables() -%}

with

{% for table in base_models -%}
    {{ table }}_quarantined as (
        select *
        from {{ ref('base_landing__' ~ table) }}
        where quarantine_reason is not null
    ),

    {{ table }} as (
        select
            '{{ table }}' as table_name,
            {{ table }}_quarantined.account_id,
            {%- if execute %}
                {%- set source_node = landing_table_node(table) %}
                concat_ws(
                    ' / '
                    {%- for key in source_node.meta['key'] -%}
                        , coalesce(cast(raw_rows.{{ key }} as varchar), '(null)')
                    {%- endfor -%}
                ) as row_key,
            {%- else %}
                '' as row_key,
            {%- endif %}
            {{ table }}_quarantined.quarantine_reason,
            case
                when {{ table }}_quarantined.is_changed_duplicate
                    then 'differs from the copy that was kept'
                when {{ table }}_quarantined.quarantine_reason = 'duplicate'
                    then 'identical to the copy that was kept'
            end as reason_detail,
            {{ table }}_quarantined._file_name as file_name,
            {{ table }}_quarantined._file_row_number as file_row_number,
            {#- raw_rows is the whole landing row (a struct), not a column. #}
            cast(to_json(raw_rows) as varchar) as raw_row  -- noqa: RF02
        from {{ table }}_quarantined
        inner join {{ source('landing', table) }} as raw_rows
            on {{ table }}_quarantined._file_name = raw_rows._file_name
                and {{ table }}_quarantined._file_row_number = raw_rows._file_row_number
    ),

{% endfor -%}

rejected_definitions as (
    select
        'metric_definitions' as table_name,
        scope_account_id as account_id,
        concat_ws(
            ' / ', cast(scope_account_id as varchar), metric_id, cast(app_created_at as varchar)
        ) as row_key,
        'invalid definition' as quarantine_reason,
        rejection_reason as reason_detail,
        cast(null as varchar) as file_name,
        cast(null as bigint) as file_row_number,
        definition_json as raw_row
    from {{ ref('int_metric_definitions__parsed') }}
    where source = 'app' and rejection_reason is not null
),

final as (
    {% for table in base_models -%}
        select * from {{ table }}
        union all
    {% endfor -%}
    select * from rejected_definitions
)

select * from final
