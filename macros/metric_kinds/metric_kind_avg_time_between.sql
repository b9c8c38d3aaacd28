{#- avg_time_between: mean seconds from the first from_event in W to the first to_event after it
    (within `within`), over the converted contacts; also the median.
    Members: int_metric_members__conversions. Numerator total seconds, denominator contacts. -#}
{% macro metric_kind_avg_time_between() -%}
    {{ return({'value': _ratio('contribution_sum', 'members'), 'numerator': 'contribution_sum',
               'denominator': 'members', 'median': 'contribution_median'}) }}
{%- endmacro %}
