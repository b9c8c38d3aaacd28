{#- True when text is a number by the spec's rule: `-?[0-9]+(\.[0-9]+)?` after trimming spaces
    (U+0020 only; a tab or a no-break space makes it text). -#}
{% macro is_number_text(text) %}
    {{ return(adapter.dispatch('is_number_text', 'crm_warehouse')(text)) }}
{% endmacro %}

{% macro default__is_number_text(text) -%}
    coalesce(regexp_full_match(trim({{ text }}, ' '), '-?[0-9]+(\.[0-9]+)?'), false)
{%- endmacro %}

{% macro postgres__is_number_text(text) -%}
    coalesce(trim(both ' ' from {{ text }}) ~ '^-?[0-9]+(\.[0-9]+)?$', false)
{%- endmacro %}

{#- The number written in `text` (a number by is_number_text) as `data_type`; null when it does
    not fit the type, so one absurd value never fails a build. -#}
{% macro number_from_text(text, data_type) %}
    {{ return(adapter.dispatch('number_from_text', 'crm_warehouse')(text, data_type)) }}
{% endmacro %}

{% macro default__number_from_text(text, data_type) -%}
    try_cast(trim({{ text }}, ' ') as {{ data_type }})
{%- endmacro %}

{% macro postgres__number_from_text(text, data_type) -%}
    cast(trim(both ' ' from {{ text }}) as {{ data_type }})
{%- endmacro %}

{#- True when text is missing or blank (only white space: spaces, tabs, line breaks). -#}
{% macro is_blank_text(text) %}
    {{ return(adapter.dispatch('is_blank_text', 'crm_warehouse')(text)) }}
{% endmacro %}

{% macro default__is_blank_text(text) -%}
    ({{ text }} is null or regexp_full_match({{ text }}, '\s*'))
{%- endmacro %}

{% macro postgres__is_blank_text(text) -%}
    ({{ text }} is null or {{ text }} ~ '^\s*$')
{%- endmacro %}
