with

introductions as (

    select * from {{ ref('int_introductions') }}

),

final as (

    select
        obtained_month as month,
        obtained_by_user_id,
        kind,
        quality_class,
        relevance_level,
        count(*) as introductions,
        sum(weighted_value) as weighted_value,
        sum(leads_created) as leads_created,
        sum(leads_won) as leads_won,
        sum(won_revenue_eur) as won_revenue_eur
    from introductions
    group by obtained_month, obtained_by_user_id, kind, quality_class, relevance_level

)

select * from final
