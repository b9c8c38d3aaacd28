{#- The occurrences of known contacts up to the as-of instant (an instant equal to as-of
    counts): what metrics and conditions read. Anonymous events, events after as-of and events
    of contacts that do not exist yet (or are missing from contacts) are left out. -#}
with

events as (
    select * from {{ ref('int_events_localized') }}
),

contacts as (
    select * from {{ ref('int_contacts_at_as_of') }}
),

final as (
    select events.*
    from events
    inner join contacts
        on events.account_id = contacts.account_id
            and events.contact_id = contacts.contact_id
    where events.occurred_at <= {{ as_of() }}
        and {{ in_refreshed_accounts('events.account_id') }}
)

select * from final
