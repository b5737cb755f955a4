{{ config(tags=['churn_model_output']) }}

with

source as (

    select * from {{ source('ml', 'churn_model_runs') }}

),

final as (

    select
        status,
        message,
        horizon_months,
        threshold,
        train_from,
        train_to,
        eval_from,
        eval_to,
        train_rows,
        train_positives
    from source

)

select * from final
