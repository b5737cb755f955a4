{#- Fractional days between two instants (elapsed seconds / 86,400), as the marts define. -#}
{% macro days_between(start_expr, end_expr) %}
    ({{ dbt.datediff(start_expr, end_expr, 'second') }} / 86400.0)
{% endmacro %}

{#- Fractional minutes between two instants (elapsed seconds / 60). -#}
{% macro minutes_between(start_expr, end_expr) %}
    ({{ dbt.datediff(start_expr, end_expr, 'second') }} / 60.0)
{% endmacro %}

{#- The first day of the month of a date or timestamp, as a DATE (the marts' `month`). -#}
{% macro month_of(expr) %}
    cast({{ dbt.date_trunc('month', expr) }} as date)
{% endmacro %}

{#- A share: numerator / denominator, null where the denominator is 0. -#}
{% macro safe_share(numerator, denominator) %}
    (cast({{ numerator }} as {{ dbt.type_float() }}) / nullif({{ denominator }}, 0))
{% endmacro %}
