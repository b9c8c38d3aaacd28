{#- object_type: not null and one of the contract's values (meta of the landing contract). -#}
{{ landing_base_model('objects', non_negative=['price']) }}
