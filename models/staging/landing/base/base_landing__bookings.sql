{{ landing_base_model('bookings', required_timestamps=['booked_at']) }}
