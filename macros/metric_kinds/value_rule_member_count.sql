{#- member_count: the value is the number of members (contacts_who_did). No numerator or
    denominator; 0 over nothing. -#}
{% macro value_rule_member_count() -%}
    {{ return({'value': 'members', 'numerator': 'null', 'denominator': 'null'}) }}
{%- endmacro %}
