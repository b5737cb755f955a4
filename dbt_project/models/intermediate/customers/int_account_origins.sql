{#- The origin of every account some lead was converted into (the "red thread" from lead
    generation to lifetime value): the lead converted into it first, with that lead's
    current channel and lead type and its campaign under first-touch attribution. Leads
    without a converted_at are not candidates; ties on converted_at go to the lowest
    lead_id. -#}
with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

lead_attribution as (

    select * from {{ ref('int_lead_attribution') }}

),

candidates as (

    select
        converted_account_id as account_id,
        lead_id,
        converted_at,
        channel,
        lead_type,
        row_number() over (
            partition by converted_account_id
            order by converted_at, lead_id
        ) as origin_rank,
        count(*) over (partition by converted_account_id) as converted_leads
    from leads
    where converted_account_id is not null
        and converted_at is not null

),

first_touch as (

    select
        lead_id,
        campaign_id
    from lead_attribution
    where attribution = 'first_touch'

),

final as (

    select
        candidates.account_id,
        candidates.lead_id as origin_lead_id,
        candidates.converted_at as origin_converted_at,
        candidates.channel as origin_channel,
        candidates.lead_type as origin_lead_type,
        first_touch.campaign_id as origin_campaign_id,
        candidates.converted_leads
    from candidates
    left join first_touch
        on candidates.lead_id = first_touch.lead_id
    where candidates.origin_rank = 1

)

select * from final
