{#- How each seller is doing, per month: the figures of the lead mix, waste and
    introductions marts for the seller, beside the Type-2 close rate, booked revenue and
    speed-to-lead of the seller's own leads and opportunities. A slice exists where any of
    them has data for an owner; counts without data are 0 and rates null. -#}
with

lead_mix as (

    select * from {{ ref('lead_mix_monthly') }}

),

seller_waste as (

    select * from {{ ref('seller_waste_monthly') }}

),

seller_introductions as (

    select * from {{ ref('seller_introductions_monthly') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

lead_outcomes as (

    select * from {{ ref('int_lead_outcomes') }}

),

lead_mix_per_seller as (

    select
        month,
        owner_user_id as user_id,
        sum(qualified_leads) as qualified_leads,
        sum(typed_leads) as typed_leads
    from lead_mix
    where owner_user_id is not null
        and month is not null
    group by month, owner_user_id

),

waste_per_seller as (

    select
        month,
        user_id,
        activity_minutes,
        waste_minutes,
        waste_share
    from seller_waste
    where user_id is not null
        and month is not null

),

introductions_per_seller as (

    select
        month,
        user_id,
        finished_sales,
        won_sales,
        introductions,
        empty_handed_rate
    from seller_introductions
    where user_id is not null
        and month is not null

),

closed_sales as (

    -- lead_type 2 is the contract's Type-2 close rate (type2_ columns), the headline KPI
    select
        closed_month as month,
        owner_user_id as user_id,
        sum(case when lead_type = 2 then 1 else 0 end) as type2_finished,
        sum(case when lead_type = 2 and outcome = 'won' then 1 else 0 end) as type2_won,
        sum(case when outcome = 'won' then 1 else 0 end) as won_opportunities,
        sum(case when outcome = 'won' then amount_eur else 0 end) as booked_revenue_eur
    from opportunities
    where outcome in ('won', 'lost')
        and owner_user_id is not null
        and closed_month is not null
    group by closed_month, owner_user_id

),

assigned_leads as (

    select
        {{ month_of('leads.created_at') }} as month,
        leads.owner_user_id as user_id,
        count(*) as leads_assigned,
        sum(case when lead_outcomes.first_sales_contact_at is not null then 1 else 0 end)
            as leads_contacted,
        {{ median('lead_outcomes.speed_to_lead_minutes') }} as median_speed_to_lead_minutes,
        sum(case when lead_outcomes.speed_to_lead_minutes
            <= {{ var('speed_to_lead_target_minutes') }} then 1 else 0 end)
            as leads_contacted_in_target
    from leads
    inner join lead_outcomes
        on leads.lead_id = lead_outcomes.lead_id
    where leads.owner_user_id is not null
        and leads.created_at is not null
    group by {{ month_of('leads.created_at') }}, leads.owner_user_id

),

slices as (

    select month, user_id from lead_mix_per_seller
    union
    select month, user_id from waste_per_seller
    union
    select month, user_id from introductions_per_seller
    union
    select month, user_id from closed_sales
    where type2_finished > 0 or won_opportunities > 0
    union
    select month, user_id from assigned_leads

),

final as (

    select
        slices.month,
        slices.user_id,
        cast(coalesce(lead_mix_per_seller.qualified_leads, 0) as bigint) as qualified_leads,
        cast(coalesce(lead_mix_per_seller.typed_leads, 0) as bigint) as typed_leads,
        cast(coalesce(waste_per_seller.activity_minutes, 0) as {{ type_double() }})
            as activity_minutes,
        cast(waste_per_seller.waste_share as {{ type_double() }}) as waste_share,
        cast(coalesce(introductions_per_seller.finished_sales, 0) as bigint) as finished_sales,
        cast(coalesce(introductions_per_seller.won_sales, 0) as bigint) as won_sales,
        cast(coalesce(introductions_per_seller.introductions, 0) as bigint) as introductions,
        cast(introductions_per_seller.empty_handed_rate as {{ type_double() }})
            as empty_handed_rate,
        cast(coalesce(closed_sales.type2_finished, 0) as bigint) as type2_finished,
        cast(coalesce(closed_sales.type2_won, 0) as bigint) as type2_won,
        cast({{ safe_share('closed_sales.type2_won', 'closed_sales.type2_finished') }}
            as {{ type_double() }}) as type2_win_rate,
        cast(coalesce(closed_sales.booked_revenue_eur, 0) as {{ reporting_money_type() }})
            as booked_revenue_eur,
        cast(coalesce(assigned_leads.leads_assigned, 0) as bigint) as leads_assigned,
        cast(coalesce(assigned_leads.leads_contacted, 0) as bigint) as leads_contacted,
        cast(assigned_leads.median_speed_to_lead_minutes as {{ type_double() }})
            as median_speed_to_lead_minutes,
        cast({{ safe_share('assigned_leads.leads_contacted_in_target',
            'assigned_leads.leads_assigned') }} as {{ type_double() }})
            as contacted_in_target_share,
        cast(coalesce(waste_per_seller.waste_minutes, 0) as {{ type_double() }})
            as waste_minutes,
        cast(coalesce(assigned_leads.leads_contacted_in_target, 0) as bigint)
            as leads_contacted_in_target
    from slices
    left join lead_mix_per_seller
        on slices.month = lead_mix_per_seller.month
        and slices.user_id = lead_mix_per_seller.user_id
    left join waste_per_seller
        on slices.month = waste_per_seller.month
        and slices.user_id = waste_per_seller.user_id
    left join introductions_per_seller
        on slices.month = introductions_per_seller.month
        and slices.user_id = introductions_per_seller.user_id
    left join closed_sales
        on slices.month = closed_sales.month
        and slices.user_id = closed_sales.user_id
    left join assigned_leads
        on slices.month = assigned_leads.month
        and slices.user_id = assigned_leads.user_id

)

select * from final
