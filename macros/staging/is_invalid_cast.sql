{#- True when a raw value is present but cannot be read as `data_type`. -#}
{% macro is_invalid_cast(column, data_type) -%}
    ({{ column }} is not null and try_cast({{ column }} as {{ data_type }}) is null)
{%- endmacro %}
