{#- conversion_rate: converted contacts (`once`) or conversions (`each`) / contacts of C with a
    from_event in W; a fraction, null when the denominator is 0.
    Members: int_metric_members__conversions (every from-contact, with in_numerator). -#}
{% macro metric_kind_conversion_rate() -%}
    {{ return({'value': _ratio('contribution_sum', 'members'), 'numerator': 'contribution_sum',
               'denominator': 'members', 'median': 'null'}) }}
{%- endmacro %}
