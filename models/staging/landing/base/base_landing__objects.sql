{{ landing_base_model('objects', checks=[
    ("object_type not in ('tag', 'sequence', 'list', 'membership', 'form', 'landing_page', 'page', "
     ~ "'video', 'tracked_link', 'message', 'task', 'field', 'product', 'affiliate')", 'invalid value'),
], non_negative=['price']) }}
