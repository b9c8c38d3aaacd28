{#- The JSON itself is checked by the metric definition parser (reason `invalid definition`). -#}
{{ landing_base_model('metric_definitions', required_timestamps=['created_at']) }}
