{#- Every raw row accounted for: per landing table, the raw rows, the rows staged and the rows
    quarantined (raw = staged + quarantined, tested by assert_raw_rows_are_accounted_for), for
    every table of the landing contract (macro landing_tables). App
    metric definitions rejected by the parser count as quarantined, not staged. -#}
{%- set tables = landing_tables() -%}

with

quarantined as (
    select
        table_name,
        count(*) as quarantined_rows
    from {{ ref('int_quarantined_rows') }}
    group by 1
),

rejected_definitions as (
    select
        'metric_definitions' as table_name,
        count(*) as rejected_rows
    from {{ ref('int_metric_definitions__parsed') }}
    where source = 'app' and rejection_reason is not null
),

counts as (
    {%- for table in tables %}
        select
            '{{ table }}' as table_name,
            (select count(*) as row_count from {{ source('landing', table) }}) as raw_rows,
            (select count(*) as row_count from {{ ref('stg_landing__' ~ table) }}) as staged_rows
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select
        counts.table_name,
        counts.raw_rows,
        counts.staged_rows - coalesce(rejected_definitions.rejected_rows, 0) as staged_rows,
        coalesce(quarantined.quarantined_rows, 0) as quarantined_rows
    from counts
    left join quarantined
        on counts.table_name = quarantined.table_name
    left join rejected_definitions
        on counts.table_name = rejected_definitions.table_name
)

select * from final
