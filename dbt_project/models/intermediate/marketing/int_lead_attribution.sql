{#- One row per (lead, attribution model): the campaign a lead is attributed to under
    first-touch and last-touch. A lead belongs to the campaign of its first (last)
    touchpoint carrying its lead_id at or before its created_at, or else to
    leads.campaign_id, or else to no campaign (null). Ties on time go to the lower
    (first touch) or higher (last touch) touchpoint_id. -#}
with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

touchpoints as (

    select * from {{ ref('stg_marketing__touchpoints') }}

),

eligible_touches as (

    select
        touchpoints.lead_id,
        touchpoints.campaign_id,
        row_number() over (
            partition by touchpoints.lead_id
            order by touchpoints.occurred_at, touchpoints.touchpoint_id
        ) as first_rank,
        row_number() over (
            partition by touchpoints.lead_id
            order by touchpoints.occurred_at desc, touchpoints.touchpoint_id desc
        ) as last_rank
    from touchpoints
    inner join leads
        on touchpoints.lead_id = leads.lead_id
    where touchpoints.occurred_at <= leads.created_at

),

attributions as (

    select 'first_touch' as attribution, 1 as is_first union all
    select 'last_touch', 0

),

final as (

    select
        leads.lead_id,
        attributions.attribution,
        coalesce(touch.campaign_id, leads.campaign_id) as campaign_id,
        case
            when touch.campaign_id is not null then 'touchpoint'
            when leads.campaign_id is not null then 'lead_campaign'
            else 'none'
        end as attributed_by
    from leads
    cross join attributions
    left join eligible_touches as touch
        on leads.lead_id = touch.lead_id
        and ((attributions.is_first = 1 and touch.first_rank = 1)
            or (attributions.is_first = 0 and touch.last_rank = 1))

)

select * from final
