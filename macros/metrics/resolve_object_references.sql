{#-
    Object references (metrics.md §1) resolved to the account's object ids: for each row of
    `relation` (a CTE with `account_id`, `object_ref` ('any' | 'id' | 'name'), `object_id`,
    `object_name` and the `key_columns`), one row with `matches_any_object` true for `any` (or no
    reference), else one row per object of the account with that id or that exact name. A
    reference that matches no object gives no row, so it matches nothing. Used by metric triggers
    and condition leaves alike.
-#}
{% macro resolve_object_references(relation, key_columns, objects_relation) -%}
    select
        {%- for column in key_columns %}
        {{ relation }}.{{ column }},
        {%- endfor %}
        true as matches_any_object,
        cast(null as bigint) as object_id
    from {{ relation }}
    where coalesce({{ relation }}.object_ref, 'any') = 'any'
    union all
    select
        {%- for column in key_columns %}
        {{ relation }}.{{ column }},
        {%- endfor %}
        false as matches_any_object,
        {{ objects_relation }}.object_id
    from {{ relation }}
    inner join {{ objects_relation }}
        on {{ relation }}.account_id = {{ objects_relation }}.account_id
            and (
                (
                    {{ relation }}.object_ref = 'id'
                    and {{ relation }}.object_id = {{ objects_relation }}.object_id
                )
                or (
                    {{ relation }}.object_ref = 'name'
                    and {{ relation }}.object_name = {{ objects_relation }}.object_name
                )
            )
{%- endmacro %}
