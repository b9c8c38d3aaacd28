{#- type, status and amount: not null, type and status one of the contract's values (meta of the
    landing contract). -#}
{{ landing_base_model('transactions', required_timestamps=['occurred_at'],
                      non_negative=['amount', 'affiliate_commission']) }}
