{#- The value rules of the metric kinds (seed metric_kinds, column value_rule): how a value, its
    numerator and denominator come from the aggregates of its members (`members` = number of
    members, `contribution_sum`). Each rule is a macro value_rule_<rule>() in this folder. -#}
{% macro value_rules() -%}
    {{ return(['member_count', 'contribution_sum', 'contribution_ratio']) }}
{%- endmacro %}

{% macro value_rule(rule) -%}
    {{ return(context['value_rule_' ~ rule]()) }}
{%- endmacro %}
