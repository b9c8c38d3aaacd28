{#- Every raw row that did not land in staging, with its table, key, reason, file and raw values
    (the public leaf over int_quarantined_rows). -#}
with

quarantined as (
    select * from {{ ref('int_quarantined_rows') }}
),

final as (
    select
        table_name,
        account_id,
        row_key,
        quarantine_reason,
        reason_detail,
        file_name,
        file_row_number,
        raw_row
    from quarantined
)

select * from final
