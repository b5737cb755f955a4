with

campaigns as (

    select * from {{ ref('stg_marketing__campaigns') }}

),

ad_spend as (

    select * from {{ ref('stg_marketing__ad_spend') }}

),

attribution as (

    select * from {{ ref('int_lead_attribution') }}

),

lead_outcomes as (

    select * from {{ ref('int_lead_outcomes') }}

),

fx_rate_periods as (

    select * from {{ ref('int_fx_rate_periods') }}

),

as_of as (

    select * from {{ ref('int_run_as_of') }}

),

spend as (

    select
        ad_spend.campaign_id,
        cast(sum({{ to_reporting_currency('ad_spend.spend', 'fx') }}) as {{ reporting_money_type() }})
            as spend_eur
    from ad_spend
    left join fx_rate_periods as fx
        on {{ fx_rate_join('fx', 'ad_spend.currency', 'ad_spend.spend_date') }}
    group by ad_spend.campaign_id

),

attributed as (

    select
        attribution.campaign_id,
        attribution.attribution,
        count(*) as leads,
        cast(sum(case when lead_outcomes.mql_at is not null then 1 else 0 end)
            as {{ dbt.type_bigint() }}) as mqls,
        cast(sum(case when lead_outcomes.sal_at is not null then 1 else 0 end)
            as {{ dbt.type_bigint() }}) as sals,
        cast(sum(case when lead_outcomes.sql_at is not null then 1 else 0 end)
            as {{ dbt.type_bigint() }}) as sqls,
        cast(sum(lead_outcomes.opportunities) as {{ dbt.type_bigint() }}) as opportunities,
        cast(sum(lead_outcomes.won_opportunities) as {{ dbt.type_bigint() }}) as won_deals,
        cast(sum(lead_outcomes.booked_revenue_eur) as {{ reporting_money_type() }})
            as booked_revenue_eur,
        sum(case when lead_outcomes.won_opportunities > 0 then 1 else 0 end) as leads_with_won_deal
    from attribution
    inner join lead_outcomes
        on attribution.lead_id = lead_outcomes.lead_id
    where attribution.campaign_id is not null
    group by attribution.campaign_id, attribution.attribution

),

attributions as (

    select 'first_touch' as attribution union all
    select 'last_touch'

),

final as (

    select
        campaigns.campaign_id,
        attributions.attribution,
        campaigns.campaign_name,
        campaigns.channel,
        coalesce(spend.spend_eur, 0) as spend_eur,
        coalesce(attributed.leads, 0) as leads,
        coalesce(attributed.mqls, 0) as mqls,
        coalesce(attributed.sals, 0) as sals,
        coalesce(attributed.sqls, 0) as sqls,
        coalesce(attributed.opportunities, 0) as opportunities,
        coalesce(attributed.won_deals, 0) as won_deals,
        coalesce(attributed.booked_revenue_eur, 0) as booked_revenue_eur,
        cast(coalesce(spend.spend_eur, 0) / nullif(attributed.won_deals, 0) as {{ type_double() }})
            as cost_per_won_deal_eur,
        cast((coalesce(attributed.booked_revenue_eur, 0) - spend.spend_eur)
            / nullif(spend.spend_eur, 0) as {{ type_double() }}) as roi,
        {{ safe_share('attributed.leads_with_won_deal', 'attributed.leads') }} as lead_to_deal_share,
        as_of.as_of
    from campaigns
    cross join attributions
    cross join as_of
    left join spend
        on campaigns.campaign_id = spend.campaign_id
    left join attributed
        on campaigns.campaign_id = attributed.campaign_id
        and attributions.attribution = attributed.attribution

)

select * from final
