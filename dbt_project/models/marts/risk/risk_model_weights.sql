{{ config(tags=['churn_model_output']) }}

{#- The learned weights, for a manager to read: a positive weight raises the risk as the
    signal rises (per standard deviation of the signal), ranked by how much they weigh. -#}
with

weights as (

    select * from {{ ref('stg_ml__churn_model_weights') }}

),

signals as (

    select
        feature,
        weight,
        feature_mean,
        feature_scale,
        feature = '(intercept)' as is_intercept
    from weights

),

final as (

    select
        feature,
        weight,
        case
            when is_intercept then null
            when weight > 0 then 'raises risk'
            when weight < 0 then 'lowers risk'
            else 'ignored'
        end as effect,
        case when not is_intercept then
            row_number() over (
                partition by is_intercept order by abs(weight) desc, feature
            )
        end as importance_rank,
        feature_mean,
        feature_scale
    from signals

)

select * from final
