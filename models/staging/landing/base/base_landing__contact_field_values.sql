{{ landing_base_model('contact_field_values', required_timestamps=['updated_at']) }}
