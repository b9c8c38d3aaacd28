{#- Tag and sequence subscriptions of each contact at as-of: subscribed when the last add is
    strictly later than the last removal (or there was no removal). -#}
with

events as (
    select * from {{ ref('int_events_at_as_of') }}
    where event_type in ('tag_added', 'tag_removed', 'sequence_added', 'sequence_removed')
),

final as (
    select
        account_id,
        contact_id,
        object_id,
        case when event_type like 'tag%' then 'tag' else 'sequence' end as subscription_type,
        max(case when event_type in ('tag_added', 'sequence_added') then occurred_at end)
            as last_added_at,
        max(case when event_type in ('tag_removed', 'sequence_removed') then occurred_at end)
            as last_removed_at
    from events
    group by 1, 2, 3, 4
)

select
    *,
    last_added_at is not null
    and (last_removed_at is null or last_added_at > last_removed_at) as is_subscribed
from final
