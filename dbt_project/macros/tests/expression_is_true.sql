{#- Fails for every row where `expression` is false (nulls pass). On a column, the
    expression may refer to the column by name. -#}
{% test expression_is_true(model, expression, column_name=none) %}
    select *
    from {{ model }}
    where not ({{ expression }})
{% endtest %}
