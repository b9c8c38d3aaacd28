{#-
    The contacts for which each leaf of each metric's `where` tree is true at as-of: one row per
    account x metric x leaf node x contact. Every leaf is true or false for every contact (never
    unknown): a contact without a row here is one for which the leaf is false. One set-based query
    per way a leaf is evaluated (seed condition_leaf_types), for all metrics at once.
-#}
with

nodes as (
    select * from {{ ref('int_metric_condition_nodes') }}
    where node_type = 'leaf'
),

leaf_types as (
    select * from {{ ref('condition_leaf_types') }}
),

contacts as (
    select * from {{ ref('int_contacts_at_as_of') }}
),

events as (
    select * from {{ ref('int_events_at_as_of') }}
),

objects as (
    select * from {{ ref('stg_landing__objects') }}
),

field_values as (
    select * from {{ ref('stg_landing__contact_field_values') }}
),

subscriptions as (
    select * from {{ ref('int_subscriptions_at_as_of') }}
),

orders as (
    select * from {{ ref('stg_landing__orders') }}
    where contact_id is not null  -- an order without a contact makes no contact's leaf true
),

transactions as (
    select * from {{ ref('stg_landing__transactions') }}
    where contact_id is not null  -- a transaction without a contact (staged for the panels)
),

account_timeframes as (
    select * from {{ ref('int_account_timeframes') }}
),

leaves as (
    select
        nodes.*,
        leaf_types.evaluated_by,
        leaf_types.event_type,
        leaf_types.object_type
    from nodes
    inner join leaf_types
        on nodes.leaf_type = leaf_types.leaf_type
),

{# Leaves that name an object: one row per matching object of the account, or one row with
    a null object id for `any`. A name or id that matches nothing gives no row (false). -#}
leaf_objects as (
    {{ resolve_object_references('leaves', ['account_id', 'metric_id', 'node_id'], 'objects') }}
),

{# visited_landing_page: the leaf's own timeframe, taken at as-of. -#}
leaf_windows as (
    select
        leaves.account_id,
        leaves.metric_id,
        leaves.node_id,
        coalesce(account_timeframes.first_day, leaves.custom_first_day) as first_day,
        coalesce(account_timeframes.last_day, leaves.custom_last_day) as last_day
    from leaves
    left join account_timeframes
        on leaves.account_id = account_timeframes.account_id
            and leaves.timeframe = account_timeframes.timeframe
    where leaves.timeframe is not null
),

event_leaves as (
    select distinct
        leaves.account_id,
        leaves.metric_id,
        leaves.node_id,
        events.contact_id
    from leaves
    inner join leaf_objects
        on leaves.account_id = leaf_objects.account_id
            and leaves.metric_id = leaf_objects.metric_id
            and leaves.node_id = leaf_objects.node_id
    inner join events
        on leaves.account_id = events.account_id
            and leaves.event_type = events.event_type
            and (leaf_objects.matches_any_object or leaf_objects.object_id = events.object_id)
    left join leaf_windows
        on leaves.account_id = leaf_windows.account_id
            and leaves.metric_id = leaf_windows.metric_id
            and leaves.node_id = leaf_windows.node_id
    where leaves.evaluated_by = 'event'
        and (
            leaves.timeframe is null
            or events.occurred_date between leaf_windows.first_day and leaf_windows.last_day
        )
),

subscription_leaves as (
    select distinct
        leaves.account_id,
        leaves.metric_id,
        leaves.node_id,
        subscriptions.contact_id
    from leaves
    inner join leaf_objects
        on leaves.account_id = leaf_objects.account_id
            and leaves.metric_id = leaf_objects.metric_id
            and leaves.node_id = leaf_objects.node_id
    inner join subscriptions
        on leaves.account_id = subscriptions.account_id
            and leaves.object_type = subscriptions.subscription_type
            and (
                leaf_objects.matches_any_object or leaf_objects.object_id = subscriptions.object_id
            )
    where leaves.evaluated_by = 'subscription'
        and subscriptions.is_subscribed
),

open_order_leaves as (
    select distinct
        leaves.account_id,
        leaves.metric_id,
        leaves.node_id,
        orders.contact_id
    from leaves
    inner join leaf_objects
        on leaves.account_id = leaf_objects.account_id
            and leaves.metric_id = leaf_objects.metric_id
            and leaves.node_id = leaf_objects.node_id
    inner join orders
        on leaves.account_id = orders.account_id
            and (leaf_objects.matches_any_object or leaf_objects.object_id = orders.product_id)
    where leaves.evaluated_by = 'open_order'
        and orders.started_at <= {{ as_of() }}
        and (
            orders.ended_at > {{ as_of() }}
            or (orders.ended_at is null and orders.order_status = 'open')
        )
),

latest_transactions as (
    select
        account_id,
        contact_id,
        transaction_status,
        row_number() over (
            partition by account_id, contact_id
            order by occurred_at desc, transaction_id desc
        ) as recency_rank
    from transactions
    where occurred_at <= {{ as_of() }}
),

last_transaction_status_leaves as (
    select
        leaves.account_id,
        leaves.metric_id,
        leaves.node_id,
        latest_transactions.contact_id
    from leaves
    inner join latest_transactions
        on leaves.account_id = latest_transactions.account_id
            and leaves.status = latest_transactions.transaction_status
    where leaves.evaluated_by = 'last_transaction_status'
        and latest_transactions.recency_rank = 1
),

contact_leaves as (
    select
        leaves.account_id,
        leaves.metric_id,
        leaves.node_id,
        contacts.contact_id
    from leaves
    inner join contacts
        on leaves.account_id = contacts.account_id
    left join field_values
        on leaves.account_id = field_values.account_id
            and contacts.contact_id = field_values.contact_id
            and leaves.field_name = field_values.field_name
    where (
        leaves.evaluated_by = 'contact_exists'
        and contacts.is_existing = coalesce(leaves.flag, true)
    ) or (
        leaves.evaluated_by = 'field'
        and {{ field_condition('field_values.field_value', 'leaves.value_text', 'leaves.op') }}
    )
),

final as (
    select * from event_leaves
    union all
    select * from subscription_leaves
    union all
    select * from open_order_leaves
    union all
    select * from last_transaction_status_leaves
    union all
    select * from contact_leaves
)

select * from final
