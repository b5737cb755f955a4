{#- Fails for every group whose figures differ between the model and the rows of `to` it
    rolls up: `values` (aggregate expressions over the model, e.g. `sum(qualified_leads)`)
    against `to_values` (aggregate expressions over the rows of `to` that pass `to_where`),
    per `group_by` (columns of the model) matched null-safely with `to_group_by` (expressions
    over `to`; by default the same names). A group of `to` missing from the model fails; a
    group of the model missing from `to` compares with 0, and so does a null aggregate (a sum
    over nothing). Without group_by, the totals are compared. -#}
{% test matches_rollup_of(model, to, values, to_values, group_by=[], to_group_by=none, to_where='true') %}
{%- set to_group_by = group_by if to_group_by is none else to_group_by -%}
with

model_groups as (

    select
        {%- for column in group_by %}
        {{ column }} as group_{{ loop.index }},
        {%- endfor %}
        {%- for value in values %}
        {{ value }} as value_{{ loop.index }},
        {%- endfor %}
        1 as in_model
    from {{ model }}
    {%- if group_by %}
    group by {{ group_by | join(', ') }}
    {%- endif %}

),

to_groups as (

    select
        {%- for expression in to_group_by %}
        {{ expression }} as group_{{ loop.index }},
        {%- endfor %}
        {%- for value in to_values %}
        {{ value }} as value_{{ loop.index }},
        {%- endfor %}
        1 as in_to
    from {{ to }}
    where {{ to_where }}
    {%- if to_group_by %}
    group by {{ to_group_by | join(', ') }}
    {%- endif %}

)

select
    {%- for column in group_by %}
    coalesce(model_groups.group_{{ loop.index }}, to_groups.group_{{ loop.index }}) as {{ column }},
    {%- endfor %}
    {%- for value in values %}
    model_groups.value_{{ loop.index }} as model_value_{{ loop.index }},
    to_groups.value_{{ loop.index }} as to_value_{{ loop.index }},
    {%- endfor %}
    model_groups.in_model,
    to_groups.in_to
from model_groups
full outer join to_groups
    on {% for column in group_by -%}
    model_groups.group_{{ loop.index }} is not distinct from to_groups.group_{{ loop.index }} and
    {% endfor -%} true
where (to_groups.in_to = 1 and model_groups.in_model is null)
    {%- for value in values %}
    or coalesce(model_groups.value_{{ loop.index }}, 0) <> coalesce(to_groups.value_{{ loop.index }}, 0)
    {%- endfor %}
{% endtest %}
