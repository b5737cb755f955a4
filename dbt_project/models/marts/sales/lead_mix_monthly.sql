with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

typed_leads as (

    -- leads qualified in the month whose current type is set
    select
        {{ month_of('qualified_at') }} as month,
        channel,
        owner_user_id,
        lead_type
    from leads
    where qualified_at is not null
        and lead_type is not null

),

counted as (

    select
        month,
        channel,
        owner_user_id,
        sum(case when lead_type = 1 then 1 else 0 end) as type1_leads,
        sum(case when lead_type = 2 then 1 else 0 end) as type2_leads,
        sum(case when lead_type = 3 then 1 else 0 end) as type3_leads,
        sum(case when lead_type = 4 then 1 else 0 end) as type4_leads
    from typed_leads
    group by month, channel, owner_user_id

),

final as (

    select
        month,
        channel,
        owner_user_id,
        type1_leads,
        type2_leads,
        type3_leads,
        type4_leads,
        type1_leads + type2_leads + type3_leads + type4_leads as typed_leads,
        type1_leads + type2_leads as qualified_leads,
        {{ safe_share('type1_leads + type2_leads',
            'type1_leads + type2_leads + type3_leads + type4_leads') }} as qualified_share,
        {{ safe_share('type2_leads',
            'type1_leads + type2_leads + type3_leads + type4_leads') }} as type2_share
    from counted

)

select * from final
