{{ config(tags=['churn_model_output']) }}

with

source as (

    select * from {{ source('ml', 'churn_model_backtest') }}

),

final as (

    select
        model,
        eval_from,
        eval_to,
        threshold,
        churned_accounts,
        flagged_ahead,
        recall,
        precision,
        median_warning_days,
        flagged_accounts,
        rule,
        status,
        message,
        horizon_months
    from source

)

select * from final
