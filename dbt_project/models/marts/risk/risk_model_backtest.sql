{{ config(tags=['churn_model_output']) }}

{#- The backtest of this run's learned model and baseline rule, with the training period
    they were chosen on (from the run summary). -#}
with

backtest as (

    select * from {{ ref('stg_ml__churn_model_backtest') }}

),

runs as (

    select * from {{ ref('stg_ml__churn_model_runs') }}

),

final as (

    select
        backtest.model,
        backtest.eval_from,
        backtest.eval_to,
        backtest.threshold,
        backtest.churned_accounts,
        backtest.flagged_ahead,
        backtest.recall,
        backtest.precision,
        backtest.median_warning_days,
        backtest.flagged_accounts,
        backtest.rule,
        backtest.status,
        backtest.message,
        backtest.horizon_months,
        runs.train_from,
        runs.train_to,
        runs.train_rows,
        runs.train_positives
    from backtest
    cross join runs

)

select * from final
