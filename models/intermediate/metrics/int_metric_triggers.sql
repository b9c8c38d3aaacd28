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

resolved as (
    {{ resolve_object_references(
        'triggers',
        ['account_id', 'metric_id', 'role', 'event_type', 'transaction_status', 'detail'],
        'objects',
    ) }}
),

final as (
    select
        account_id,
        metric_id,
        role as trigger_role,
        event_type,
        transaction_status,
        detail,
        matches_any_object,
        object_id
    from resolved
)

select * from final
