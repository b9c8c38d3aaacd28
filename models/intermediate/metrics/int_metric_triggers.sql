{#-
    What each metric counts, per account, with object references resolved to this account's
    object ids. Roles: `event` (the counting kinds), `from` / `to` (conversion_rate,
    avg_time_between), `value` (total_value, avg_value: purchases of a product, or transactions
    with a status). A reference by id or name that matches no object of the account gives no row,
    so it matches nothing; `any` matches every occurrence (null object ids included).
-#}
with

metrics as (
    select * from {{ ref('int_metrics') }}
),

objects as (
    select * from {{ ref('stg_landing__objects') }}
),

triggers as (
    {{ json_array_records('metrics', ['account_id', 'metric_id'], 'triggers_json', {
        'role': 'text', 'event_type': 'text', 'object_ref': 'text', 'object_id': 'bigint',
        'object_name': 'text', 'detail': 'text', 'transaction_status': 'text',
    }) }}
),

any_object_triggers as (
    select
        account_id,
        metric_id,
        role as trigger_role,
        event_type,
        transaction_status,
        detail,
        true as matches_any_object,
        cast(null as bigint) as object_id
    from triggers
    where coalesce(object_ref, 'any') = 'any'
),

object_triggers as (
    select
        triggers.account_id,
        triggers.metric_id,
        triggers.role as trigger_role,
        triggers.event_type,
        triggers.transaction_status,
        triggers.detail,
        false as matches_any_object,
        objects.object_id
    from triggers
    inner join objects
        on triggers.account_id = objects.account_id
            and (
                (triggers.object_ref = 'id' and triggers.object_id = objects.object_id)
                or (triggers.object_ref = 'name' and triggers.object_name = objects.object_name)
            )
),

final as (
    select * from any_object_triggers
    union all
    select * from object_triggers
)

select * from final
