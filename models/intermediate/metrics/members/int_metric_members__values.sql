{#-
    Members of the kinds of member family `values` (seed metric_kinds: total_value, avg_value),
    by the kind's member scope:
    - `contacts_with_value` (total_value): per window, each contact of C with a matching
      transaction in it, and their sum;
    - `condition_group` (avg_value): per window, every contact of the group C (zeros included)
      with its sum in the window, or, for `{field: ...}`, its current numeric field value
      (missing or not a number = 0).
    Money is summed as decimals, never as floats.
-#}
{%- set field_number = number_from_text('field_values.field_value', 'decimal(38, 18)') %}

with

metrics as (
    select * from {{ ref('int_metrics') }}
    where member_family = 'values'
),

windows as (
    select * from {{ ref('int_metric_windows') }}
),

value_days as (
    select * from {{ ref('int_metric_trigger_days') }}
    where trigger_role = 'value'
),

condition_contacts as (
    select * from {{ ref('int_metric_condition_contacts') }}
),

field_values as (
    select * from {{ ref('stg_landing__contact_field_values') }}
),

window_sums as (
    select
        windows.account_id,
        windows.metric_id,
        windows.timeframe,
        windows.period,
        value_days.contact_id,
        sum(value_days.amount) as amount
    from metrics
    inner join windows
        on metrics.account_id = windows.account_id
            and metrics.metric_id = windows.metric_id
    inner join value_days
        on windows.account_id = value_days.account_id
            and windows.metric_id = value_days.metric_id
            and value_days.occurred_date between windows.first_day and windows.last_day
    group by 1, 2, 3, 4, 5
),

contacts_with_value_members as (
    select
        window_sums.account_id,
        window_sums.metric_id,
        window_sums.timeframe,
        window_sums.period,
        window_sums.contact_id,
        cast(window_sums.amount as decimal(38, 18)) as contribution,
        true as in_numerator
    from window_sums
    inner join metrics
        on window_sums.account_id = metrics.account_id
            and window_sums.metric_id = metrics.metric_id
    where metrics.member_scope = 'contacts_with_value'
),

condition_group_members as (
    select
        windows.account_id,
        windows.metric_id,
        windows.timeframe,
        windows.period,
        condition_contacts.contact_id,
        {#- each branch cast on its own: a CASE's type is its branches' common type, which can
            have fewer decimals than a field value #}
        case
            when
                metrics.value_type = 'field'
                and {{ is_number_text('field_values.field_value') }}
                then coalesce({{ field_number }}, cast(0 as decimal(38, 18)))
            when metrics.value_type = 'field' then cast(0 as decimal(38, 18))
            else cast(coalesce(window_sums.amount, 0) as decimal(38, 18))
        end as contribution,
        true as in_numerator
    from metrics
    inner join windows
        on metrics.account_id = windows.account_id
            and metrics.metric_id = windows.metric_id
    inner join condition_contacts
        on metrics.account_id = condition_contacts.account_id
            and metrics.metric_id = condition_contacts.metric_id
    left join window_sums
        on windows.account_id = window_sums.account_id
            and windows.metric_id = window_sums.metric_id
            and windows.timeframe = window_sums.timeframe
            and windows.period = window_sums.period
            and condition_contacts.contact_id = window_sums.contact_id
    left join field_values
        on metrics.account_id = field_values.account_id
            and condition_contacts.contact_id = field_values.contact_id
            and metrics.value_field = field_values.field_name
    where metrics.member_scope = 'condition_group'
),

final as (
    select * from contacts_with_value_members
    union all
    select * from condition_group_members
)

select * from final
