{#- The contacts that exist at the as-of instant for metrics: created at or before it (a contact
    created later does not exist yet). A contact deleted before as-of is kept (it still counts
    unless a metric asks `contact_exists`), with `is_existing` false. -#}
with

contacts as (
    select * from {{ ref('stg_landing__contacts') }}
),

final as (
    select
        account_id,
        contact_id,
        deleted_at is null or deleted_at > {{ as_of() }} as is_existing,
        created_at,
        deleted_at
    from contacts
    where created_at <= {{ as_of() }}
        and {{ in_refreshed_accounts() }}
)

select * from final
