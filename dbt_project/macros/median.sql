{#- The median of `expression` as an ordered-set aggregate (PostgreSQL, DuckDB, Snowflake,
    Spark 3.3+); adapters without it can override `<adapter>__median`. -#}
{% macro median(expression) %}
    {{ return(adapter.dispatch('median', 'janox_warehouse')(expression)) }}
{% endmacro %}

{% macro default__median(expression) %}
    percentile_cont(0.5) within group (order by {{ expression }})
{% endmacro %}

{#- The p-th percentile (0-1, continuous) of `expression`. -#}
{% macro percentile(expression, p) %}
    {{ return(adapter.dispatch('percentile', 'janox_warehouse')(expression, p)) }}
{% endmacro %}

{% macro default__percentile(expression, p) %}
    percentile_cont({{ p }}) within group (order by {{ expression }})
{% endmacro %}
