{#- Fractional days between two instants (elapsed seconds / 86,400), as the marts define,
    counted in microseconds so that sub-second gaps are not lost. -#}
{% macro days_between(start_expr, end_expr) %}
    ({{ dbt.datediff(start_expr, end_expr, 'microsecond') }} / 86400000000.0)
{% endmacro %}

{#- Fractional minutes between two instants (elapsed seconds / 60). -#}
{% macro minutes_between(start_expr, end_expr) %}
    ({{ dbt.datediff(start_expr, end_expr, 'microsecond') }} / 60000000.0)
{% endmacro %}

{#- The first day of the month of a date or timestamp, as a DATE (the marts' `month`). -#}
{% macro month_of(expr) %}
    cast({{ dbt.date_trunc('month', expr) }} as date)
{% endmacro %}

{#- A share: numerator / denominator, null where the denominator is 0. -#}
{% macro safe_share(numerator, denominator) %}
    (cast({{ numerator }} as {{ type_double() }}) / nullif({{ denominator }}, 0))
{% endmacro %}

{#- Microseconds since 1970-01-01 of an instant: an integer order key for RANGE windows. -#}
{% macro epoch_microseconds(expr) %}
    {{ return(adapter.dispatch('epoch_microseconds', 'janox_warehouse')(expr)) }}
{% endmacro %}

{% macro default__epoch_microseconds(expr) %}
    {{ dbt.datediff("cast('1970-01-01' as " ~ dbt.type_timestamp() ~ ")", expr, 'microsecond') }}
{% endmacro %}

{% macro duckdb__epoch_microseconds(expr) %}
    epoch_us(cast({{ expr }} as timestamp))
{% endmacro %}
