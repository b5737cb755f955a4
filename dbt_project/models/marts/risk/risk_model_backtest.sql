{{ config(tags=['churn_model_output']) }}

with

backtest as (

    select * from {{ ref('stg_ml__churn_model_backtest') }}

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
    from backtest

)

select * from final
