{{ config(tags=['churn_model_output']) }}

{#- Every column cast to its type: pandas writes a column that is all null this run (no
    model trained: no score, no top signals, no threshold) with no type, and the marts
    must not change type from run to run. -#}

with

source as (

    select * from {{ source('ml', 'churn_model_scores') }}

),

final as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(month as date) as month,
        cast(risk_score as {{ type_double() }}) as risk_score,
        cast(at_risk as {{ dbt.type_boolean() }}) as at_risk,
        cast(top_signals as {{ dbt.type_string() }}) as top_signals
    from source

)

select * from final
