{#- Contacts with their display name (first and last name joined by a space, whichever exist,
    else the email). Whether a contact exists depends on the as-of instant: see
    int_contacts_at_as_of. -#}

with

contacts as (
    select * from {{ ref('stg_landing__contacts') }}
),

final as (
    select
        account_id,
        contact_id,
        email,
        first_name,
        last_name,
        display_name,
        created_at,
        deleted_at
    from contacts
    where {{ in_refreshed_accounts() }}
)

select * from final
