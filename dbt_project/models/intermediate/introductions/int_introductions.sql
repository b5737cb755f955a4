{#- Every introduction with its value weight (quality weight x relevance weight, seeds), the
    account that gave it (directly, or through one of its contacts; never through a lead),
    and what became of it: the leads it created and whether they were won. -#}
with

introductions as (

    select * from {{ ref('stg_crm__introductions') }}

),

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

opportunities as (

    select * from {{ ref('int_opportunities') }}

),

quality_weights as (

    select * from {{ ref('introduction_quality_weights') }}

),

relevance_weights as (

    select * from {{ ref('introduction_relevance_weights') }}

),

lead_outcomes as (

    select
        leads.introduction_id,
        leads.lead_id,
        max(case when opportunities.outcome = 'won' then 1 else 0 end) as is_won,
        sum(case when opportunities.outcome = 'won' then opportunities.amount_eur else 0 end)
            as won_revenue_eur
    from leads
    left join opportunities
        on leads.lead_id = opportunities.lead_id
    where leads.introduction_id is not null
    group by leads.introduction_id, leads.lead_id

),

outcomes as (

    select
        introduction_id,
        count(*) as leads_created,
        sum(is_won) as leads_won,
        sum(won_revenue_eur) as won_revenue_eur
    from lead_outcomes
    group by introduction_id

),

final as (

    select
        introductions.introduction_id,
        introductions.obtained_by_user_id,
        introductions.opportunity_id,
        introductions.kind,
        introductions.quality_class,
        introductions.relevance_level,
        introductions.obtained_at,
        {{ month_of('introductions.obtained_at') }} as obtained_month,
        introductions.from_account_id,
        introductions.from_contact_id,
        introductions.from_lead_id,
        coalesce(introductions.from_account_id, contacts.account_id) as giver_account_id,
        cast(quality_weights.weight * relevance_weights.weight as {{ type_double() }})
            as weighted_value,
        coalesce(outcomes.leads_created, 0) as leads_created,
        coalesce(outcomes.leads_won, 0) as leads_won,
        coalesce(outcomes.won_revenue_eur, 0) as won_revenue_eur
    from introductions
    left join contacts
        on introductions.from_contact_id = contacts.contact_id
    left join quality_weights
        on introductions.quality_class = quality_weights.quality_class
    left join relevance_weights
        on introductions.relevance_level = relevance_weights.relevance_level
    left join outcomes
        on introductions.introduction_id = outcomes.introduction_id

)

select * from final
