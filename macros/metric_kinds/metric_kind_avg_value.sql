{#- avg_value: sum over the group C of each contact's value in W / the group's size; contacts
    with nothing count as 0. Members: int_metric_members__values (the whole group).
    Numerator sum, denominator group size. -#}
{% macro metric_kind_avg_value() -%}
    {{ return({'value': _ratio('contribution_sum', 'members'), 'numerator': 'contribution_sum',
               'denominator': 'members', 'median': 'null'}) }}
{%- endmacro %}
