-- Every raw row lands in staging or in quarantine, never both, never neither (raw_contract.md).
select *
from {{ ref('landing_row_counts') }}
where raw_rows <> staged_rows + quarantined_rows
