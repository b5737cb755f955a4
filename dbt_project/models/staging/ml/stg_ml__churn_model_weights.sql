{{ config(tags=['churn_model_output']) }}

with

source as (

    select * from {{ source('ml', 'churn_model_weights') }}

),

final as (

    select
        feature,
        weight,
        feature_mean,
        feature_scale
    from source

)

select * from final
