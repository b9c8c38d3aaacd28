{#- contribution_sum: the value is the sum of the members' contributions (times_happened,
    total_value). No numerator or denominator; 0 over nothing. -#}
{% macro value_rule_contribution_sum() -%}
    {{ return({'value': 'contribution_sum', 'numerator': 'null', 'denominator': 'null'}) }}
{%- endmacro %}
