{{ landing_base_model('orders', required_timestamps=['started_at'], checks=[
    ("coalesce(source.status not in ('open', 'cancelled', 'completed'), true)", 'invalid value'),
]) }}
