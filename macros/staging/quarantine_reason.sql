{#- The first reason whose condition holds, in the order given (raw_contract.md, "Bad input"),
    or null for a good row. `checks` is a list of (condition SQL, reason) pairs. -#}
{% macro quarantine_reason(checks) -%}
    case
        {%- for condition, reason in checks %}
        when {{ condition }} then '{{ reason }}'
        {%- endfor %}
    end
{%- endmacro %}
