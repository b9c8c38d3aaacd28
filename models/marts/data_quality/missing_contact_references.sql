{#- Rows staged with a contact id that is missing from contacts (metrics.md §5): they count in no
    metric until the contact arrives (panels count them). Per account and table. -#}
{#- The tables of the landing contract with a contact_id column (macro landing_tables). Every
    staging model is referenced, so that dbt knows them while parsing, before the contract's
    columns can be read. -#}
{%- set tables = [] -%}
{%- for table in landing_tables() if table != 'contacts' -%}
    {%- set staged = ref('stg_landing__' ~ table) -%}
    {%- if landing_table_has_column(table, 'contact_id') -%}
        {%- do tables.append(table) -%}
    {%- endif -%}
{%- endfor -%}

with

contacts as (
    select
        account_id,
        contact_id
    from {{ ref('stg_landing__contacts') }}
),

{% for table in tables -%}
    {{ table }}_missing as (
        select
            rows_with_contact.account_id,
            '{{ table }}' as table_name,
            count(*) as row_count,
            count(distinct rows_with_contact.contact_id) as missing_contacts
        from {{ ref('stg_landing__' ~ table) }} as rows_with_contact
        left join contacts
            on rows_with_contact.account_id = contacts.account_id
                and rows_with_contact.contact_id = contacts.contact_id
        where rows_with_contact.contact_id is not null
            and contacts.contact_id is null
        group by 1, 2
    ),

{% endfor -%}

final as (
    {%- for table in tables %}
        select * from {{ table }}_missing
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from final
