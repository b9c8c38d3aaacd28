{#- avg_times_per_contact: times_happened / contacts_who_did (null when no contact).
    Members: int_metric_members__event_counts. Numerator events, denominator contacts. -#}
{% macro metric_kind_avg_times_per_contact() -%}
    {{ return({'value': _ratio('contribution_sum', 'members'), 'numerator': 'contribution_sum',
               'denominator': 'members', 'median': 'null'}) }}
{%- endmacro %}
