with

introductions as (

    select * from {{ ref('int_introductions') }}

),

final as (

    select
        obtained_month as month,
        obtained_by_user_id,
        kind,
        cast(quality_class as {{ dbt.type_int() }}) as quality_class,
        cast(relevance_level as {{ dbt.type_int() }}) as relevance_level,
        count(*) as introductions,
        sum(weighted_value) as weighted_value,
        cast(sum(leads_created) as {{ dbt.type_bigint() }}) as leads_created,
        cast(sum(leads_won) as {{ dbt.type_bigint() }}) as leads_won,
        cast(sum(won_revenue_eur) as {{ reporting_money_type() }}) as won_revenue_eur
    from introductions
    group by obtained_month, obtained_by_user_id, kind, quality_class, relevance_level

)

select * from final
