{#- Fails (or warns, with severity warn) when the model has any row: for marts that list
    exceptions, such as compliance violations. -#}
{% test has_no_rows(model) %}
    select * from {{ model }}
{% endtest %}
