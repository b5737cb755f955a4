with

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

introductions as (

    select * from {{ ref('stg_crm__introductions') }}

),

introductions_per_opportunity as (

    select
        opportunity_id,
        count(*) as introductions
    from introductions
    where opportunity_id is not null
    group by opportunity_id

),

finished_sales as (

    select
        opportunities.closed_month as month,
        opportunities.owner_user_id as user_id,
        case when opportunities.outcome = 'won' then 1 else 0 end as is_won,
        coalesce(introductions_per_opportunity.introductions, 0) as introductions
    from opportunities
    left join introductions_per_opportunity
        on opportunities.opportunity_id = introductions_per_opportunity.opportunity_id
    where opportunities.outcome in ('won', 'lost')

),

final as (

    select
        month,
        user_id,
        count(*) as finished_sales,
        cast(sum(is_won) as {{ dbt.type_bigint() }}) as won_sales,
        cast(sum(introductions) as {{ dbt.type_bigint() }}) as introductions,
        cast(sum(introductions) as {{ type_double() }}) / count(*)
            as introductions_per_finished_sale,
        cast(sum(case when is_won = 0 and introductions = 0 then 1 else 0 end)
            as {{ dbt.type_bigint() }}) as empty_handed_sales,
        {{ safe_share('sum(case when is_won = 0 and introductions = 0 then 1 else 0 end)',
            'count(*)') }} as empty_handed_rate
    from finished_sales
    group by month, user_id

)

select * from final
