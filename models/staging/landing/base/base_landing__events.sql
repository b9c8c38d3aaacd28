{#- contact_added is not an events row (it comes from contacts), so it is an unknown event_type
    here. -#}
{{ landing_base_model('events', required_timestamps=['occurred_at'], checks=[
    ("coalesce(source.event_type not in (select event_type from " ~ ref('event_types')
     ~ " where source_table = 'events'), true)", 'unknown event_type'),
]) }}
