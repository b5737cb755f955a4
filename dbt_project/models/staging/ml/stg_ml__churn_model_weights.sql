{{ config(tags=['churn_model_output']) }}

{#- Every column cast to its type: pandas writes a column that is all null this run (no
    model trained: no score, no top signals, no threshold) with no type, and the marts
    must not change type from run to run. -#}

with

source as (

    select * from {{ source('ml', 'churn_model_weights') }}

),

final as (

    select
        cast(feature as {{ dbt.type_string() }}) as feature,
        cast(weight as {{ type_double() }}) as weight,
        cast(feature_mean as {{ type_double() }}) as feature_mean,
        cast(feature_scale as {{ type_double() }}) as feature_scale
    from source

)

select * from final
