{{ landing_base_model('dashboard_visits') }}
