{{ landing_base_model('tickets', required_timestamps=['created_at'], checks=[
    ("coalesce(" ~ parse_number('source.satisfaction', 'integer') ~ " not between 1 and 5, false)", 'invalid value'),
]) }}
