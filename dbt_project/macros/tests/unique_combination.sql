{#- Fails for every combination of `columns` that appears more than once (dbt_utils'
    unique_combination_of_columns, which cannot be installed offline). -#}
{% test unique_combination(model, columns) %}
    select {{ columns | join(', ') }}, count(*) as occurrences
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endtest %}
