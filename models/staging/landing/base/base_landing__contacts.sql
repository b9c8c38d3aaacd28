{{ landing_base_model('contacts', required_timestamps=['created_at']) }}
