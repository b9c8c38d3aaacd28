{#-
    Recent broadcasts panel (dashboards.md, panel 3): per account, the 3 broadcasts with the
    latest `sent_at` at or before as-of (ties: higher broadcast id first), with the events of
    the broadcast's message up to as-of: recipients (`message_sent`), delivered, bounces,
    unsubscribes, complaints (events counted), unique opens and unique clicks (distinct contact
    id, else visitor id). Each percentage is given as a fraction (`*_rate`) and as 0-100
    (`*_pct`): delivered and bounced of recipients; opens, clicks, unsubscribes and complaints of
    delivered; null when the base is 0. Not windowed: the panel shows the latest broadcasts
    whatever the panel timeframe.
-#}

{#- Each rate as a fraction (`_rate`) and as 0-100 (`_pct`) of its base; null when the base is
    0 (dashboards.md). -#}
{%- set rates = [
    ('delivered', 'delivered', 'recipients'), ('bounced', 'bounces', 'recipients'),
    ('opens', 'unique_opens', 'delivered'), ('clicks', 'unique_clicks', 'delivered'),
    ('unsubscribes', 'unsubscribes', 'delivered'), ('complaints', 'complaints', 'delivered'),
] %}

with

broadcasts as (
    select * from {{ ref('stg_landing__broadcasts') }}
),

events as (
    select * from {{ ref('int_events_localized') }}
),

ranked_broadcasts as (
    select
        *,
        row_number() over (
            partition by account_id
            order by sent_at desc, broadcast_id desc
        ) as broadcast_rank
    from broadcasts
    where
        sent_at <= {{ as_of() }}
        and {{ in_refreshed_accounts() }}
),

recent_broadcasts as (
    select * from ranked_broadcasts
    where broadcast_rank <= 3
),

message_events as (
    select
        account_id,
        object_id as message_id,
        event_type,
        coalesce(
            'contact:' || cast(contact_id as varchar),
            'visitor:' || visitor_id
        ) as visitor_key
    from events
    where
        event_source = 'events'
        and event_type in (
            'message_sent', 'email_delivered', 'email_opened', 'email_link_clicked',
            'email_bounced', 'email_unsubscribed', 'email_complained'
        )
        and occurred_at <= {{ as_of() }}
        and {{ in_refreshed_accounts() }}
),

broadcast_counts as (
    select
        recent_broadcasts.account_id,
        recent_broadcasts.broadcast_id,
        count(case when message_events.event_type = 'message_sent' then 1 end) as recipients,
        count(case when message_events.event_type = 'email_delivered' then 1 end) as delivered,
        count(distinct case
            when message_events.event_type = 'email_opened' then message_events.visitor_key
        end) as unique_opens,
        count(distinct case
            when message_events.event_type = 'email_link_clicked' then message_events.visitor_key
        end) as unique_clicks,
        count(case when message_events.event_type = 'email_bounced' then 1 end) as bounces,
        count(case when message_events.event_type = 'email_unsubscribed' then 1 end)
            as unsubscribes,
        count(case when message_events.event_type = 'email_complained' then 1 end) as complaints
    from recent_broadcasts
    left join message_events
        on
            recent_broadcasts.account_id = message_events.account_id
            and recent_broadcasts.message_id = message_events.message_id
    group by 1, 2
),

broadcast_rates as (
    select
        {%- for name, count, base in rates %}
            case
                when {{ base }} > 0 then cast({{ count }} as double) / {{ base }}
            end as {{ name }}_rate,
            case
                when {{ base }} > 0 then 100 * cast({{ count }} as double) / {{ base }}
            end as {{ name }}_pct,
        {%- endfor %}
        broadcast_counts.*
    from broadcast_counts
),

final as (
    select
        cast(recent_broadcasts.account_id as bigint) as account_id,
        cast(recent_broadcasts.broadcast_rank as bigint) as rank,
        cast(recent_broadcasts.broadcast_id as bigint) as broadcast_id,
        cast(recent_broadcasts.message_id as bigint) as message_id,
        cast(recent_broadcasts.broadcast_name as varchar) as name,  -- noqa: RF04
        cast(recent_broadcasts.channel as varchar) as channel,
        cast(recent_broadcasts.sent_at as timestamp) as sent_at,
        cast(broadcast_rates.recipients as bigint) as recipients,
        cast(broadcast_rates.delivered as bigint) as delivered,
        cast(broadcast_rates.unique_opens as bigint) as unique_opens,
        cast(broadcast_rates.unique_clicks as bigint) as unique_clicks,
        cast(broadcast_rates.bounces as bigint) as bounces,
        cast(broadcast_rates.unsubscribes as bigint) as unsubscribes,
        cast(broadcast_rates.complaints as bigint) as complaints,
        cast(broadcast_rates.delivered_rate as double) as delivered_rate,
        cast(broadcast_rates.delivered_pct as double) as delivered_pct,
        cast(broadcast_rates.bounced_rate as double) as bounced_rate,
        cast(broadcast_rates.bounced_pct as double) as bounced_pct,
        cast(broadcast_rates.opens_rate as double) as opens_rate,
        cast(broadcast_rates.opens_pct as double) as opens_pct,
        cast(broadcast_rates.clicks_rate as double) as clicks_rate,
        cast(broadcast_rates.clicks_pct as double) as clicks_pct,
        cast(broadcast_rates.unsubscribes_rate as double) as unsubscribes_rate,
        cast(broadcast_rates.unsubscribes_pct as double) as unsubscribes_pct,
        cast(broadcast_rates.complaints_rate as double) as complaints_rate,
        cast(broadcast_rates.complaints_pct as double) as complaints_pct,
        {{ as_of() }} as as_of
    from recent_broadcasts
    inner join broadcast_rates
        on
            recent_broadcasts.account_id = broadcast_rates.account_id
            and recent_broadcasts.broadcast_id = broadcast_rates.broadcast_id
)

select * from final
