{#-
    Traffic & conversions panel (dashboards.md, panel 4), per account and panel timeframe
    (default: the week). Sections `pages`, `videos`, `forms`: the top 5 objects by views
    (`page_visited`, `video_played`, `form_viewed` with that object; ties: lower object id
    first), their unique visitors (distinct contact id, else visitor id), goals and
    goal_rate = goals / views. Goals: on a page, the `form_submitted` and `video_played` events
    and the purchases of type sale whose page_id is the page; on a video, its
    `video_completed` events; on a form, its `form_submitted` events. Section
    `daily_unique_visitors`: the account's unique visitors of `page_visited` events per local day
    of the window, zeros included.
-#}

with

panel_days as (
    select * from {{ ref('int_panel_days') }}
),

window_events as (
    select * from {{ ref('int_panel_window_events') }}
),

objects as (
    select * from {{ ref('stg_landing__objects') }}
),

object_views as (
    select
        account_id,
        timeframe,
        'pages' as section,
        object_id,
        visitor_key
    from window_events
    where
        event_type = 'page_visited'
        and object_id is not null
    union all
    select
        account_id,
        timeframe,
        'videos' as section,
        object_id,
        visitor_key
    from window_events
    where
        event_type = 'video_played'
        and object_id is not null
    union all
    select
        account_id,
        timeframe,
        'forms' as section,
        object_id,
        visitor_key
    from window_events
    where
        event_type = 'form_viewed'
        and object_id is not null
),

view_counts as (
    select
        account_id,
        timeframe,
        section,
        object_id,
        count(*) as view_count,
        count(distinct visitor_key) as unique_visitors
    from object_views
    group by 1, 2, 3, 4
),

ranked_objects as (
    select
        *,
        row_number() over (
            partition by account_id, timeframe, section
            order by view_count desc, object_id asc
        ) as object_rank
    from view_counts
),

top_objects as (
    select * from ranked_objects
    where object_rank <= 5
),

object_goals as (
    select
        account_id,
        timeframe,
        'pages' as section,
        page_id as object_id
    from window_events
    where (
        event_type in ('form_submitted', 'video_played')
        or (event_type = 'purchased' and transaction_type = 'sale')
    )
    and page_id is not null
    union all
    select
        account_id,
        timeframe,
        'videos' as section,
        object_id
    from window_events
    where
        event_type = 'video_completed'
        and object_id is not null
    union all
    select
        account_id,
        timeframe,
        'forms' as section,
        object_id
    from window_events
    where
        event_type = 'form_submitted'
        and object_id is not null
),

goal_counts as (
    select
        account_id,
        timeframe,
        section,
        object_id,
        count(*) as goals
    from object_goals
    group by 1, 2, 3, 4
),

object_rows as (
    select
        top_objects.account_id,
        top_objects.timeframe,
        top_objects.section,
        cast(null as date) as panel_date,
        top_objects.object_rank,
        top_objects.object_id,
        objects.object_name,
        top_objects.view_count,
        top_objects.unique_visitors,
        coalesce(goal_counts.goals, 0) as goals,
        cast(coalesce(goal_counts.goals, 0) as double) / top_objects.view_count as goal_rate
    from top_objects
    left join goal_counts
        on
            top_objects.account_id = goal_counts.account_id
            and top_objects.timeframe = goal_counts.timeframe
            and top_objects.section = goal_counts.section
            and top_objects.object_id = goal_counts.object_id
    left join objects
        on
            top_objects.account_id = objects.account_id
            and top_objects.object_id = objects.object_id
),

page_visits as (
    select
        account_id,
        timeframe,
        visitor_key,
        occurred_date
    from window_events
    where event_type = 'page_visited'
),

daily_visitor_rows as (
    select
        panel_days.account_id,
        panel_days.timeframe,
        'daily_unique_visitors' as section,
        panel_days.panel_date,
        cast(null as bigint) as object_rank,
        cast(null as bigint) as object_id,
        cast(null as varchar) as object_name,
        cast(null as bigint) as view_count,
        count(distinct page_visits.visitor_key) as unique_visitors,
        cast(null as bigint) as goals,
        cast(null as double) as goal_rate
    from panel_days
    left join page_visits
        on
            panel_days.account_id = page_visits.account_id
            and panel_days.timeframe = page_visits.timeframe
            and panel_days.panel_date = page_visits.occurred_date
    group by 1, 2, 3, 4
),

unioned as (
    select * from object_rows
    union all
    select * from daily_visitor_rows
),

final as (
    select
        cast(account_id as bigint) as account_id,
        cast(timeframe as varchar) as timeframe,
        cast(section as varchar) as section,
        cast(panel_date as date) as day,  -- noqa: RF04
        cast(object_rank as bigint) as rank,
        cast(object_id as bigint) as object_id,
        cast(object_name as varchar) as name,  -- noqa: RF04
        cast(view_count as bigint) as views,  -- noqa: RF04
        cast(unique_visitors as bigint) as unique_visitors,
        cast(goals as bigint) as goals,
        cast(goal_rate as double) as goal_rate,
        {{ as_of() }} as as_of
    from unioned
)

select * from final
