{#- True when text is a number by the spec's rule: `-?[0-9]+(\.[0-9]+)?` after trimming spaces. -#}
{% macro is_number_text(text) %}
    {{ return(adapter.dispatch('is_number_text', 'crm_warehouse')(text)) }}
{% endmacro %}

{% macro default__is_number_text(text) -%}
    coalesce(regexp_full_match(trim({{ text }}), '-?[0-9]+(\.[0-9]+)?'), false)
{%- endmacro %}

{% macro postgres__is_number_text(text) -%}
    coalesce(trim({{ text }}) ~ '^-?[0-9]+(\.[0-9]+)?$', false)
{%- endmacro %}
