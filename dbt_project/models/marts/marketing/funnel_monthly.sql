with

lead_outcomes as (

    select * from {{ ref('int_lead_outcomes') }}

),

final as (

    select
        {{ month_of('created_at') }} as month,
        channel,
        count(*) as leads,
        cast(sum(case when mql_at is not null then 1 else 0 end)
            as {{ dbt.type_bigint() }}) as mqls,
        cast(sum(case when sal_at is not null then 1 else 0 end)
            as {{ dbt.type_bigint() }}) as sals,
        cast(sum(case when rejected_at is not null then 1 else 0 end)
            as {{ dbt.type_bigint() }}) as rejected,
        cast(sum(case when sql_at is not null then 1 else 0 end)
            as {{ dbt.type_bigint() }}) as sqls,
        {{ safe_share('sum(case when mql_at is not null and sal_at is not null then 1 else 0 end)',
            'sum(case when mql_at is not null then 1 else 0 end)') }} as sal_acceptance_rate,
        {{ median('speed_to_lead_minutes') }} as median_speed_to_lead_minutes,
        cast(sum(case when speed_to_lead_minutes is not null then 1 else 0 end)
            as {{ dbt.type_bigint() }}) as leads_contacted,
        cast(sum(case when mql_at is not null and sal_at is not null then 1 else 0 end)
            as {{ dbt.type_bigint() }}) as accepted_mqls
    from lead_outcomes
    group by {{ month_of('created_at') }}, channel

)

select * from final
