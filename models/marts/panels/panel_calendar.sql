{#-
    Calendar panel (dashboards.md, panel 6): per account, the next 3 calendar events starting
    after as-of (ties: lower id first): title, start as a UTC instant and as the account's
    wall-clock time, capacity, and the number of active registrants (booked at or before as-of,
    not cancelled by as-of); when the capacity is 1 and there is exactly one registrant, that
    registrant's display name (first and last name, else the email; null when the contact is
    missing from contacts). Not windowed. The local start is converted here, for at most 3 rows
    per account: calendar events are not occurrences of fct_events.
-#}

with

calendar_events as (
    select * from {{ ref('stg_landing__calendar_events') }}
),

bookings as (
    select * from {{ ref('stg_landing__bookings') }}
),

accounts as (
    select * from {{ ref('stg_landing__accounts') }}
),

contacts as (
    select * from {{ ref('stg_landing__contacts') }}
),

ranked_events as (
    select
        *,
        row_number() over (
            partition by account_id
            order by starts_at asc, calendar_event_id asc
        ) as event_rank
    from calendar_events
    where
        starts_at > {{ as_of() }}
        and {{ in_refreshed_accounts() }}
),

next_events as (
    select * from ranked_events
    where event_rank <= 3
),

active_bookings as (
    select * from bookings
    where
        booked_at <= {{ as_of() }}
        and coalesce(cancelled_at > {{ as_of() }}, true)
),

registrant_counts as (
    select
        next_events.account_id,
        next_events.calendar_event_id,
        count(active_bookings.booking_id) as registrants,
        min(active_bookings.contact_id) as first_contact_id
    from next_events
    left join active_bookings
        on
            next_events.account_id = active_bookings.account_id
            and next_events.calendar_event_id = active_bookings.calendar_event_id
    group by 1, 2
),

final as (
    select
        cast(next_events.account_id as bigint) as account_id,
        cast(next_events.event_rank as bigint) as rank,
        cast(next_events.calendar_event_id as bigint) as calendar_event_id,
        cast(next_events.title as varchar) as title,
        cast(next_events.starts_at as timestamp) as starts_at_utc,
        cast({{ to_local_timestamp('next_events.starts_at', 'accounts.timezone') }} as timestamp)
            as starts_local,
        cast(next_events.capacity as bigint) as capacity,
        cast(registrant_counts.registrants as bigint) as registrants,
        cast(case
            when next_events.capacity = 1 and registrant_counts.registrants = 1
                then contacts.display_name
        end as varchar) as registrant_name,
        {{ as_of() }} as as_of
    from next_events
    inner join accounts
        on next_events.account_id = accounts.account_id
    inner join registrant_counts
        on
            next_events.account_id = registrant_counts.account_id
            and next_events.calendar_event_id = registrant_counts.calendar_event_id
    left join contacts
        on
            registrant_counts.account_id = contacts.account_id
            and registrant_counts.first_contact_id = contacts.contact_id
)

select * from final
