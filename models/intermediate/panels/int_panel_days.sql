{#- Every local day of every panel window: the spine of the panels' daily series, so that a day
    without activity is still a row (with zeros). One row per account x timeframe x day. -#}
with

panel_windows as (
    select * from {{ ref('int_panel_windows') }}
),

window_days as (
    select
        account_id,
        timeframe,
        unnest(generate_series(
            cast(first_day as timestamp), cast(last_day as timestamp), interval 1 day
        )) as day_start
    from panel_windows
),

final as (
    select
        account_id,
        timeframe,
        cast(day_start as date) as panel_date
    from window_days
)

select * from final
