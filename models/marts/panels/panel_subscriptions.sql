{#-
    Subscriptions panel (dashboards.md, panel 2), per account and panel timeframe (default: the
    week). Section `daily`: one row per local day of the window, zeros included; section
    `week_total`: the whole window (`day` null). Events are counted, not contacts.
    `subscriptions_plus` = list subscriptions + sequence additions + membership grants (new
    leads are shown but not added in); `unsubscriptions_minus` = list unsubscriptions +
    sequence removals + membership revocations + email unsubscribes.
-#}

with

panel_days as (
    select * from {{ ref('int_panel_days') }}
),

window_events as (
    select * from {{ ref('int_panel_window_events') }}
),

subscription_events as (
    select
        account_id,
        timeframe,
        event_type,
        occurred_date
    from window_events
    where
        event_type in (
            'contact_added',
            'list_subscribed',
            'sequence_added',
            'membership_granted',
            'list_unsubscribed',
            'sequence_removed',
            'membership_revoked',
            'email_unsubscribed'
        )
),

daily_counts as (
    select
        panel_days.account_id,
        panel_days.timeframe,
        panel_days.panel_date,
        count(case when subscription_events.event_type = 'contact_added' then 1 end)
            as new_leads,
        count(case when subscription_events.event_type = 'list_subscribed' then 1 end)
            as list_subscriptions,
        count(case when subscription_events.event_type = 'sequence_added' then 1 end)
            as sequence_additions,
        count(case when subscription_events.event_type = 'membership_granted' then 1 end)
            as membership_grants,
        count(case when subscription_events.event_type = 'list_unsubscribed' then 1 end)
            as list_unsubscriptions,
        count(case when subscription_events.event_type = 'sequence_removed' then 1 end)
            as sequence_removals,
        count(case when subscription_events.event_type = 'membership_revoked' then 1 end)
            as membership_revocations,
        count(case when subscription_events.event_type = 'email_unsubscribed' then 1 end)
            as email_unsubscribes
    from panel_days
    left join subscription_events
        on
            panel_days.account_id = subscription_events.account_id
            and panel_days.timeframe = subscription_events.timeframe
            and panel_days.panel_date = subscription_events.occurred_date
    group by 1, 2, 3
),

window_counts as (
    select
        account_id,
        timeframe,
        sum(new_leads) as new_leads,
        sum(list_subscriptions) as list_subscriptions,
        sum(sequence_additions) as sequence_additions,
        sum(membership_grants) as membership_grants,
        sum(list_unsubscriptions) as list_unsubscriptions,
        sum(sequence_removals) as sequence_removals,
        sum(membership_revocations) as membership_revocations,
        sum(email_unsubscribes) as email_unsubscribes
    from daily_counts
    group by 1, 2
),

unioned as (
    select
        account_id,
        timeframe,
        'daily' as section,
        panel_date,
        new_leads,
        list_subscriptions,
        sequence_additions,
        membership_grants,
        list_unsubscriptions,
        sequence_removals,
        membership_revocations,
        email_unsubscribes
    from daily_counts
    union all
    select
        account_id,
        timeframe,
        'week_total' as section,
        cast(null as date) as panel_date,
        new_leads,
        list_subscriptions,
        sequence_additions,
        membership_grants,
        list_unsubscriptions,
        sequence_removals,
        membership_revocations,
        email_unsubscribes
    from window_counts
),

final as (
    select
        cast(account_id as bigint) as account_id,
        cast(timeframe as varchar) as timeframe,
        cast(section as varchar) as section,
        cast(panel_date as date) as day,  -- noqa: RF04
        cast(new_leads as bigint) as new_leads,
        cast(list_subscriptions as bigint) as list_subscriptions,
        cast(sequence_additions as bigint) as sequence_additions,
        cast(membership_grants as bigint) as membership_grants,
        cast(list_unsubscriptions as bigint) as list_unsubscriptions,
        cast(sequence_removals as bigint) as sequence_removals,
        cast(membership_revocations as bigint) as membership_revocations,
        cast(email_unsubscribes as bigint) as email_unsubscribes,
        cast(list_subscriptions + sequence_additions + membership_grants as bigint)
            as subscriptions_plus,
        cast(
            list_unsubscriptions + sequence_removals + membership_revocations + email_unsubscribes
            as bigint
        ) as unsubscriptions_minus,
        {{ as_of() }} as as_of
    from unioned
)

select * from final
