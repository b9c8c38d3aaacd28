{{ landing_base_model('calendar_events', required_timestamps=['starts_at'], checks=[
    ("coalesce(try_cast(source.capacity as integer) < 1, false)", 'invalid value'),
]) }}
