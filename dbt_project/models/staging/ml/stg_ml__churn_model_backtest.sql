{{ config(tags=['churn_model_output']) }}

{#- Every column cast to its type: pandas writes a column that is all null this run (no
    model trained: no score, no top signals, no threshold) with no type, and the marts
    must not change type from run to run. -#}

with

source as (

    select * from {{ source('ml', 'churn_model_backtest') }}

),

final as (

    select
        cast(model as {{ dbt.type_string() }}) as model,
        cast(eval_from as date) as eval_from,
        cast(eval_to as date) as eval_to,
        cast(threshold as {{ type_double() }}) as threshold,
        cast(churned_accounts as {{ dbt.type_bigint() }}) as churned_accounts,
        cast(flagged_ahead as {{ dbt.type_bigint() }}) as flagged_ahead,
        cast(recall as {{ type_double() }}) as recall,
        cast(precision as {{ type_double() }}) as precision,
        cast(median_warning_days as {{ type_double() }}) as median_warning_days,
        cast(flagged_accounts as {{ dbt.type_bigint() }}) as flagged_accounts,
        cast(rule as {{ dbt.type_string() }}) as rule,
        cast(status as {{ dbt.type_string() }}) as status,
        cast(message as {{ dbt.type_string() }}) as message,
        cast(horizon_months as {{ dbt.type_bigint() }}) as horizon_months
    from source

)

select * from final
