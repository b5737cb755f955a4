{#- One row per live lead with what became of it: its opportunities, whether one was won
    and their booked revenue, and its first sales contact (speed-to-lead). -#}
with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

opportunities as (

    select * from {{ ref('int_opportunities') }}

),

sales_contacts as (

    select * from {{ ref('int_sales_contacts') }}

),

lead_opportunities as (

    select
        lead_id,
        count(*) as opportunities,
        sum(case when outcome = 'won' then 1 else 0 end) as won_opportunities,
        sum(case when outcome = 'won' then amount_eur else 0 end) as booked_revenue_eur
    from opportunities
    where lead_id is not null
    group by lead_id

),

first_contacts as (

    select
        lead_id,
        min(occurred_at) as first_sales_contact_at
    from sales_contacts
    where lead_id is not null
    group by lead_id

),

final as (

    select
        leads.lead_id,
        leads.channel,
        leads.created_at,
        leads.mql_at,
        leads.sal_at,
        leads.sql_at,
        leads.rejected_at,
        leads.rejection_reason,
        coalesce(lead_opportunities.opportunities, 0) as opportunities,
        coalesce(lead_opportunities.won_opportunities, 0) as won_opportunities,
        coalesce(lead_opportunities.booked_revenue_eur, 0) as booked_revenue_eur,
        first_contacts.first_sales_contact_at,
        {{ minutes_between('leads.created_at', 'first_contacts.first_sales_contact_at') }}
            as speed_to_lead_minutes
    from leads
    left join lead_opportunities
        on leads.lead_id = lead_opportunities.lead_id
    left join first_contacts
        on leads.lead_id = first_contacts.lead_id

)

select * from final
