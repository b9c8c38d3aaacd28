{#- numerator / denominator as a decimal(38, 18), rounded half away from zero at the 18th decimal
    by exact integer arithmetic (no floating point anywhere), null when the denominator is not
    positive: every engine gives the same digits. The numerator is a decimal(38, 18) (a sum of
    contributions) below 8.5e19 in absolute value; the denominator a count. -#}
{% macro exact_ratio(numerator, denominator) -%}
    {{ return(adapter.dispatch('exact_ratio', 'crm_warehouse')(numerator, denominator)) }}
{%- endmacro %}

{#- DuckDB divides decimals in floating point: take the numerator's units of 1e-18 as a hugeint
    (integer part and fraction apart, both exact), then divide by the denominator with integer
    division, rounding half away from zero. -#}
{% macro duckdb__exact_ratio(numerator, denominator) -%}
    {%- set magnitude = 'abs(cast(' ~ numerator ~ ' as decimal(38, 18)))' -%}
    case when {{ denominator }} > 0 then
        cast(
            sign({{ numerator }}) * (
                (
                    2 * (
                        cast(trunc({{ magnitude }}) as hugeint) * 1000000000000000000
                        + cast(({{ magnitude }} - trunc({{ magnitude }})) * 1000000000000000000 as hugeint)
                    )
                    + cast({{ denominator }} as hugeint)
                ) // (2 * cast({{ denominator }} as hugeint))
            ) as decimal(38, 0)
        ) * cast('0.000000000000000001' as decimal(18, 18))
    end
{%- endmacro %}

{#- Engines with exact decimal arithmetic (PostgreSQL's numeric): the same rounding with div(). -#}
{% macro default__exact_ratio(numerator, denominator) -%}
    case when {{ denominator }} > 0 then
        cast(
            sign({{ numerator }}) * div(
                abs(cast({{ numerator }} as numeric(38, 18))) * 2000000000000000000
                + {{ denominator }},
                2 * {{ denominator }}
            ) / 1000000000000000000 as decimal(38, 18)
        )
    end
{%- endmacro %}
