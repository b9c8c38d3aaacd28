{#- channel: not null and one of the contract's values (meta of the landing contract). -#}
{{ landing_base_model('broadcasts', required_timestamps=['sent_at']) }}
