{#-
    Every occurrence that a metric's trigger matches, for the contacts its condition tree keeps
    (int_metric_condition_contacts), up to as-of: one row per account x metric x role x
    occurrence, with the occurrence's local date (from fct_events, never recomputed).
    Three set-based joins, one per way a trigger matches: any object, a given object, or a
    transaction status. Cost grows with the occurrences, not with metrics x timeframes.
-#}
{{ config(materialized='table') }}
{%- set match_columns -%}
        triggers.account_id,
        triggers.metric_id,
        triggers.trigger_role,
        events.contact_id,
        events.event_key,
        events.amount,
        events.occurred_date,
        events.occurred_at
{%- endset %}

with

events as (
    select * from {{ ref('int_events_at_as_of') }}
),

triggers as (
    select * from {{ ref('int_metric_triggers') }}
),

condition_contacts as (
    select * from {{ ref('int_metric_condition_contacts') }}
),

any_object_matches as (
    select
        {{ match_columns }}
    from triggers
    inner join events
        on triggers.account_id = events.account_id
            and triggers.event_type = events.event_type
    where triggers.matches_any_object
        and triggers.event_type is not null
        and (triggers.detail is null or triggers.detail = events.detail)
),

object_matches as (
    select
        {{ match_columns }}
    from triggers
    inner join events
        on triggers.account_id = events.account_id
            and triggers.event_type = events.event_type
            and triggers.object_id = events.object_id
    where not triggers.matches_any_object
        and (triggers.detail is null or triggers.detail = events.detail)
),

status_matches as (
    select
        {{ match_columns }}
    from triggers
    inner join events
        on triggers.account_id = events.account_id
            and triggers.transaction_status = events.transaction_status
    where triggers.event_type is null
        and events.event_source = 'transactions'
),

matches as (
    select * from any_object_matches
    union all
    select * from object_matches
    union all
    select * from status_matches
),

final as (
    select
        matches.account_id,
        matches.metric_id,
        matches.trigger_role,
        matches.contact_id,
        matches.event_key,
        matches.amount,
        matches.occurred_date,
        matches.occurred_at
    from matches
    inner join condition_contacts
        on matches.account_id = condition_contacts.account_id
            and matches.metric_id = condition_contacts.metric_id
            and matches.contact_id = condition_contacts.contact_id
)

select * from final
