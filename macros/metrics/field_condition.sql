{#-
    A `{field, op, value}` leaf on one contact's current field value (metrics.md §3 and §5):
    a missing or blank value is empty (`ne` and `is_empty` are true on it, every other op false);
    when both sides are numbers they compare as numbers ("10" > 8), otherwise as case-sensitive
    text. `value` is the field value, `operand` the definition's value, `op` the operator column.
    Numbers compare exactly as decimal(38, 18) when both fit it, otherwise as doubles.
-#}
{% macro field_condition(value, operand, op) -%}
    {%- set is_empty = is_blank_text(value) -%}
    {%- set numeric = '(' ~ is_number_text(value) ~ ' and ' ~ is_number_text(operand) ~ ')' -%}
    {%- set left_exact = number_from_text(value, 'decimal(38, 18)') -%}
    {%- set right_exact = number_from_text(operand, 'decimal(38, 18)') -%}
    {%- set left_double = number_from_text(value, 'double') -%}
    {%- set right_double = number_from_text(operand, 'double') -%}
    case
        when {{ op }} = 'is_empty' then {{ is_empty }}
        when {{ op }} = 'is_not_empty' then not {{ is_empty }}
        when {{ is_empty }} then {{ op }} = 'ne'
        when {{ op }} = 'contains' then strpos({{ value }}, {{ operand }}) > 0
        when {{ numeric }} then case {{ op }}
            {%- for name, sql_op in [('eq', '='), ('ne', '<>'), ('gt', '>'), ('gte', '>='), ('lt', '<'), ('lte', '<=')] %}
            when '{{ name }}' then coalesce(
                {{ left_exact }} {{ sql_op }} {{ right_exact }},
                {{ left_double }} {{ sql_op }} {{ right_double }}
            )
            {%- endfor %}
        end
        else case {{ op }}
            {%- for name, sql_op in [('eq', '='), ('ne', '<>'), ('gt', '>'), ('gte', '>='), ('lt', '<'), ('lte', '<=')] %}
            when '{{ name }}' then {{ value }} {{ sql_op }} {{ operand }}
            {%- endfor %}
        end
    end
{%- endmacro %}
