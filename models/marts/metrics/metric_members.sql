{#- The drill-down behind every metric value ("clicking the number"): for every metric and
    timeframe, the contacts behind the current value with their name, email, creation date and own
    contribution (events, counted to_events, seconds, amount or value). Counting or summing a
    value's members reproduces it exactly. -#}


with

metrics as (
    select * from {{ ref('int_metrics') }}
),

members as (
    select * from {{ ref('int_metric_members') }}
    where period = 'current'
),

contacts as (
    select * from {{ ref('stg_landing__contacts') }}
),

final as (
    select
        members.account_id,
        members.metric_id,
        members.contact_id,
        metrics.kind,
        members.timeframe,
        contacts.display_name,
        contacts.first_name,
        contacts.last_name,
        contacts.email,
        members.contribution,
        cast(case when members.in_numerator then 1 else 0 end as integer) as in_numerator,
        contacts.created_at,
        {{ as_of() }} as as_of,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp) as computed_at
    from members
    inner join metrics
        on members.account_id = metrics.account_id
            and members.metric_id = metrics.metric_id
    inner join contacts
        on members.account_id = contacts.account_id
            and members.contact_id = contacts.contact_id
)

select * from final
