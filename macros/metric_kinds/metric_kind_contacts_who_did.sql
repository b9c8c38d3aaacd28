{#- contacts_who_did: distinct contacts in C with at least one matching event in W.
    Members: int_metric_members__event_counts. No numerator / denominator. -#}
{% macro metric_kind_contacts_who_did() -%}
    {{ return({'value': 'members', 'numerator': 'null', 'denominator': 'null', 'median': 'null'}) }}
{%- endmacro %}
