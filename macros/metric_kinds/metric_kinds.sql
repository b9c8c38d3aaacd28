{#- The seven metric kinds (metrics.md §2). Each has a macro metric_kind_<kind>() in this folder
    that says how its value, numerator, denominator and median come from its members' aggregates
    (`members` = number of members, `contribution_sum`, `contribution_median`). -#}
{% macro metric_kinds() -%}
    {{ return(['contacts_who_did', 'times_happened', 'avg_times_per_contact', 'conversion_rate',
               'avg_time_between', 'total_value', 'avg_value']) }}
{%- endmacro %}

{% macro metric_kind(kind) -%}
    {{ return(context['metric_kind_' ~ kind]()) }}
{%- endmacro %}

{#- numerator / denominator as a decimal, null when the denominator is 0. -#}
{% macro _ratio(numerator, denominator) -%}
    case when {{ denominator }} > 0 then cast({{ numerator }} as double) / {{ denominator }} end
{%- endmacro %}
