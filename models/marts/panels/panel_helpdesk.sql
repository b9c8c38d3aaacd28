{#-
    Helpdesk panel (dashboards.md, panel 5): one row per account and panel timeframe (default:
    the week). New tickets and new chats created in the window (at or before as-of); tickets of
    channel `ticket` unopened at as-of (created by as-of, neither first-opened nor closed by
    as-of, any age); the number of tickets and chats closed in the window that have a rating and
    their average satisfaction (null when none). Tickets are not in fct_events: the window's
    local days are compared through their UTC bounds (int_panel_windows), no per-row time zone
    conversion.
-#}

with

panel_windows as (
    select * from {{ ref('int_panel_windows') }}
),

tickets as (
    select * from {{ ref('stg_landing__tickets') }}
),

ticket_flags as (
    select
        panel_windows.account_id,
        panel_windows.timeframe,
        tickets.ticket_id,
        tickets.channel,
        tickets.satisfaction,
        tickets.created_at >= panel_windows.utc_start
        and tickets.created_at < panel_windows.utc_end_exclusive
        and tickets.created_at <= {{ as_of() }} as is_created_in_window,
        tickets.closed_at >= panel_windows.utc_start
        and tickets.closed_at < panel_windows.utc_end_exclusive
        and tickets.closed_at <= {{ as_of() }} as is_closed_in_window,
        tickets.created_at <= {{ as_of() }}
        and coalesce(tickets.first_opened_at > {{ as_of() }}, true)
        and coalesce(tickets.closed_at > {{ as_of() }}, true) as is_unopened
    from panel_windows
    left join tickets
        on panel_windows.account_id = tickets.account_id
),

account_figures as (
    select
        account_id,
        timeframe,
        count(case when is_created_in_window and channel = 'ticket' then 1 end) as new_tickets,
        count(case when is_created_in_window and channel = 'chat' then 1 end) as new_chats,
        count(case when is_unopened and channel = 'ticket' then 1 end) as unopened_tickets,
        count(case when is_closed_in_window then satisfaction end) as rated_closed,
        avg(case when is_closed_in_window then satisfaction end) as avg_satisfaction
    from ticket_flags
    group by 1, 2
),

final as (
    select
        cast(account_id as bigint) as account_id,
        cast(timeframe as varchar) as timeframe,
        cast(new_tickets as bigint) as new_tickets,
        cast(new_chats as bigint) as new_chats,
        cast(unopened_tickets as bigint) as unopened_tickets,
        cast(rated_closed as bigint) as rated_closed,
        cast(avg_satisfaction as double) as avg_satisfaction,
        {{ as_of() }} as as_of
    from account_figures
)

select * from final
