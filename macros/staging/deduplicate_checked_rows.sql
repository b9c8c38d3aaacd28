{#-
    The last step of every base model. Expects a CTE `checked` with the typed `columns`, a
    `_problem` column (the reason of a row-level defect, null when good), `_file_name`,
    `_file_row_number` and `_row_fingerprint`. The raw values of quarantined rows are looked up
    again from the landing view by file and row number (quarantined_rows), not carried here. Among the rows without a problem, rows sharing
    `key_columns` keep the first in file order and quarantine the others as `duplicate`;
    `is_changed_duplicate` says whether a duplicate differs from the copy that was kept.
-#}
{% macro deduplicate_checked_rows(columns, key_columns) -%}
ranked as (
    select
        checked.*,
        case
            when _problem is null then row_number() over (
                partition by {{ key_columns | join(', ') }}, _problem is null
                order by _file_name, _file_row_number
            )
        end as _copy_number,
        first_value(_row_fingerprint) over (
            partition by {{ key_columns | join(', ') }}, _problem is null
            order by _file_name, _file_row_number
        ) as _kept_fingerprint
    from checked
),

final as (
    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        coalesce(_problem, case when _copy_number > 1 then 'duplicate' end) as quarantine_reason,
        coalesce(_copy_number > 1 and _row_fingerprint <> _kept_fingerprint, false)
            as is_changed_duplicate,
        _file_name,
        _file_row_number
    from ranked
)

select * from final
{%- endmacro %}
