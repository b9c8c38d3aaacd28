{#- total_value: sum of the matching transactions' amounts in W of contacts in C (0 over nothing).
    Members: int_metric_members__values. No numerator / denominator. -#}
{% macro metric_kind_total_value() -%}
    {{ return({'value': 'contribution_sum', 'numerator': 'null', 'denominator': 'null', 'median': 'null'}) }}
{%- endmacro %}
