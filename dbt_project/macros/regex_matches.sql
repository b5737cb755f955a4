{#- True when the whole of `expression` matches the regular expression `pattern`. -#}
{% macro regex_matches(expression, pattern) %}
    {{ return(adapter.dispatch('regex_matches', 'janox_warehouse')(expression, pattern)) }}
{% endmacro %}

{% macro default__regex_matches(expression, pattern) %}
    regexp_like({{ expression }}, '^(?:{{ pattern }})$')
{% endmacro %}

{% macro duckdb__regex_matches(expression, pattern) %}
    regexp_full_match({{ expression }}, '{{ pattern }}')
{% endmacro %}

{% macro postgres__regex_matches(expression, pattern) %}
    ({{ expression }} ~ '^(?:{{ pattern }})$')
{% endmacro %}
