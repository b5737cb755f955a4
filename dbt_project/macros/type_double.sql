{#- A 64-bit float on every adapter ("double precision" is ANSI). type_double() is
    32-bit on DuckDB, which would round stored money and shares. -#}
{% macro type_double() %}
    {{ return(adapter.dispatch('type_double', 'janox_warehouse')()) }}
{% endmacro %}

{% macro default__type_double() %}double precision{% endmacro %}

{% macro bigquery__type_double() %}float64{% endmacro %}
