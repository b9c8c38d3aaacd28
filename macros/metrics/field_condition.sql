{#-
    A `{field, op, value}` leaf on one contact's current field value (metrics.md §3 and §5):
    a missing or blank value is empty (`ne` and `is_empty` are true on it, every other op false);
    when both sides are numbers they compare as numbers ("10" > 8), otherwise as case-sensitive
    text. `value` is the field value, `operand` the definition's value, `op` the operator column.
-#}
{% macro field_condition(value, operand, op) -%}
    {%- set is_empty = '(' ~ value ~ ' is null or trim(' ~ value ~ ') = \'\')' -%}
    {%- set numeric = '(' ~ is_number_text(value) ~ ' and ' ~ is_number_text(operand) ~ ')' -%}
    {%- set left_number = 'cast(trim(' ~ value ~ ') as decimal(38, 9))' -%}
    {%- set right_number = 'cast(trim(' ~ operand ~ ') as decimal(38, 9))' -%}
    case
        when {{ op }} = 'is_empty' then {{ is_empty }}
        when {{ op }} = 'is_not_empty' then not {{ is_empty }}
        when {{ is_empty }} then {{ op }} = 'ne'
        when {{ op }} = 'contains' then strpos({{ value }}, {{ operand }}) > 0
        when {{ numeric }} then case {{ op }}
            {%- for name, sql_op in [('eq', '='), ('ne', '<>'), ('gt', '>'), ('gte', '>='), ('lt', '<'), ('lte', '<=')] %}
            when '{{ name }}' then {{ left_number }} {{ sql_op }} {{ right_number }}
            {%- endfor %}
        end
        else case {{ op }}
            {%- for name, sql_op in [('eq', '='), ('ne', '<>'), ('gt', '>'), ('gte', '>='), ('lt', '<'), ('lte', '<=')] %}
            when '{{ name }}' then {{ value }} {{ sql_op }} {{ operand }}
            {%- endfor %}
        end
    end
{%- endmacro %}
