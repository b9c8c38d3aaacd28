{#- The occurrences of fct_events (events rows, contact_added, transactions) inside each panel
    window: on one of its local days and at or before as-of. Every staged row of the account
    counts, anonymous visitors and contacts missing from contacts included (unlike the metric
    intermediates). `visitor_key` is who did it for "unique visitor" counts: the contact id,
    else the visitor id (null when neither is known). -#}
with

events as (
    select * from {{ ref('int_events_localized') }}
),

panel_windows as (
    select * from {{ ref('int_panel_windows') }}
),

final as (
    select
        events.account_id,
        panel_windows.timeframe,
        events.event_key,
        events.event_source,
        events.event_type,
        events.contact_id,
        events.visitor_id,
        coalesce(
            'contact:' || cast(events.contact_id as varchar),
            'visitor:' || events.visitor_id
        ) as visitor_key,
        events.object_id,
        events.page_id,
        events.transaction_type,
        events.transaction_status,
        events.amount,
        events.affiliate_id,
        events.affiliate_commission,
        events.occurred_date,
        events.occurred_at
    from events
    inner join panel_windows
        on
            events.account_id = panel_windows.account_id
            and events.occurred_date between panel_windows.first_day and panel_windows.last_day
    where events.occurred_at <= {{ as_of() }}
)

select * from final
