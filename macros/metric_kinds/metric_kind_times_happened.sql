{#- times_happened: number of matching events in W of contacts in C.
    Members: int_metric_members__event_counts. No numerator / denominator. -#}
{% macro metric_kind_times_happened() -%}
    {{ return({'value': 'contribution_sum', 'numerator': 'null', 'denominator': 'null', 'median': 'null'}) }}
{%- endmacro %}
