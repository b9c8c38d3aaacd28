{#- The `where` tree of every metric of every account as rows (pre-order, root node 0 at depth
    0), with the number of children of each node and, for leaves that name objects, whether the
    reference is `any`. -#}
with

metrics as (
    select * from {{ ref('int_metrics') }}
    where has_conditions
),

nodes as (
    {{ json_array_records('metrics', ['account_id', 'metric_id'], 'condition_nodes_json', {
        'node_id': 'integer', 'parent_node_id': 'integer', 'depth': 'integer', 'node_type': 'text',
        'leaf_type': 'text', 'field_name': 'text', 'op': 'text', 'value_text': 'text',
        'object_ref': 'text', 'object_id': 'bigint', 'object_name': 'text', 'status': 'text',
        'timeframe': 'text', 'custom_first_day': 'date', 'custom_last_day': 'date', 'flag': 'boolean',
    }) }}
),

child_counts as (
    select
        account_id,
        metric_id,
        parent_node_id as node_id,
        count(*) as child_count
    from nodes
    where parent_node_id is not null
    group by 1, 2, 3
),

final as (
    select
        nodes.*,
        coalesce(child_counts.child_count, 0) as child_count
    from nodes
    left join child_counts
        on nodes.account_id = child_counts.account_id
            and nodes.metric_id = child_counts.metric_id
            and nodes.node_id = child_counts.node_id
)

select * from final
