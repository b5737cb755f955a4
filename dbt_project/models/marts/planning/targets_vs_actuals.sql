{#- The plan against what happened: every live target with the seller's figure of that
    month and KPI in seller_scorecard_monthly (0 where the scorecard has no row). -#}
with

targets as (

    select * from {{ ref('stg_planning__targets') }}

),

scorecard as (

    select * from {{ ref('seller_scorecard_monthly') }}

),

actuals as (

    -- one row per (month, user_id, kpi): the kpi names are the contract's closed list, each
    -- the scorecard column of that name
    select month, user_id, 'qualified_leads' as kpi,
        cast(qualified_leads as {{ reporting_money_type() }}) as actual
    from scorecard
    union all
    select month, user_id, 'won_sales' as kpi,
        cast(won_sales as {{ reporting_money_type() }}) as actual
    from scorecard
    union all
    select month, user_id, 'booked_revenue_eur' as kpi,
        cast(booked_revenue_eur as {{ reporting_money_type() }}) as actual
    from scorecard
    union all
    select month, user_id, 'introductions' as kpi,
        cast(introductions as {{ reporting_money_type() }}) as actual
    from scorecard
    union all
    select month, user_id, 'finished_sales' as kpi,
        cast(finished_sales as {{ reporting_money_type() }}) as actual
    from scorecard

),

compared as (

    select
        targets.month,
        targets.user_id,
        targets.kpi,
        targets.target,
        coalesce(actuals.actual, 0) as actual,
        actuals.actual is not null as has_scorecard_row,
        targets.updated_at as target_updated_at
    from targets
    left join actuals
        on targets.month = actuals.month
        and targets.user_id = actuals.user_id
        and targets.kpi = actuals.kpi

),

final as (

    select
        month,
        user_id,
        kpi,
        cast(target as {{ money_type() }}) as target,
        cast(actual as {{ reporting_money_type() }}) as actual,
        cast(actual as {{ type_double() }}) / nullif(cast(target as {{ type_double() }}), 0)
            as attainment,
        has_scorecard_row,
        target_updated_at
    from compared

)

select * from final
