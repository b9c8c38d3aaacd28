{#-
    The metrics of every account at as-of: one row per account x metric id.
    - a global YAML metric exists in every account;
    - a YAML metric with account_id replaces, in that account, the global one with the same id;
    - an app definition exists from created_at up to deleted_at (judged at as-of); rejected ones
      (quarantined as `invalid definition`) are left out. Two live app definitions with the same id
      in one account: the latest created wins (docs/decisions.md).
    Each metric carries its kind's rules from the seed metric_kinds (member family, member scope,
    contribution, value rule, unit, median): the SQL downstream reads these, never kind names.
-#}
with

definitions as (
    select * from {{ ref('int_metric_definitions__parsed') }}
    where rejection_reason is null
),

kinds as (
    select * from {{ ref('metric_kinds') }}
),

accounts as (
    select account_id from {{ ref('stg_landing__accounts') }}
    where {{ in_refreshed_accounts() }}
),

scoped as (
    select
        accounts.account_id,
        definitions.*,
        case
            when definitions.source = 'yaml' and definitions.scope_account_id is not null then 1
            when definitions.source = 'yaml' then 2
            else 3
        end as precedence
    from definitions
    inner join accounts
        on definitions.scope_account_id = accounts.account_id
            or (definitions.scope_account_id is null and definitions.source = 'yaml')
    where definitions.source = 'yaml'
        or (
            definitions.app_created_at <= {{ as_of() }}
            and (definitions.app_deleted_at is null or definitions.app_deleted_at > {{ as_of() }})
        )
),

ranked as (
    select
        *,
        row_number() over (
            partition by account_id, metric_id
            order by precedence asc, app_created_at desc
        ) as rank_in_account
    from scoped
),

final as (
    select
        ranked.account_id,
        ranked.metric_id,
        ranked.metric_name,
        ranked.kind,
        kinds.member_family,
        kinds.member_scope,
        kinds.contribution,
        kinds.value_rule,
        case
            when kinds.unit = 'value' and ranked.value_type = 'field' then 'number'
            when kinds.unit = 'value' then 'money'
            else kinds.unit
        end as unit,
        kinds.has_median,
        ranked.source,
        ranked.default_timeframe,
        ranked.count_mode,
        ranked.value_type,
        ranked.value_field,
        ranked.triggers_json,
        ranked.condition_nodes_json,
        ranked.within_seconds,
        (
            ranked.condition_nodes_json is not null
            and ranked.condition_nodes_json not in ('', '[]')
        ) as has_conditions,
        ranked.custom_first_day,
        ranked.custom_last_day
    from ranked
    inner join kinds
        on ranked.kind = kinds.kind
    where ranked.rank_in_account = 1
)

select * from final
