{{ config(tags=['churn_model_output']) }}

{#- The learned weights, for a manager to read: a positive weight raises the risk as the
    signal rises (per standard deviation of the signal). -#}
with

weights as (

    select * from {{ ref('stg_ml__churn_model_weights') }}

),

final as (

    select
        feature,
        weight,
        feature_mean,
        feature_scale
    from weights

)

select * from final
