{#- status: not null and one of the contract's values (meta of the landing contract). -#}
{{ landing_base_model('orders', required_timestamps=['started_at']) }}
