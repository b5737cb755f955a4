{{ config(tags=['churn_model_output']) }}

with

source as (

    select * from {{ source('ml', 'churn_model_scores') }}

),

final as (

    select
        account_id,
        month,
        risk_score,
        at_risk,
        top_signals
    from source

)

select * from final
