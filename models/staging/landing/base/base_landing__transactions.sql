{{ landing_base_model('transactions', required_timestamps=['occurred_at'], checks=[
    ("coalesce(source.type not in ('sale', 'rebill', 'refund', 'chargeback'), true)", 'invalid value'),
    ("coalesce(source.status not in ('paid', 'pending', 'declined', 'refunded', 'voided', 'collections', "
     ~ "'write_off'), true)", 'invalid value'),
    (parse_number('source.amount', 'decimal(18, 2)') ~ ' is null', 'invalid value'),
], non_negative=['amount', 'affiliate_commission']) }}
