{{ config(tags=['churn_model_output']) }}

{#- Every column cast to its type: pandas writes a column that is all null this run (no
    model trained: no score, no top signals, no threshold) with no type, and the marts
    must not change type from run to run. -#}

with

source as (

    select * from {{ source('ml', 'churn_model_runs') }}

),

final as (

    select
        cast(status as {{ dbt.type_string() }}) as status,
        cast(message as {{ dbt.type_string() }}) as message,
        cast(horizon_months as {{ dbt.type_bigint() }}) as horizon_months,
        cast(threshold as {{ type_double() }}) as threshold,
        cast(train_from as date) as train_from,
        cast(train_to as date) as train_to,
        cast(eval_from as date) as eval_from,
        cast(eval_to as date) as eval_to,
        cast(train_rows as {{ dbt.type_bigint() }}) as train_rows,
        cast(train_positives as {{ dbt.type_bigint() }}) as train_positives
    from source

)

select * from final
