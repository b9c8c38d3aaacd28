{#-
    C of metrics.md §2: for every metric of every account, the contacts that satisfy its `where`
    tree at as-of (every contact that exists at as-of when there is no tree). The tree is combined
    bottom-up, one level at a time (at most max_condition_depth levels, checked by the definition
    validator): `all` = every child true, `any` = some child true, `not` = the child false. One
    CTE per depth level, not per metric.
-#}
{{ config(materialized='table') }}
{%- set max_depth = var('max_condition_depth', 8) -%}

with

metrics as (
    select * from {{ ref('int_metrics') }}
),

nodes as (
    select * from {{ ref('int_metric_condition_nodes') }}
),

leaf_truth as (
    select
        leaves.account_id,
        leaves.metric_id,
        leaves.node_id,
        leaves.contact_id,
        nodes.parent_node_id,
        nodes.depth
    from {{ ref('int_metric_condition_leaves') }} as leaves
    inner join nodes
        on leaves.account_id = nodes.account_id
            and leaves.metric_id = nodes.metric_id
            and leaves.node_id = nodes.node_id
),

contacts as (
    select * from {{ ref('int_contacts_at_as_of') }}
),

{% for depth in range(max_depth, -1, -1) -%}
    {%- if depth < max_depth %}
        true_children_at_depth_{{ depth + 1 }} as (
            select
                account_id,
                metric_id,
                parent_node_id as node_id,
                contact_id,
                count(*) as true_children
            from true_at_depth_{{ depth + 1 }}
            group by 1, 2, 3, 4
        ),

    {% endif -%}
    true_at_depth_{{ depth }} as (
        select
            account_id,
            metric_id,
            node_id,
            parent_node_id,
            contact_id
        from leaf_truth
        where depth = {{ depth }}
        {%- if depth < max_depth %}
            union all
            select
                parents.account_id,
                parents.metric_id,
                parents.node_id,
                parents.parent_node_id,
                contacts.contact_id
            from nodes as parents
            inner join contacts
                on parents.account_id = contacts.account_id
            left join true_children_at_depth_{{ depth + 1 }} as children
                on parents.account_id = children.account_id
                    and parents.metric_id = children.metric_id
                    and parents.node_id = children.node_id
                    and contacts.contact_id = children.contact_id
            where parents.depth = {{ depth }}
                and (
                    (parents.node_type = 'all' and children.true_children = parents.child_count)
                    or (parents.node_type = 'any' and children.true_children > 0)
                    or (parents.node_type = 'not' and children.true_children is null)
                )
        {%- endif %}
    ),

{% endfor -%}

final as (
    select
        metrics.account_id,
        metrics.metric_id,
        contacts.contact_id
    from metrics
    inner join contacts
        on metrics.account_id = contacts.account_id
    where not metrics.has_conditions
    union all
    select
        roots.account_id,
        roots.metric_id,
        roots.contact_id
    from true_at_depth_0 as roots
    inner join contacts
        on roots.account_id = contacts.account_id
            and roots.contact_id = contacts.contact_id
    where roots.node_id = 0
)

select * from final
