{{ landing_base_model('broadcasts', required_timestamps=['sent_at'], checks=[
    ("coalesce(source.channel not in ('email', 'sms'), true)", 'invalid value'),
]) }}
