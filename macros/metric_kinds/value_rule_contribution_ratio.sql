{#- contribution_ratio: numerator = the sum of the members' contributions, denominator = the
    number of members, value = their exact ratio (macro exact_ratio), null when there is no member
    (avg_times_per_contact, conversion_rate, avg_time_between, avg_value). -#}
{% macro value_rule_contribution_ratio() -%}
    {{ return({'value': exact_ratio('contribution_sum', 'members'), 'numerator': 'contribution_sum',
               'denominator': 'members'}) }}
{%- endmacro %}
