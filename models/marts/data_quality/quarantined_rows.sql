{#- Every raw row that did not land in staging, with its table, key, reason, file and raw values.
    Rows of base models with a quarantine reason, plus app metric definitions that the parser
    rejected (`invalid definition`). -#}
{%- set base_models = [
    'accounts', 'bookings', 'broadcasts', 'calendar_events', 'contact_field_values', 'contacts',
    'dashboard_visits', 'events', 'metric_definitions', 'objects', 'orders', 'tickets',
    'transactions',
] -%}

with

{% for table in base_models -%}
{{ table }} as (
    select
        '{{ table }}' as table_name,
        try_cast(json_extract_string(_raw_row, '$.account_id') as bigint) as account_id,
        {%- if execute %}
        concat_ws(' / '
            {%- for key in graph.sources['source.crm_warehouse.landing.' ~ table].meta['key'] -%}
            , coalesce(json_extract_string(_raw_row, '$.{{ key }}'), '(null)')
            {%- endfor -%}
        ) as row_key,
        {%- else %}
        '' as row_key,
        {%- endif %}
        quarantine_reason,
        case
            when is_changed_duplicate then 'differs from the copy that was kept'
            when quarantine_reason = 'duplicate' then 'identical to the copy that was kept'
        end as reason_detail,
        _file_name as file_name,
        _file_row_number as file_row_number,
        cast(_raw_row as varchar) as raw_row
    from {{ ref('base_landing__' ~ table) }}
    where quarantine_reason is not null
),

{% endfor -%}

rejected_definitions as (
    select
        'metric_definitions' as table_name,
        scope_account_id as account_id,
        concat_ws(' / ', cast(scope_account_id as varchar), metric_id, cast(app_created_at as varchar))
            as row_key,
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
