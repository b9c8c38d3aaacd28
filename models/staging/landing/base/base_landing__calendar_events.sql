{{ landing_base_model('calendar_events', required_timestamps=['starts_at'], checks=[
    ("coalesce(" ~ parse_number('source.capacity', 'integer') ~ " < 1, false)", 'invalid value'),
]) }}
